package rules_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/internal/testfs"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestValuesUndefinedGuards lints small charts that read .Values.opt,
// which no values file sets, and checks where values-undefined fires: not
// where the template copes with an undefined value (a guard around or in
// the read, a test of the path anywhere else in the same file) or where
// the chart declares the value (values.yaml, a comment there, the schema).
func TestValuesUndefinedGuards(t *testing.T) {
	const read = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  opt: {{ .Values.opt | quote }}\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string // file:line of each finding
	}{
		{"unguarded", map[string]string{"templates/a.yaml": read}, []string{"templates/a.yaml:6"}},
		{"checked later in the same file", map[string]string{
			"templates/a.yaml": read + "---\n{{- if .Values.opt }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n{{- end }}\n",
		}, nil},
		{"checked earlier in the same file", map[string]string{
			"templates/a.yaml": "{{- with .Values.opt }}{{ end }}\n" + read,
		}, nil},
		{"checked in another file only", map[string]string{
			"templates/a.yaml": read,
			"templates/b.yaml": "{{- if .Values.opt }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n{{- end }}\n",
		}, []string{"templates/a.yaml:6"}},
		{"inside if", map[string]string{
			"templates/a.yaml": "{{- if .Values.opt }}\n" + read + "{{- end }}\n",
		}, nil},
		{"with default", map[string]string{
			"templates/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  opt: {{ .Values.opt | default \"x\" | quote }}\n",
		}, nil},
		{"set in values.yaml", map[string]string{"templates/a.yaml": read, "values.yaml": "opt: x\n"}, nil},
		{"null in values.yaml", map[string]string{"templates/a.yaml": read, "values.yaml": "opt: null\n"}, nil},
		{"documented in values.yaml", map[string]string{"templates/a.yaml": read, "values.yaml": "# opt: x\n"}, nil},
		{"another comment in values.yaml", map[string]string{"templates/a.yaml": read, "values.yaml": "# no options\n"}, []string{"templates/a.yaml:6"}},
		{"declared by the schema", map[string]string{
			"templates/a.yaml":   read,
			"values.schema.json": `{"type": "object", "properties": {"opt": {"type": "string"}}}`,
		}, nil},
		{"not declared by the schema", map[string]string{
			"templates/a.yaml":   read,
			"values.schema.json": `{"type": "object", "properties": {"other": {"type": "string"}}}`,
		}, []string{"templates/a.yaml:6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeChart(t, tt.files)
			res, err := lint.Run(context.Background(), dir, lint.Options{Rules: rules.All()})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				if f.Rule == "values-undefined" {
					got = append(got, fmt.Sprintf("%s:%d", f.Path, f.Position().Line))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("values-undefined at %q, want %q", got, tt.want)
			}
		})
	}
}

// writeChart writes a chart named fx with the files given (Chart.yaml and
// an empty values.yaml unless given) into a temporary directory.
func writeChart(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "fx")
	all := map[string]string{"Chart.yaml": "apiVersion: v2\nname: fx\nversion: 0.1.0\n", "values.yaml": ""}
	for name, content := range files {
		all[name] = content
	}
	testfs.Write(t, dir, all)
	return dir
}
