package rules_test

import (
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lint"
)

// unusedValues lints the chart fx made of the files given and returns its
// values-unused findings as "path:line rule".
func unusedValues(t *testing.T, files map[string]string) []string {
	t.Helper()
	return slices.DeleteFunc(findingLines(lintFx(t, files, lint.Options{}), lint.Info, false), func(f string) bool {
		return !hasRule(f, "values-unused")
	})
}

// hasRule reports whether a finding line names the rule.
func hasRule(line, rule string) bool {
	return len(line) > len(rule) && line[len(line)-len(rule)-1:] == " "+rule
}

// TestLibraryValuesAreItsInterface lints a library chart whose helpers
// read its values: they are the defaults its consumers' templates read
// through the helpers, not unused; in an application chart whose
// template includes the helper, the key it does not read is reported.
func TestLibraryValuesAreItsInterface(t *testing.T) {
	files := func(chartType string) map[string]string {
		return map[string]string{
			"Chart.yaml":       "apiVersion: v2\nname: fx\nversion: 0.1.0\ntype: " + chartType + "\n",
			"values.yaml":      "replicaCount: 1\nnobody: 2\n",
			"templates/_d.tpl": "{{- define \"fx.replicas\" }}{{ .Values.replicaCount }}{{ end }}\n",
		}
	}
	app := files("application")
	app["templates/cm.yaml"] = "replicas: {{ include \"fx.replicas\" . }}\n"
	if got := unusedValues(t, files("library")); len(got) != 0 { // no template includes the helper
		t.Errorf("library chart: %q, want nothing", got)
	}
	if got, want := unusedValues(t, app), []string{"values.yaml:2 values-unused"}; !slices.Equal(got, want) {
		t.Errorf("application chart: %q, want %q", got, want)
	}
}
