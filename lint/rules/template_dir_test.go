package rules_test

import (
	"testing"

	"github.com/chartwright/chartwright/lint"
)

// TestUmbrellaWithoutTemplates lints charts without templates/: one with
// dependencies (listed, or only under charts/) installs them, an info;
// one with neither installs nothing, a warning. helm lint's own message
// and severity stay as Helm prints them.
func TestUmbrellaWithoutTemplates(t *testing.T) {
	const (
		withDependency = "apiVersion: v2\nname: fx\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 0.1.0\n"
		plain          = "apiVersion: v2\nname: fx\nversion: 0.1.0\n"
		sub            = "apiVersion: v2\nname: sub\nversion: 0.1.0\n"

		installsDependencies = "directory does not exist: the chart installs only its dependencies"
	)
	for _, tt := range []struct {
		name     string
		files    map[string]string
		severity lint.Severity
		message  string
	}{
		{"listed", map[string]string{"Chart.yaml": withDependency, "charts/sub/Chart.yaml": sub}, lint.Info, installsDependencies},
		{"only under charts/", map[string]string{"Chart.yaml": plain, "charts/sub/Chart.yaml": sub}, lint.Info, installsDependencies},
		{"none", map[string]string{"Chart.yaml": plain}, lint.Warning, "directory does not exist, and the chart has no dependencies: it installs nothing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var found bool
			for _, f := range lintFx(t, tt.files, lint.Options{}).Findings {
				if f.Rule != "template-dir" {
					continue
				}
				found = true
				if f.Severity != tt.severity || f.Message != tt.message {
					t.Errorf("%s %q, want %s %q", f.Severity, f.Message, tt.severity, tt.message)
				}
				if f.Helm == nil || f.Helm.Severity != lint.Warning || f.HelmText() != "directory does not exist" {
					t.Errorf("helm lint's message changed: %+v", f.Helm)
				}
			}
			if !found {
				t.Error("no template-dir finding")
			}
		})
	}
}
