package lsp_test

import (
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// TestConfigMistakes types mistakes into a chart's .chartwright.yaml, each
// of which makes `chartwright lint` stop: each is shown on its line of the
// file while typing, and goes when fixed.
func TestConfigMistakes(t *testing.T) {
	c, folder := session(t, map[string]any{}, "webapp")
	ctx := withTimeout(t)
	config := filepath.Join(folder, "webapp/.chartwright.yaml")
	uri := lsptest.URI(config)
	if err := c.Open(config, "yaml", "rules:\n  values-unused: off\n"); err != nil {
		t.Fatal(err)
	}
	for i, tc := range []struct {
		name, text string
		line       int
		message    string
	}{
		{"a severity misspelt", "rules:\n  values-unused: offf\n", 1, `rule values-unused: "offf" is not off, info, warning or error`},
		{"an unknown rule", "kubeVersion: \"1.30\"\nrules:\n  values-unusd: off\n", 2, `unknown rule "values-unusd"`},
		{"an unknown setting", "rules:\n  values-unused: off\nhelmVersion: \"3\"\n", 2, `unknown setting "helmVersion" (want kubeVersion, values or rules)`},
		{"YAML that does not parse", "rules:\n  values-unused: off\n  x: [\n", 2, "yaml: did not find expected node content"},
		{"a missing values file", "values: [ci/missing.yaml]\n", 0, "open " + filepath.Join(folder, "webapp/ci/missing.yaml") + ": no such file or directory"},
	} {
		version := i + 2
		if err := c.Change(config, version, nil, tc.text); err != nil {
			t.Fatal(err)
		}
		got, err := c.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool { return p.Version == version && len(p.Diagnostics) > 0 })
		if err != nil {
			t.Fatalf("%s: no diagnostic: %v (last %+v)", tc.name, err, c.Diagnostics(uri))
		}
		if d := got.Diagnostics[0]; len(got.Diagnostics) != 1 || d.Code != "config" || d.Severity != 1 || d.Range.Start.Line != tc.line || d.Message != tc.message {
			t.Errorf("%s: diagnostics %+v, want one error at line %d: %s", tc.name, got.Diagnostics, tc.line, tc.message)
		}
	}
	if err := c.Change(config, 10, nil, "rules:\n  values-unused: off\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool { return p.Version == 10 && len(p.Diagnostics) == 0 }); err != nil {
		t.Fatalf("the fixed configuration keeps its diagnostic: %v (last %+v)", err, c.Diagnostics(uri))
	}
}
