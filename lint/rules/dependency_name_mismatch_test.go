package rules_test

import (
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lint"
)

// TestSubchartFolderNamedOtherwise lints subcharts whose folder is not
// their name: only the one whose entry has no repository is reported, as
// helm dependency update looks for it in charts/<name> and fails; a
// file:// entry finds its chart at its path, a downloaded one ignores
// folders, an unlisted one is no entry's, and a chart also present in
// charts/<name> is found there.
func TestSubchartFolderNamedOtherwise(t *testing.T) {
	sub := func(name string) string { return "apiVersion: v2\nname: " + name + "\nversion: 1.0.0\n" }
	files := map[string]string{
		"Chart.yaml": `apiVersion: v2
name: fx
version: 0.1.0
dependencies:
  - name: database
    version: 1.0.0
  - name: operator-chart
    alias: operator
    version: 1.0.0
    repository: file://charts/operator
  - name: common
    version: 1.0.0
    repository: https://example.com/charts
  - name: cache
    version: 1.0.0
`,
		"charts/db/Chart.yaml":              sub("database"),
		"charts/operator/Chart.yaml":        sub("operator-chart"),
		"charts/common-vendored/Chart.yaml": sub("common"),
		"charts/extra/Chart.yaml":           sub("unlisted"),
		"charts/cache/Chart.yaml":           sub("cache"),
		"charts/cache-copy/Chart.yaml":      sub("cache"),
		"templates/cm.yaml":                 "a: 1\n",
	}
	want := []string{"charts/db/Chart.yaml:2 dependency-name-mismatch"}
	if got := rulesOf(lintFx(t, files, lint.Options{}), "dependency-name-mismatch"); !slices.Equal(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
}
