package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/testfs"

	"github.com/chartwright/chartwright/render"
)

// TestSourceMap checks `template -o json` on the demo chart: literal lines
// map to their own template line, lines an include produced (through
// nindent) to the helper's line, and toYaml's lines to the action's line.
func TestSourceMap(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"template", "demo", "../../testdata/charts/webapp", "-o", "json"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var out struct {
		Documents []render.JSONDocument `json:"documents"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	var deploy *render.JSONDocument
	for i, d := range out.Documents {
		if d.Kind == "Deployment" {
			deploy = &out.Documents[i]
		}
	}
	if deploy == nil {
		t.Fatal("no Deployment document")
	}
	lines := strings.Split(deploy.Content, "\n")
	if len(lines) != len(deploy.Lines) {
		t.Fatalf("%d content lines, %d mapped lines", len(lines), len(deploy.Lines))
	}
	const dep, helpers = "webapp/templates/deployment.yaml", "webapp/templates/_helpers.tpl"
	tests := []struct {
		line     int // 1-based line of the document
		content  string
		template string
		at       int
	}{
		{1, "apiVersion: apps/v1", dep, 1},
		{4, "  name: demo-webapp", dep, 4}, // include inline: the action's line
		{5, "  labels:", dep, 5},
		{6, "    app.kubernetes.io/name: webapp", helpers, 8}, // include | nindent 4
		{9, "    team: platform", helpers, 11},
		{11, "  replicas: 2", dep, 8},
		{18, "        app.kubernetes.io/name: webapp", helpers, 8}, // same helper, nindent 8
		{21, "        team: platform", helpers, 11},
		{27, `          image: "ghcr.io/example/webapp:2.4.1"`, dep, 21},
		{33, "            limits:", dep, 27}, // toYaml | nindent 12
		{34, "              cpu: 500m", dep, 27},
		{35, "              memory: 256Mi", dep, 27},
		{36, "          env:", dep, 29}, // after {{- if }}: the literal's own line
		{38, "              value: demo-webapp-redis", dep, 31},
	}
	for _, tt := range tests {
		if got := lines[tt.line-1]; got != tt.content {
			t.Errorf("line %d is %q, want %q", tt.line, got, tt.content)
			continue
		}
		if got := deploy.Lines[tt.line-1]; got.Template != tt.template || got.Line != tt.at {
			t.Errorf("line %d %q maps to %s:%d, want %s:%d", tt.line, tt.content, got.Template, got.Line, tt.template, tt.at)
		}
	}
}

// TestTemplateBadInput checks the command on bad charts and arguments: no
// panic, the exit status (1 when Helm would fail, 2 for a usage error, as
// the README says) and an error naming what is wrong.
func TestTemplateBadInput(t *testing.T) {
	cyclic := writeChart(t, "cyclic", map[string]string{
		"Chart.yaml":           "apiVersion: v2\nname: cyclic\nversion: 0.1.0\n",
		"templates/_a.tpl":     "{{- define \"a\" -}}{{ include \"a\" . }}{{- end -}}\n",
		"templates/cycle.yaml": "x: {{ include \"a\" . }}\n",
	})
	badChart := writeChart(t, "chart", map[string]string{"Chart.yaml": "apiVersion: v2\nname: [x\n"})
	badValues := writeChart(t, "chart", map[string]string{
		"Chart.yaml":  "apiVersion: v2\nname: v\nversion: 0.1.0\n",
		"values.yaml": "a: 1\n  b: 2\n",
	})
	noChart := writeChart(t, "chart", map[string]string{"values.yaml": "a: 1\n"})
	tests := []struct {
		name string
		args []string
		code int
		want []string // substrings of stderr
	}{
		{"malformed Chart.yaml", []string{"template", badChart}, 1, []string{"Chart.yaml", "line 2"}},
		{"malformed values.yaml", []string{"template", badValues, "--helm", "3"}, 1, []string{"values.yaml", "line 2"}},
		{"missing Chart.yaml", []string{"template", noChart}, 1, []string{filepath.Join(noChart, "Chart.yaml")}},
		{"missing Chart.yaml, Helm 3", []string{"template", noChart, "--helm", "3"}, 1, []string{"Chart.yaml file is missing"}},
		{"cyclic include", []string{"template", cyclic}, 1, []string{"rendering template has a nested reference name: a", "cyclic/templates/_a.tpl:1:"}},
		{"unknown --helm", []string{"template", cyclic, "--helm", "5"}, 2, []string{"--helm must be 3 or 4, not 5"}},
		{"unknown flag", []string{"template", cyclic, "--no-such-flag"}, 2, []string{"no-such-flag"}},
		{"too many arguments", []string{"template", "a", "b", "c"}, 2, []string{"expected [NAME] CHART, got 3 arguments"}},
		{"a name and --generate-name", []string{"template", "a", cyclic, "-g"}, 2, []string{"Error: cannot set --generate-name and also specify a name\n"}},
		{"a name and --name-template", []string{"template", "a", cyclic, "--name-template", "x"}, 2, []string{"Error: cannot set --name-template and also specify a name\n"}},
		{"unknown command", []string{"tempalte"}, 2, []string{`unknown command "tempalte"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			start := time.Now()
			code := func() (code int) {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("panic: %v", p)
					}
				}()
				return run(tt.args, &stdout, &stderr)
			}()
			if elapsed := time.Since(start); elapsed > 10*time.Second {
				t.Errorf("took %v", elapsed)
			}
			if code != tt.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			msg := stderr.String()
			if len(msg) > 300 {
				msg = msg[:150] + "..." + msg[len(msg)-150:]
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, msg)
				}
			}
			if tt.code != 0 && stdout.Len() != 0 && !strings.Contains(stdout.String(), "Usage") {
				t.Errorf("stdout not empty on failure:\n%s", stdout.String())
			}
		})
	}
}

// writeChart writes files (name → content) to a new directory named name.
func writeChart(t *testing.T, name string, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	return testfs.Write(t, dir, files)
}

// TestTemplateJSONShowOnly checks that -o json shows only the documents
// --show-only selects, and fails as the text output does when a pattern
// matches nothing.
func TestTemplateJSONShowOnly(t *testing.T) {
	const chartDir = "../../testdata/charts/webapp"
	r := callArgs("template", "demo", chartDir, "-o", "json", "-s", "templates/deployment.yaml")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var out struct {
		Documents []render.JSONDocument `json:"documents"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, d := range out.Documents {
		sources = append(sources, d.Source)
	}
	if want := []string{"webapp/templates/deployment.yaml"}; !slices.Equal(sources, want) {
		t.Errorf("documents from %q, want %q", sources, want)
	}
	r = callArgs("template", "demo", chartDir, "-o", "json", "--show-only", "templates/nope.yaml")
	if r.code != 1 || !strings.Contains(r.stderr, "could not find template templates/nope.yaml in chart") || r.stdout != "" {
		t.Errorf("a pattern matching nothing: %+v", r)
	}
}

// TestValuesFromStdin reads -f - from standard input, as Helm does, in
// template and lint alike: lint merges the user's values more than once and
// each merge sees them, while a second "-" in one merge reads nothing.
func TestValuesFromStdin(t *testing.T) {
	stdin = strings.NewReader("sub:\n  own: from-stdin\nsbu: typo\n")
	chart := filepath.Join("..", "..", "testdata", "charts", "rt-values")
	r := call("template", "rel", chart, "-f", "-", "-f", "-")
	if r.code != 0 || !strings.Contains(r.stdout, "own: from-stdin") {
		t.Errorf("template -f -: %+v", r)
	}
	r = call("lint", filepath.Join("..", "..", "testdata", "lint", "values-unknown-override", "chart"), "-f", "-")
	if !strings.Contains(r.stdout, "<stdin>:3:1: warning values-unknown-override sbu is set here") {
		t.Errorf("lint -f - does not place the unknown key in <stdin>: %+v", r)
	}
	read := valuesReader()
	first, err := read(" - ")
	if err != nil || string(first) != "sub:\n  own: from-stdin\nsbu: typo\n" {
		t.Errorf("first -: %q, %v", first, err)
	}
	if again, err := read("-"); err != nil || len(again) != 0 {
		t.Errorf("second - in one merge: %q, %v; want nothing", again, err)
	}
}

// TestEmptyReleaseName: an empty NAME is Helm's "no name provided" (as
// helm v4.3.1 and v3.22.0 print it), not the default name.
func TestEmptyReleaseName(t *testing.T) {
	chart := filepath.Join("..", "..", "testdata", "charts", "webapp")
	for _, tc := range []struct {
		helm, stderr string
	}{
		{"4", "level=ERROR msg=\"release name check failed\" error=\"release name \\\"\\\": no name provided\"\nError: release name check failed: release name \"\": no name provided\n"},
		{"3", "Error: release name \"\": no name provided\n"},
	} {
		if r := call("template", "--helm", tc.helm, "", chart); r.code != 1 || r.stdout != "" || r.stderr != tc.stderr {
			t.Errorf("helm %s: %+v, want stderr %q", tc.helm, r, tc.stderr)
		}
	}
	if r := call("template", chart); r.code != 0 || !strings.Contains(r.stdout, "release-name") {
		t.Errorf("without NAME: %+v", r)
	}
}

// TestArchiveWithAFileTwice: an archive that holds one template twice
// renders it once, with the last content (Helm keeps templates in a map),
// and helm lint, which extracts the archive to a folder first, checks it
// once.
func TestArchiveWithAFileTwice(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range []struct{ name, data string }{
		{"dup/Chart.yaml", "apiVersion: v2\nname: dup\nversion: 0.1.0\nicon: https://example.com/i.png\n"},
		{"dup/values.yaml", "a: 1\n"},
		{"dup/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: First\ndata:\n  v: first\n"},
		{"dup/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Last\ndata:\n  v: last\n"},
	} {
		tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), Typeflag: tar.TypeReg})
		tw.Write([]byte(f.data))
	}
	tw.Close()
	zw.Close()
	archive := filepath.Join(t.TempDir(), "dup-0.1.0.tgz")
	if err := os.WriteFile(archive, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r := call("template", "rel", archive)
	if r.code != 0 || strings.Count(r.stdout, "kind: ConfigMap") != 1 || !strings.Contains(r.stdout, "v: last") {
		t.Errorf("template: %+v", r)
	}
	r = call("lint", "--format", "helm", archive)
	if strings.Count(r.stdout, "object name does not conform") != 1 || !strings.Contains(r.stdout, `"Last"`) {
		t.Errorf("lint --format helm: %+v", r)
	}
}

// TestValuesFromURLs: -f and --set-file fetch http(s) URLs, as Helm's
// getters do, with Helm's error for another status than 200 OK (checked
// against helm v4.3.1 and v3.22.0); a name that is no URL fails as in Helm.
func TestValuesFromURLs(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v.yaml":
			io.WriteString(w, "sub:\n  own: from-url\n")
		case "/name.txt":
			io.WriteString(w, "from-a-url-file")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	chart := filepath.Join("..", "..", "testdata", "charts", "rt-values")
	if r := call("template", "rel", chart, "-f", srv.URL+"/v.yaml", "--set-file", "name="+srv.URL+"/name.txt"); r.code != 0 ||
		!strings.Contains(r.stdout, "own: from-url") || !strings.Contains(r.stdout, "from-a-url-file") {
		t.Errorf("template -f URL --set-file name=URL: %+v", r)
	}
	missing := srv.URL + "/missing.yaml"
	if r := call("template", "rel", chart, "-f", missing); r.code != 1 || r.stderr != "Error: failed to fetch "+missing+" : 404 Not Found\n" {
		t.Errorf("template -f a missing URL: %+v", r)
	}
	if r := call("template", "rel", chart, "-f", "a%zz.yaml"); r.code != 1 || r.stderr != "Error: parse \"a%zz.yaml\": invalid URL escape \"%zz\"\n" {
		t.Errorf("template -f a%%zz.yaml: %+v", r)
	}
}

// TestHelmDebugEnv checks that $HELM_DEBUG sets --debug's default, as in
// Helm: a failed render prints what rendered, unless --debug=false.
func TestHelmDebugEnv(t *testing.T) {
	chartDir := filepath.Join("..", "..", "testdata", "lint", "manifest-yaml", "chart")
	for _, tt := range []struct {
		env   string
		flags []string
		shown bool
	}{
		{"true", nil, true},
		{"1", nil, true},
		{"yes", nil, false}, // not a boolean to strconv.ParseBool
		{"true", []string{"--debug=false"}, false},
		{"false", nil, false},
		{"", nil, false},
	} {
		t.Setenv("HELM_DEBUG", tt.env)
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"template", "r", chartDir}, tt.flags...), &stdout, &stderr)
		if shown := strings.Contains(stdout.String(), "# Source: fx/templates/cm.yaml"); code != 1 || shown != tt.shown {
			t.Errorf("HELM_DEBUG=%q %v: exit %d, rendered files printed %v, want %v", tt.env, tt.flags, code, shown, tt.shown)
		}
	}
}

// TestSymlinkCycleLog renders and lints a chart holding a link to its own
// folder: as in Helm, the links followed are logged before the error,
// once by template and once per load by lint (its templates and
// dependency checks each load the chart).
func TestSymlinkCycleLog(t *testing.T) {
	dir := writeChart(t, "cycle", map[string]string{
		"Chart.yaml":        "apiVersion: v2\nname: cycle\nversion: 0.1.0\n",
		"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cycle\n",
	})
	if err := os.Symlink(".", filepath.Join(dir, "self")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	const logLine = `level=INFO msg="found symbolic link in path. Contents of linked file included and used"`
	r := callArgs("template", "r", dir)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if r.code != 1 || len(lines) < 2 || !strings.HasPrefix(lines[0], logLine) || !strings.HasPrefix(last, "Error: open "+dir) {
		t.Fatalf("template: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	followed := len(lines) - 1
	l := callArgs("lint", "--format", "helm", dir)
	if got := strings.Count(l.stderr, logLine); l.code != 1 || got != 2*followed {
		t.Errorf("lint: exit %d, %d links logged, want %d:\n%s", l.code, got, 2*followed, l.stderr)
	}
}

// TestHelm3FileSizeLimit renders and lints a chart holding a file over
// 5 MiB: Helm 3 refuses to load it, Helm 4.3.1 does not.
func TestHelm3FileSizeLimit(t *testing.T) {
	dir := writeChart(t, "big", map[string]string{
		"Chart.yaml":        "apiVersion: v2\nname: big\nversion: 0.1.0\n",
		"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n",
		"big.bin":           strings.Repeat("x", chart.MaxFileSize+1),
	})
	const refused = `chart file "big.bin" is larger than the maximum file size 5242880`
	if r := callArgs("template", "r", dir, "--helm", "3"); r.code != 1 || r.stderr != "Error: "+refused+"\n" {
		t.Errorf("template, Helm 3: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := callArgs("template", "r", dir); r.code != 0 {
		t.Errorf("template, Helm 4: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := callArgs("lint", "--format", "helm", "--helm", "3", dir); r.code != 1 || !strings.Contains(r.stdout, "[ERROR] templates/: "+refused+"\n") {
		t.Errorf("lint, Helm 3: exit %d, stdout:\n%s", r.code, r.stdout)
	}
}
