package rules_test

import (
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lint"
)

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
	if got := rulesOf(lintFx(t, files("library"), lint.Options{}), "values-unused"); len(got) != 0 { // no template includes the helper
		t.Errorf("library chart: %q, want nothing", got)
	}
	if got, want := rulesOf(lintFx(t, app, lint.Options{}), "values-unused"), []string{"values.yaml:2 values-unused"}; !slices.Equal(got, want) {
		t.Errorf("application chart: %q, want %q", got, want)
	}
}
