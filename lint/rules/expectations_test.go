package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// expected are the findings each fixture of testdata/lint must give, as
// "file:line severity rule" ("file severity rule" for a finding without a
// line, "- severity rule" for one about the chart as a whole), written by
// reading the fixture, independently of its goldens: -update rewrites the
// goldens, never this table, so a changed verdict cannot be blessed
// unnoticed. Comments mark verdicts that are doubtful.
var expected = map[string][]string{
	"chart-api-version":      {"Chart.yaml:1 error chart-api-version"},
	"chart-app-version-type": {"Chart.yaml:5 error chart-app-version-type"},
	"chart-dependencies-api-version": {
		"Chart.yaml:5 error chart-dependencies-api-version",
		"Chart.yaml:5 warning dependency-missing", // charts/ lacks sub
	},
	"chart-icon":     {"Chart.yaml:1 info chart-icon"},
	"chart-icon-url": {"Chart.yaml:4 error chart-icon-url"},
	// Version 1.2.3.4 stops the load (reported twice, as helm lint does);
	// the metadata rules still read Chart.yaml.
	"chart-load": {
		"- error chart-load", "templates error chart-load",
		"Chart.yaml:3 error chart-version-semver", "Chart.yaml:3 warning chart-version-semver-v2",
	},
	"chart-maintainers":      {"Chart.yaml:5 error chart-maintainers"}, // the key; the entry without a name is line 6
	"chart-name":             {"- error chart-load", "templates error chart-load", "Chart.yaml:2 error chart-name"},
	"chart-sources":          {"Chart.yaml:5 error chart-sources"}, // the key; the bad URL is line 6
	"chart-type-api-version": {"Chart.yaml:5 error chart-type-api-version"},
	"chart-version-semver": {
		"- error chart-load", "templates error chart-load",
		"Chart.yaml:3 error chart-version-semver", "Chart.yaml:3 warning chart-version-semver-v2",
	},
	"chart-version-semver-v2": {"Chart.yaml:3 warning chart-version-semver-v2"},
	// version: 1.0 is a number, and reads as "1".
	"chart-version-type": {"Chart.yaml:3 error chart-version-type", "Chart.yaml:3 warning chart-version-semver-v2"},
	"chart-yaml-parse":   {"Chart.yaml:3 error chart-yaml-parse"}, // helm lint repeats it as two chart-load messages: --format helm only
	// Doubtful position: the unknown key "descriptoin" is on line 5; the
	// strict decoder's error names no line.
	"chart-yaml-strict": {"Chart.yaml:1 warning chart-yaml-strict"},
	"crd-api-version":   {"crds/widgets.yaml:1 error crd-api-version"},
	"crd-dir":           {"crds error crd-dir"},
	"crd-kind":          {"crds/cm.yaml:2 error crd-kind"},
	// Doubtful position: the template action is on line 4; the YAML error
	// ("invalid map key") names no line.
	"crd-yaml": {"crds/widgets.yaml:1 error crd-yaml"},
	// Loading rejects the duplicate first (the rule is unreachable).
	"dependency-duplicate":       {"- error chart-load", "templates error chart-load"},
	"dependency-missing":         {"Chart.yaml:5 warning dependency-missing"},
	"dependency-not-in-metadata": {"Chart.yaml:1 error dependency-not-in-metadata"},
	// A warning as in helm lint, although Kubernetes 1.37, the default
	// target, no longer serves batch/v1beta1.
	"manifest-deprecated-api":  {"templates/cronjob.yaml:1 warning manifest-deprecated-api"},
	"manifest-duplicate-key":   {"templates/cm.yaml:7 warning manifest-duplicate-key", "values.yaml:1 info values-unused"},
	"manifest-list-annotation": {"templates/list.yaml:2 error manifest-list-annotation"},
	"manifest-name":            {"templates/cm.yaml:4 warning manifest-name", "values.yaml:1 info values-unused"},
	"manifest-schema":          {"templates/deploy.yaml:15 error manifest-schema"},
	"manifest-selector":        {"templates/deploy.yaml:2 error manifest-selector", "templates/deploy.yaml:5 error manifest-schema"},
	"manifest-tabs": {
		"templates/cm.yaml:6 warning manifest-tabs", "templates/cm.yaml:6 error manifest-yaml",
		"values.yaml:1 info values-unused",
	},
	"manifest-unknown-kind": {"templates/widget.yaml:2 info manifest-unknown-kind"},
	"manifest-yaml":         {"templates/cm.yaml:5 error manifest-yaml", "values.yaml:1 info values-unused"},
	// kubeVersion excludes every target and charts/ lacks the dependency:
	// helm lint renders and checks the templates all the same.
	"render-anyway": {
		"Chart.yaml:8 warning dependency-missing",
		"templates/deployment.yaml:2 error manifest-selector", "templates/deployment.yaml:5 error manifest-schema",
	},
	// include with one argument only fails when .Values.extra is set; the
	// guarded read of extra is no values-undefined.
	"template-arguments":        {"templates/cm.yaml:8 warning template-arguments", "values.yaml:1 info values-unused"},
	"template-crd-install-hook": {"templates/crd.yaml:6 warning template-crd-install-hook"},
	"template-dir":              {"templates warning template-dir", "values.yaml:1 info values-unused"},
	"template-extension":        {"templates/cm.json:1 error template-extension"},
	"template-indent":           {"templates/cm.yaml:1 warning template-indent", "values.yaml:1 info values-unused"},
	"template-release-time":     {"templates/cm.yaml:6 error template-release-time", "values.yaml:1 info values-unused"},
	// values-unused holds back while a template does not parse: what it
	// reads is unknown (it reads .Values.name).
	"template-render":          {"templates/cm.yaml:4 error template-render"},
	"template-unknown-include": {"templates/cm.yaml:8 warning template-unknown-include", "values.yaml:1 info values-unused"},
	// Without values.yaml, .Values.name is undefined and the name empty.
	"values-file": {
		"values.yaml info values-file",
		"templates/cm.yaml:4 warning manifest-name", "templates/cm.yaml:4 warning values-undefined",
	},
	// One problem, one finding: helm lint's repeat of the root chart's
	// schema failure by the coalesced values' check is left to --format helm.
	"values-schema":           {"values.yaml:1 error values-schema"},
	"values-schema-coalesced": {"values.yaml:1 error values-schema-coalesced"},
	// Doubtful: the schema's own fault is also blamed on values.yaml, as
	// helm lint does.
	"values-schema-invalid": {
		"values.schema.json:1 error values-schema-invalid",
		"values.yaml:1 error values-schema",
	},
	"values-undefined": {
		"templates/cm.yaml:4 warning manifest-name", "templates/cm.yaml:4 warning values-undefined",
		"values.yaml:1 info values-unused",
	},
	"values-unused":          {"values.yaml:2 info values-unused"},
	"values-list":            {"values.yaml:1 error values-yaml-parse"},
	"chart-yaml-maintainers": {"Chart.yaml:1 error chart-yaml-parse"},
	"values-list-helm3":      {"values.yaml:1 error values-yaml-parse"},
	// helm lint's two chart-load messages repeat the parse error; only
	// --format helm prints them.
	"values-yaml-parse": {"values.yaml:1 error values-yaml-parse"},
}

// TestFixtureExpectations lints every fixture of testdata/lint and compares
// its findings with the hand-written expectation of the table above; every
// fixture needs one.
func TestFixtureExpectations(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", "testdata", "lint"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	all := rules.All()
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			want, ok := expected[name]
			if !ok {
				t.Fatal("no expectation: add the fixture's findings to the table")
			}
			var got []string
			for _, f := range lintFixture(t, filepath.Join(root, name), all).Findings {
				got = append(got, describeFinding(f))
			}
			slices.Sort(got)
			want = slices.Sorted(slices.Values(want))
			if !slices.Equal(got, want) {
				t.Errorf("findings:\n%q\nwant:\n%q", got, want)
			}
		})
	}
	for name := range expected {
		if !seen[name] {
			t.Errorf("expectation for %s, which is no fixture", name)
		}
	}
}

// describeFinding writes a finding as the table does.
func describeFinding(f lint.Finding) string {
	where := f.Path
	switch {
	case where == "" && f.Helm != nil && f.Helm.Path != "":
		where = filepath.Base(f.Helm.Path)
	case where == "":
		where = "-"
	}
	if line := f.Position().Line; line > 0 {
		where = fmt.Sprintf("%s:%d", where, line)
	}
	return fmt.Sprintf("%s %s %s", where, f.Severity, f.Rule)
}
