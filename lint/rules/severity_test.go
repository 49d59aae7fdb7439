package rules_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestRequiredAsksForInput lints a chart whose template calls required and
// fail: with the chart's defaults only, a failing required is the chart
// asking for input (a warning); with values the user gave, a failing
// required or fail means the install fails (an error).
func TestRequiredAsksForInput(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "charts", "asks-input")
	tests := []struct {
		name string
		sets []lint.ValuesSet
		want []string
	}{
		// values-required-without-default names the empty value; template-render
		// leaves that firing to it (one problem, one finding).
		{"defaults only", nil, []string{"templates/configmap.yaml:6 warning values-required-without-default [default]"}},
		{"user values without host", []lint.ValuesSet{{Name: "ci/a-values.yaml", Values: map[string]any{"other": 1}}},
			[]string{"templates/configmap.yaml:6 error template-render [ci/a-values.yaml]"}},
		{"user values failing fail", []lint.ValuesSet{{Name: "-f x.yaml", Values: map[string]any{"host": "bad"}}},
			[]string{"templates/configmap.yaml:8 error template-render [-f x.yaml]"}},
		{"user values that pass", []lint.ValuesSet{{Name: "-f x.yaml", Values: map[string]any{"host": "example.com"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := lint.Run(context.Background(), dir, lint.Options{Rules: rules.All(), ValuesSets: tt.sets})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, fmt.Sprintf("%s:%d %s %s %v", f.Path, f.Position().Line, f.Severity, f.Rule, f.ValuesSets))
				if f.Helm != nil && f.Helm.Severity != lint.Error {
					t.Errorf("helm lint's severity of %s is %s, want error", f.Rule, f.Helm.Severity)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFailWithDefaultsAsksForInput lints a chart whose template calls fail
// unless a value is set: with the chart's defaults only that is the chart
// asking for input (a warning); with values the user gave that still do
// not set it, the install fails (an error). The fail is on the first line,
// before any literal text, and the finding is there all the same.
func TestFailWithDefaultsAsksForInput(t *testing.T) {
	files := map[string]string{
		"values.yaml":       "accept: false\nother: 1\n",
		"templates/cm.yaml": "{{ if not .Values.accept }}{{ fail \"set accept to true\" }}{{ end }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fx\ndata:\n  other: {{ .Values.other | quote }}\n",
	}
	for _, tt := range []struct {
		name string
		sets []lint.ValuesSet
		want lint.Severity
	}{
		{"defaults only", nil, lint.Warning},
		{"user values", []lint.ValuesSet{{Name: "-f x.yaml", Values: map[string]any{"other": 2}}}, lint.Error},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := lintFx(t, files, lint.Options{ValuesSets: tt.sets})
			var got []string
			for _, f := range res.Findings {
				if f.Rule == "template-render" {
					got = append(got, fmt.Sprintf("%s:%d %s", f.Path, f.Position().Line, f.Severity))
				}
			}
			if want := []string{fmt.Sprintf("templates/cm.yaml:1 %s", tt.want)}; !slices.Equal(got, want) {
				t.Errorf("template-render findings %q, want %q", got, want)
			}
		})
	}
}

// TestValuesThatStopTheRender: values that stop Helm before the templates
// run (a subchart's values that are no table) make helm template and install
// fail, while helm lint says nothing: an error of chartwright's at
// Chart.yaml, and nothing for --format helm.
func TestValuesThatStopTheRender(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "charts", "rt-deps")
	for _, helm3 := range []bool{false, true} {
		sets := []lint.ValuesSet{{Name: "--set back=5", Values: map[string]any{"back": int64(5)}}}
		res, err := lint.Run(context.Background(), dir, lint.Options{Rules: rules.All(), ValuesSets: sets, Helm3: helm3})
		if err != nil {
			t.Fatal(err)
		}
		var found []lint.Finding
		for _, f := range res.Findings {
			if f.Rule == "template-render" {
				found = append(found, f)
			}
		}
		if len(found) != 1 {
			t.Fatalf("helm3=%v: template-render findings %v, want one", helm3, found)
		}
		f := found[0]
		if f.Severity != lint.Error || f.Path != "Chart.yaml" || f.Position().Line != 1 || f.Helm != nil ||
			!strings.Contains(f.Message, "type mismatch on back") {
			t.Errorf("helm3=%v: %s:%d %s %q (helm %v)", helm3, f.Path, f.Position().Line, f.Severity, f.Message, f.Helm)
		}
	}
}
