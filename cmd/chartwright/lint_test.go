package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fixture(rule string) string {
	return filepath.Join("..", "..", "testdata", "lint", rule, "chart")
}

func TestLintExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"clean at error threshold", []string{"lint", fixture("chart-icon")}, 0, "info chart-icon icon is recommended"},
		{"info fails with --fail-on info", []string{"lint", "--fail-on", "info", fixture("chart-icon")}, 1, "chart-icon"},
		{"error fails", []string{"lint", fixture("manifest-yaml")}, 1, "error manifest-yaml unable to parse YAML"},
		{"bad format", []string{"lint", "--format", "xml", fixture("chart-icon")}, 2, ""},
		{"bad fail-on", []string{"lint", "--fail-on", "fatal", fixture("chart-icon")}, 2, ""},
		{"not a chart", []string{"lint", t.TempDir()}, 2, ""},
		{"explain", []string{"lint", "--explain", "values-undefined"}, 0, "## Bad"},
		{"explain unknown", []string{"lint", "--explain", "nope"}, 2, ""},
		{"helm format", []string{"lint", "--format", "helm", fixture("chart-icon")}, 0, "[INFO] Chart.yaml: icon is recommended\n\n1 chart(s) linted, 0 chart(s) failed\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.out) {
				t.Errorf("stdout lacks %q:\n%s", tt.out, stdout.String())
			}
		})
	}
}

func TestLintFormatToFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.sarif")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"lint", "--format", "sarif=" + out, "--format", "text", fixture("chart-icon")}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(data, []byte(`"version": "2.1.0"`)) {
		t.Fatalf("no SARIF written: %v\n%s", err, data)
	}
	if !strings.Contains(stdout.String(), "chart-icon") {
		t.Errorf("text output missing:\n%s", stdout.String())
	}
}

// TestLintConfigAndSuppression turns a rule off with .chartwright.yaml and
// silences another inline.
func TestLintConfigAndSuppression(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Chart.yaml":        "apiVersion: v2\nname: fx\nversion: 0.1.0\n",
		"values.yaml":       "name: fx\n# chartwright:ignore values-unused\nspare: 1\n",
		"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n{{/* chartwright:ignore values-undefined */}}\n  labels: {app: {{ .Values.nmae | quote }}}\n",
		".chartwright.yaml": "rules:\n  chart-icon: off\n  values-undefined: error\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"lint", "--fail-on", "info", "--color", "never", dir}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d, want 0 (all findings off or suppressed):\n%s%s", code, stdout.String(), stderr.String())
	}
	os.WriteFile(filepath.Join(dir, ".chartwright.yaml"), []byte("rules:\n  no-such-rule: off\n"), 0o644)
	if code := run([]string{"lint", dir}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), ".chartwright.yaml:2: unknown rule") {
		t.Errorf("unknown rule in config: exit %d, stderr %q", code, stderr.String())
	}
}
