package rules_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/testfs"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/report"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestHelmRepeatsOnlyInHelmFormat lints the fixtures where helm lint
// reports one problem by several messages: chartwright's findings hold it
// once, and --format helm still prints every message of Helm's.
func TestHelmRepeatsOnlyInHelmFormat(t *testing.T) {
	tests := []struct{ fixture, helm string }{
		{"values-yaml-parse", `==> Linting chart
[ERROR] values.yaml: unable to parse YAML: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'
[ERROR] templates/: cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'
[ERROR] : unable to load chart
	cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'

`},
		{"values-schema", `==> Linting chart
[ERROR] values.yaml: - at '/name': got string, want integer

[ERROR] templates/: values don't meet the specifications of the schema(s) in the following chart(s):
fx:
- at '/name': got string, want integer


`},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "lint", tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			res := lintFixture(t, dir, rules.All())
			if len(res.Findings) != 1 || len(res.HelmRepeats) == 0 {
				t.Errorf("%d findings and %d of Helm's repeats, want 1 and some", len(res.Findings), len(res.HelmRepeats))
			}
			helm, _ := report.Lookup("helm")
			var out bytes.Buffer
			if err := helm.New(report.Options{}).Report(&out, []*lint.Result{res}); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.helm {
				t.Errorf("--format helm printed\n%s\nwant\n%s", out.String(), tt.helm)
			}
		})
	}
}

// TestHeadDecodeErrorIsOneFinding renders manifests whose head (apiVersion,
// kind, metadata, its name and namespace) Helm's decoding rejects: the
// problem is one manifest-yaml finding, with Helm's text, at the field's
// line, not also a manifest-schema finding there; in Helm mode too.
func TestHeadDecodeErrorIsOneFinding(t *testing.T) {
	tests := []struct {
		name, manifest string
		line           int
	}{
		{"metadata list", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  - name: x\n", 3},
		{"name list", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x]\n", 4},
		{"namespace object", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: {a: 1}\n", 5},
		{"apiVersion list", "kind: ConfigMap\napiVersion: [v1]\nmetadata:\n  name: x\n", 2},
	}
	for _, tt := range tests {
		for _, helm3 := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/helm3=%v", tt.name, helm3), func(t *testing.T) {
				res := lintFx(t, map[string]string{"templates/cm.yaml": tt.manifest}, lint.Options{Helm3: helm3})
				errs := findingLines(res, lint.Error, false)
				want := fmt.Sprintf("templates/cm.yaml:%d manifest-yaml", tt.line)
				if len(errs) != 1 || errs[0] != want {
					t.Errorf("errors %q, want only %q", errs, want)
				}
			})
		}
	}
}

// TestNilPointerReadIsOneFinding renders a template that fails on a read of
// an undefined values path: the render error is the finding, not also a
// values-undefined warning that the value "renders as empty"; other
// undefined reads are still reported.
func TestNilPointerReadIsOneFinding(t *testing.T) {
	res := lintFx(t, map[string]string{
		"values.yaml":       "name: x\n",
		"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\ndata:\n  a: {{ .Values.nothing.here }}\n  b: {{ .Values.other }}\n",
	}, lint.Options{})
	got := findingLines(res, lint.Warning, false)
	want := []string{"templates/cm.yaml:6 template-render", "templates/cm.yaml:7 values-undefined"} // .Values.other is a problem of its own
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings %q, want %q", got, want)
	}
}

// TestTabThatBreaksYAMLIsOneFinding renders a tab-indented line that the
// YAML parser rejects: one manifest-yaml error at the line, naming the tab,
// not also a manifest-tabs warning there; --format helm keeps Helm's text.
func TestTabThatBreaksYAMLIsOneFinding(t *testing.T) {
	res := lintFx(t, map[string]string{"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fx\ndata:\n\tkey: value\n"}, lint.Options{})
	got := findingLines(res, lint.Warning, true)
	const helmText = "unable to parse YAML: error converting YAML to JSON: yaml: line 6: found character that cannot start any token"
	want := fmt.Sprint([]string{"templates/cm.yaml:6 manifest-yaml " + helmText + "; the line is indented with a tab character, and YAML allows only spaces in indentation"})
	if fmt.Sprint(got) != want {
		t.Errorf("findings\n%s\nwant\n%s", got, want)
	}
	helm, _ := report.Lookup("helm")
	var out bytes.Buffer
	if err := helm.New(report.Options{}).Report(&out, []*lint.Result{res}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "[ERROR] templates/cm.yaml: "+helmText+"\n") {
		t.Errorf("--format helm printed\n%s\nwant Helm's text", out.String())
	}
}

// lintFx lints a chart named fx made of Chart.yaml and the files given
// (paths in the chart), with every rule unless opts names some.
func lintFx(t *testing.T, files map[string]string, opts lint.Options) *lint.Result {
	t.Helper()
	tree := map[string]string{"fx/Chart.yaml": "apiVersion: v2\nname: fx\nversion: 0.1.0\n"}
	for name, content := range files {
		tree["fx/"+name] = content
	}
	dir := testfs.Write(t, t.TempDir(), tree)
	if opts.Rules == nil {
		opts.Rules = rules.All()
	}
	res, err := lint.Run(context.Background(), filepath.Join(dir, "fx"), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// findingLines describes the findings at least as severe as min as
// "path:line rule", and the message too if asked.
func findingLines(res *lint.Result, min lint.Severity, message bool) []string {
	var out []string
	for _, f := range res.Findings {
		if f.Severity < min {
			continue
		}
		d := fmt.Sprintf("%s:%d %s", f.Path, f.Position().Line, f.Rule)
		if message {
			d += " " + f.Message
		}
		out = append(out, d)
	}
	return out
}

// rulesOf lists the findings of the rules as "path:line rule".
func rulesOf(res *lint.Result, rules ...string) []string {
	return slices.DeleteFunc(findingLines(res, lint.Info, false), func(f string) bool {
		return !slices.ContainsFunc(rules, func(r string) bool { return hasRule(f, r) })
	})
}

// hasRule reports whether a finding line names the rule.
func hasRule(line, rule string) bool {
	return strings.HasSuffix(line, " "+rule)
}

// A load that fails for a field no rule reports at its line is chart-load's
// finding: a chart named "." (Helm refuses it; chart-name lets it pass).
func TestLoadErrorNoRuleReports(t *testing.T) {
	dir := writeChart(t, map[string]string{"Chart.yaml": "apiVersion: v2\nname: .\nversion: 0.1.0\n"})
	res, err := lint.Run(context.Background(), dir, lint.Options{Rules: rules.All()})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, string(f.Rule))
	}
	if !slices.Contains(got, "chart-load") || slices.Contains(got, "chart-name") {
		t.Errorf("rules %q, want chart-load's and not chart-name's", got)
	}
}
