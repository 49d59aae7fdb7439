package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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

// TestLintConfigAndSuppression turns a rule off and raises another with
// .chartwright.yaml, and silences rules inline in a template and in
// values.yaml; then takes each of those away in turn and checks that the
// finding it hid appears, with the severity the configuration gives.
func TestLintConfigAndSuppression(t *testing.T) {
	const (
		config     = "rules:\n  chart-icon: off\n  values-undefined: error\n"
		values     = "name: fx\n# chartwright:ignore values-unused\nspare: 1\n"
		template   = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n{{/* chartwright:ignore values-undefined */}}\n  labels: {app: {{ .Values.nmae | quote }}}\n"
		unmarked   = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n\n  labels: {app: {{ .Values.nmae | quote }}}\n"
		otherRule  = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n{{/* chartwright:ignore values-unused */}}\n  labels: {app: {{ .Values.nmae | quote }}}\n"
		twoAbove   = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n{{/* chartwright:ignore values-undefined */}}\n\n  labels: {app: {{ .Values.nmae | quote }}}\n"
		sameLine   = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n  labels: {app: {{ .Values.nmae | quote }}} {{/* chartwright:ignore */}}\n"
		chartYAML  = "apiVersion: v2\nname: fx\nversion: 0.1.0\n"
		undefined  = "templates/cm.yaml:6 error values-undefined"
		unusedLine = "values.yaml:2 warning values-unused"
	)
	tests := []struct {
		name                     string
		config, values, template string
		want                     []string
	}{
		{"everything off or silenced", config, values, template, nil},
		{"no configuration", "", values, template, []string{"Chart.yaml:1 info chart-icon"}},
		{"default severity", "rules:\n  chart-icon: off\n", values, unmarked, []string{"templates/cm.yaml:6 warning values-undefined"}},
		{"no marker in the template", config, values, unmarked, []string{undefined}},
		{"a marker for another rule", config, values, otherRule, []string{undefined}},
		{"a marker two lines above", config, values, twoAbove, []string{"templates/cm.yaml:7 error values-undefined"}},
		{"a marker for every rule on the line", config, values, sameLine, nil},
		{"no marker in values.yaml", config, "name: fx\nspare: 1\n", template, []string{unusedLine}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"Chart.yaml": chartYAML, "values.yaml": tt.values, "templates/cm.yaml": tt.template}
			if tt.config != "" {
				files[".chartwright.yaml"] = tt.config
			}
			dir := writeFiles(t, t.TempDir(), files)
			var stdout, stderr bytes.Buffer
			code := run([]string{"lint", "--fail-on", "info", "--color", "never", dir}, &stdout, &stderr)
			if want := min(len(tt.want), 1); code != want {
				t.Errorf("exit %d, want %d", code, want)
			}
			if got := findingLines(stdout.String(), dir); !slices.Equal(got, tt.want) {
				t.Errorf("findings %q, want %q\nstdout:\n%s%s", got, tt.want, stdout.String(), stderr.String())
			}
		})
	}

	dir := writeFiles(t, t.TempDir(), map[string]string{"Chart.yaml": chartYAML, "values.yaml": values, "templates/cm.yaml": template,
		".chartwright.yaml": "rules:\n  no-such-rule: off\n"})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"lint", dir}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), ".chartwright.yaml:2: unknown rule") {
		t.Errorf("unknown rule in config: exit %d, stderr %q", code, stderr.String())
	}
}

// findingLines reads the text format's findings as "file:line severity
// rule", the file relative to dir.
func findingLines(out, dir string) []string {
	var found []string
	for _, line := range strings.Split(out, "\n") {
		rest, ok := strings.CutPrefix(line, dir+string(filepath.Separator))
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		loc := strings.Split(strings.TrimSuffix(fields[0], ":"), ":")
		found = append(found, fmt.Sprintf("%s:%s %s %s", filepath.ToSlash(loc[0]), loc[1], fields[1], fields[2]))
	}
	return found
}
