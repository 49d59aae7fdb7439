package rules_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestRecursionIsOneShortFinding lints charts whose templates call
// themselves without end: each gives one template-render finding naming
// the cycle of calls, at the call that closes it, while helm lint's text
// (Helm's 100 KB message for includes) is kept for --format helm.
func TestRecursionIsOneShortFinding(t *testing.T) {
	tests := []struct {
		name, template, values string
		want, wantAt, helmText string
	}{
		{"self include", `{{ define "a" }}{{ include "a" . }}{{ end }}k: {{ include "a" . }}`, "",
			"rendering c/templates/cm.yaml calls itself without end: a → a", "templates/cm.yaml:1", "rendering template has a nested reference name: a: unable to execute template"},
		{"mutual include", "{{ define \"a\" }}{{ include \"b\" . }}{{ end }}\n{{ define \"b\" }}{{ include \"a\" . }}{{ end }}\nk: {{ include \"a\" . }}", "",
			"rendering c/templates/cm.yaml calls itself without end: a → b → a", "templates/cm.yaml:2", "rendering template has a nested reference name: a: unable to execute template"},
		{"tpl", "k: 1\nv: {{ tpl .Values.self . }}", `self: "{{ tpl .Values.self . }}"`,
			`rendering c/templates/cm.yaml calls itself without end: tpl "{{ tpl .Values.self . }}" → tpl "{{ tpl .Values.self . }}"`, "templates/cm.yaml:2", `error calling tpl: more than 3000 include and tpl calls nested: a template calls itself without end: tpl "{{ tpl .Values.self . }}" → tpl "{{ tpl .Values.self . }}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"Chart.yaml":        {Data: []byte("apiVersion: v2\nname: c\nversion: 1.0.0\n")},
				"values.yaml":       {Data: []byte(tt.values)},
				"templates/cm.yaml": {Data: []byte(tt.template)},
			}
			res := lintMapFS(t, fsys, lint.Options{Rules: rules.All()})
			var found []lint.Finding
			for _, f := range res.Findings {
				if f.Rule == "template-render" {
					found = append(found, f)
				}
			}
			if len(found) != 1 {
				t.Fatalf("%d template-render findings, want 1: %v", len(found), found)
			}
			f := found[0]
			if f.Message != tt.want {
				t.Errorf("message %.300q, want %q", f.Message, tt.want)
			}
			if at := fmt.Sprintf("%s:%d", f.Path, f.Position().Line); at != tt.wantAt {
				t.Errorf("at %s, want %s", at, tt.wantAt)
			}
			if f.Helm == nil || !strings.HasSuffix(f.HelmText(), tt.helmText) {
				t.Errorf("helm lint's text %.300q, want it to end with %q", f.HelmText(), tt.helmText)
			}
		})
	}
}

// lintMapFS loads the chart in fsys, which must load, and lints it as c.
func lintMapFS(t *testing.T, fsys fstest.MapFS, opts lint.Options) *lint.Result {
	t.Helper()
	c, err := chart.LoadDir(fsys, chart.Options{FirstValuesDocument: opts.Helm3})
	if err != nil {
		t.Fatal(err)
	}
	res, err := lint.RunChart(context.Background(), lint.Target{Path: "c", Dir: "/c", FS: fsys, Chart: c}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
