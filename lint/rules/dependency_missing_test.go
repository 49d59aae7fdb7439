package rules_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lint"
)

// TestMissingDependencyHoldsBackUnknowns lints a chart whose library
// dependency is not under charts/ (a checkout before helm dependency
// build): dependency-missing says that its templates cannot be checked,
// in chartwright's words only, and neither the helper it includes nor the
// value handed to it is reported; with the library present, the helper it
// does not define and the value nothing reads are.
func TestMissingDependencyHoldsBackUnknowns(t *testing.T) {
	files := map[string]string{
		"Chart.yaml":        "apiVersion: v2\nname: fx\nversion: 0.1.0\ndependencies:\n  - name: common\n    version: 1.x.x\n    repository: oci://example.com/charts\n",
		"values.yaml":       "commonLabels: {}\n",
		"templates/cm.yaml": "{{- if false }}\nlabels: {{ include \"common.labels\" (dict \"value\" .Values.commonLabels) }}\n{{- end }}\n",
	}
	res := lintFx(t, files, lint.Options{})
	if got := rulesOf(res, "values-unused", "template-unknown-include"); len(got) != 0 {
		t.Errorf("reported with common missing: %q", got)
	}
	var missing []lint.Finding
	for _, f := range res.Findings {
		if f.Rule == "dependency-missing" {
			missing = append(missing, f)
		}
	}
	if len(missing) != 1 {
		t.Fatalf("%d dependency-missing findings, want 1", len(missing))
	}
	if m := missing[0]; !strings.Contains(m.Message, "helm dependency build") || m.HelmText() != "chart directory is missing these dependencies: common" {
		t.Errorf("message %q, helm text %q: want chartwright's to say the templates wait for helm dependency build, Helm's unchanged", m.Message, m.HelmText())
	}

	files["charts/common/Chart.yaml"] = "apiVersion: v2\nname: common\nversion: 1.0.0\ntype: library\n"
	want := []string{"templates/cm.yaml:2 template-unknown-include", "values.yaml:1 values-unused"}
	if got := rulesOf(lintFx(t, files, lint.Options{}), "values-unused", "template-unknown-include"); !slices.Equal(got, want) {
		t.Errorf("with common present: %q, want %q", got, want)
	}
}

// TestNestedMissingDependencyHoldsBackItsValues lints a chart whose
// subchart lacks its own dependency: the values of that subchart and the
// globals, which the missing chart may read, are not reported unused, nor
// is an include of a name no chart present defines, as the missing chart
// may define any; the root's other unread keys are reported.
func TestNestedMissingDependencyHoldsBackItsValues(t *testing.T) {
	files := map[string]string{
		"Chart.yaml":                  "apiVersion: v2\nname: fx\nversion: 0.1.0\ndependencies:\n  - name: mid\n    version: 0.1.0\n",
		"values.yaml":                 "global:\n  registry: r\nmid:\n  port: 1\nother: 2\n",
		"templates/cm.yaml":           "{{- if false }}{{ include \"leaf.name\" . }}{{ end }}\n",
		"charts/mid/Chart.yaml":       "apiVersion: v2\nname: mid\nversion: 0.1.0\ndependencies:\n  - name: leaf\n    version: 1.0.0\n    repository: https://example.com/charts\n",
		"charts/mid/templates/a.yaml": "a: 1\n",
	}
	want := []string{"values.yaml:5 values-unused"}
	if got := rulesOf(lintFx(t, files, lint.Options{}), "values-unused", "template-unknown-include"); !slices.Equal(got, want) {
		t.Errorf("leaf missing: %q, want %q", got, want)
	}
}
