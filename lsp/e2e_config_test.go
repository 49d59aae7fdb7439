package lsp_test

import (
	"os"
	"path/filepath"
	"strings"
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
	// A values file it names that does not parse: the error is the values
	// file's, at its line.
	broken := filepath.Join(folder, "webapp/ci/broken.yaml")
	if err := os.MkdirAll(filepath.Dir(broken), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte("replicaCount: 3\nimage: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.Change(config, 9, nil, "values: [ci/broken.yaml]\n"); err != nil {
		t.Fatal(err)
	}
	got, err := c.WaitDiagnostics(ctx, lsptest.URI(broken), func(p lsptest.Published) bool { return len(p.Diagnostics) > 0 })
	if err != nil {
		t.Fatalf("no diagnostic on the values file that does not parse: %v", err)
	}
	if d := got.Diagnostics[0]; len(got.Diagnostics) != 1 || d.Code != "config" || d.Range.Start.Line != 1 || !strings.Contains(d.Message, "failed to parse "+broken) {
		t.Errorf("diagnostics of the values file %+v, want one at line 1", got.Diagnostics)
	}
	if p := c.Diagnostics(uri); p.Version == 9 && len(p.Diagnostics) > 0 {
		t.Errorf("the configuration is blamed for its values file: %+v", p.Diagnostics)
	}

	if err := c.Change(config, 10, nil, "rules:\n  values-unused: off\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitDiagnostics(ctx, lsptest.URI(broken), func(p lsptest.Published) bool { return len(p.Diagnostics) == 0 }); err != nil {
		t.Fatalf("the values file no longer named keeps its diagnostic: %v (last %+v)", err, c.Diagnostics(lsptest.URI(broken)))
	}
	if p := c.Diagnostics(uri); len(p.Diagnostics) > 0 {
		t.Errorf("the fixed configuration keeps its diagnostics: %+v", p)
	}
}
