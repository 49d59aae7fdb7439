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
			dir := writeFiles(t, filepath.Join(t.TempDir(), "fx"), files)
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

// TestLintUnknownOverride: keys of ci/ values files, -f files, values
// files of .chartwright.yaml and --set flags that the chart does not know are reported where they are written,
// each once however many values sets include them.
func TestLintUnknownOverride(t *testing.T) {
	root := t.TempDir()
	dir := writeFiles(t, filepath.Join(root, "fx"), map[string]string{
		"Chart.yaml":           "apiVersion: v2\nname: fx\nversion: 0.1.0\nicon: https://example.com/icon.png\n",
		"values.yaml":          "image:\n  tag: \"1\"\n",
		"templates/cm.yaml":    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fx\ndata:\n  tag: {{ .Values.image.tag | quote }}\n",
		"ci/typo-values.yaml":  "image:\n  tag: \"2\"\nimgae:\n  tag: \"3\"\n",
		"ci/right-values.yaml": "image:\n  tag: \"4\"\n",
		".chartwright.yaml":    "values: [more-values.yaml]\n",
		"more-values.yaml":     "image:\n  tag: \"7\"\n  pullPolicy: Always\n",
	})
	user := writeFiles(t, filepath.Join(root, "user"), map[string]string{"prod.yaml": "# prod\nimage:\n  tga: \"5\"\n"})
	var stdout, stderr bytes.Buffer
	code := run([]string{"lint", "--ci-values", "--color", "never", "--fail-on", "warning",
		"-f", filepath.Join(user, "prod.yaml"), "--set", "imag.tag=6", dir}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit %d, want 1\n%s%s", code, stdout.String(), stderr.String())
	}
	want := []string{
		dir + `: warning values-unknown-override --set imag.tag=6: imag is set but the chart neither reads nor defines it: Helm ignores it (did you mean "image"?)`,
		filepath.ToSlash(filepath.Join(root, "user", "prod.yaml")) + `:3:3: warning values-unknown-override image.tga is set here but the chart neither reads nor defines it: Helm ignores it (did you mean "image.tag"?)`,
		dir + `/ci/typo-values.yaml:3:1: warning values-unknown-override imgae is set here but the chart neither reads nor defines it: Helm ignores it (did you mean "image"?) (values: ci/typo-values.yaml)`,
		dir + `/more-values.yaml:3:3: warning values-unknown-override image.pullPolicy is set here but the chart neither reads nor defines it: Helm ignores it (values: more-values.yaml)`,
	}
	var got []string
	for _, line := range strings.Split(stdout.String(), "\n") {
		if strings.Contains(line, "values-unknown-override") {
			got = append(got, line)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s\nstderr: %s", strings.Join(got, "\n"), strings.Join(want, "\n"), stderr.String())
	}
}

// TestLintCIValuesSupplyInput: the input a chart asks for with required
// and fail, which its ci/ values set supplies, is reported for the default
// set only, once each, at the call that asks for it.
func TestLintCIValuesSupplyInput(t *testing.T) {
	dir := writeFiles(t, filepath.Join(t.TempDir(), "fx"), map[string]string{
		"Chart.yaml":  "apiVersion: v2\nname: fx\nversion: 0.1.0\nicon: https://example.com/icon.png\n",
		"values.yaml": "apiKey: \"\"\ntoken: \"\"\n",
		"templates/_helpers.tpl": "{{- define \"fx.token\" -}}\n{{- if not .Values.token -}}\n{{- fail \"token is required\" -}}\n{{- end -}}\n" +
			"{{ .Values.token }}\n{{- end -}}\n",
		"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fx\ndata:\n" +
			"  key: {{ required \"apiKey is required\" .Values.apiKey }}\n  token: {{ include \"fx.token\" . }}\n",
		"ci/input-values.yaml": "apiKey: abc\ntoken: def\n",
	})
	var stdout, stderr bytes.Buffer
	code := run([]string{"lint", "--ci-values", "--color", "never", dir}, &stdout, &stderr)
	if code != 0 {
		t.Errorf("exit %d, want 0\n%s%s", code, stdout.String(), stderr.String())
	}
	want := []string{
		dir + `/templates/_helpers.tpl:3:5: warning template-render Fail: token is required (the chart asks for this input: installing with its defaults fails here) (values: default)`,
		dir + `/templates/cm.yaml:6:41: warning values-required-without-default .Values.apiKey is required but the chart's values leave it empty: installing without setting it fails with "apiKey is required" (values: default)`,
	}
	var got []string
	for _, line := range strings.Split(stdout.String(), "\n") {
		if strings.Contains(line, ": warning ") || strings.Contains(line, ": error ") {
			got = append(got, line)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s\nstderr: %s", strings.Join(got, "\n"), strings.Join(want, "\n"), stderr.String())
	}
}

// TestLintHelmFlags checks helm lint's flags and chartwright's flags beside
// them in the default (text) format: each changes what is found, printed or
// how the run exits.
func TestLintHelmFlags(t *testing.T) {
	const chartYAML = "apiVersion: v2\nname: fx\nversion: 0.1.0\nicon: https://example.com/i.png\n"
	withAPI := writeChart(t, "fx", map[string]string{
		"Chart.yaml": chartYAML,
		"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fx\n" +
			"{{- if .Capabilities.APIVersions.Has \"example.com/v1\" }}\ndata: [not, a, map]\n{{- end }}\n",
	})
	gadget := writeChart(t, "fx", map[string]string{
		"Chart.yaml":            chartYAML,
		"templates/gadget.yaml": "apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  size: big\n",
	})
	parent := filepath.Join("..", "..", "testdata", "charts", "webapp") // with charts/cache
	locations := filepath.Join("..", "..", "testdata", "schema", "locations")
	tests := []struct {
		name    string
		args    []string
		code    int
		want    []string // in stdout
		notWant []string
	}{
		{"api version missing", []string{withAPI}, 0, []string{"0 error(s)"}, []string{"manifest-schema"}},
		{"-a adds it", []string{withAPI, "-a", "example.com/v1"}, 1, []string{"error manifest-schema"}, nil},
		{"--api-versions adds it", []string{"--api-versions=x/v1,example.com/v1", withAPI}, 1, []string{"error manifest-schema"}, nil},
		{"no schema for the kind", []string{gadget}, 0, nil, []string{"manifest-schema"}},
		{"--schema-location", []string{gadget, "--schema-location", locations}, 1, []string{"error manifest-schema", "spec.size"}, nil},
		{"subcharts not linted", []string{parent}, 0, []string{"1 chart(s) linted"}, []string{"charts/cache"}},
		{"--with-subcharts", []string{parent, "--with-subcharts"}, 0, []string{"2 chart(s) linted", "charts/cache/Chart.yaml:1:1: info chart-icon"}, nil},
		{"--quiet", []string{parent, "--with-subcharts", "--quiet"}, 0, []string{"2 chart(s) linted: 0 error(s), 0 warning(s), 0 info(s)"}, []string{"chart-icon"}},
		{"--quiet keeps the exit status", []string{parent, "--with-subcharts", "--quiet", "--fail-on", "info"}, 1, nil, []string{"chart-icon"}},
		{"--strict fails on a warning", []string{fixture("values-unused"), "--strict"}, 1, []string{"warning values-unused"}, nil},
		{"warning passes without --strict", []string{fixture("values-unused")}, 0, []string{"warning values-unused"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := callArgs(append([]string{"lint", "--color", "never"}, tt.args...)...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(r.stdout, w) {
					t.Errorf("stdout has %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

// TestLintKubeVersion checks that an invalid target Kubernetes version is a
// usage error, from the flag or from .chartwright.yaml, while a bad
// kubeVersion constraint in Chart.yaml is an error finding of the chart
// (helm template fails), which --format helm does not print (helm lint
// passes it).
func TestLintKubeVersion(t *testing.T) {
	good := fixture("chart-icon")
	badConfig := writeChart(t, "fx", map[string]string{
		"Chart.yaml":        "apiVersion: v2\nname: fx\nversion: 0.1.0\n",
		".chartwright.yaml": "rules:\n  chart-icon: off\nkubeVersion: one.two\n",
	})
	badConstraint := writeChart(t, "fx", map[string]string{
		"Chart.yaml": "apiVersion: v2\nname: fx\nversion: 0.1.0\nkubeVersion: \">= banana\"\n",
	})
	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr, or in stdout for a finding
	}{
		{"flag", []string{good, "--kube-version", "abc"}, 2, `Error: invalid kube version 'abc': could not parse "abc" as version`},
		{"flag, helm format", []string{good, "--kube-version", "abc", "--format", "helm"}, 1, "invalid kube version 'abc'"},
		{"valid flag", []string{good, "--kube-version", "v1.31.2"}, 0, ""},
		{"missing values file", []string{good, "-f", "missing.yaml"}, 2, "Error: open missing.yaml: no such file or directory\n"},
		{"configuration", []string{badConfig}, 2, filepath.Join(badConfig, ".chartwright.yaml") + `:3: invalid kubeVersion "one.two"`},
		{"Chart.yaml constraint", []string{badConstraint}, 1, `Chart.yaml:4:14: error chart-kube-version kubeVersion ">= banana" is not a version constraint`},
		{"Chart.yaml constraint, helm format", []string{badConstraint, "--format", "helm"}, 0, "1 chart(s) linted, 0 chart(s) failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := callArgs(append([]string{"lint"}, tt.args...)...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr+r.stdout, tt.want) {
				t.Errorf("output lacks %q:\nstdout:\n%s\nstderr:\n%s", tt.want, r.stdout, r.stderr)
			}
		})
	}
}

// TestLintMissingPath checks that a missing path is reported and the other
// charts are still linted and reported, with exit status 2.
func TestLintMissingPath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	r := callArgs("lint", "--color", "never", missing, fixture("chart-icon"))
	if r.code != 2 {
		t.Errorf("exit %d, want 2", r.code)
	}
	if !strings.Contains(r.stderr, "Error: stat "+missing+": no such file or directory") {
		t.Errorf("stderr does not name the missing path:\n%s", r.stderr)
	}
	if !strings.Contains(r.stdout, "info chart-icon icon is recommended") || !strings.Contains(r.stdout, "1 chart(s) linted") {
		t.Errorf("the good chart is not reported:\n%s", r.stdout)
	}
}

func TestColorChoice(t *testing.T) {
	tests := []struct {
		mode     string
		terminal bool
		noColor  string
		want     bool
	}{
		{"auto", true, "", true},
		{"auto", false, "", false},
		{"auto", true, "1", false},
		{"auto", true, "", true},
		{"never", true, "", false},
		{"always", false, "", true},
		{"always", true, "1", true}, // the flag is the user's explicit choice
	}
	for _, tt := range tests {
		if got := useColor(tt.mode, tt.terminal, tt.noColor); got != tt.want {
			t.Errorf("useColor(%q, terminal %v, NO_COLOR=%q) = %v, want %v", tt.mode, tt.terminal, tt.noColor, got, tt.want)
		}
	}
}
