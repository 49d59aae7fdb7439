package lsp_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lsp/lsptest"
)

// The server on real charts of the shared corpus (../shared/corpus): the
// tests skip loudly when it is absent, and fail under CI=true. Feature
// tests on the corpus start a session with corpusSession (the chart in
// place, read only) or, to change files on disk, corpusCopy and sessionIn.

// corpusChart returns the folder of a corpus chart.
func corpusChart(t *testing.T, name string) string {
	t.Helper()
	return corpus.ChartPath(t, corpus.Dir(t), name)
}

// corpusSession starts the server on a corpus chart, in place: the server
// never writes to the chart.
func corpusSession(t *testing.T, settings any, name string) (*lsptest.Client, string) {
	t.Helper()
	dir := corpusChart(t, name)
	return sessionIn(t, settings, dir), dir
}

// corpusCopy copies a corpus chart, its links followed, into a new folder
// and returns the copy's folder.
func corpusCopy(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := copyFollowingLinks(corpusChart(t, name), dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

func copyFollowingLinks(src, dst string) error {
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := copyFollowingLinks(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// appendToFile adds text at the end of a file of a chart copy.
func appendToFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// finding is a lint finding or a diagnostic as the tests compare them:
// rule, 1-based line, severity and message.
type finding struct {
	Rule     string
	Line     int
	Severity string
	Message  string
}

func (f finding) String() string {
	return fmt.Sprintf("%d %s %s: %s", f.Line, f.Severity, f.Rule, f.Message)
}

// lintFindings runs `chartwright lint --format json` on a chart folder and
// returns its findings by file, relative to the folder, sorted.
func lintFindings(t *testing.T, dir string) map[string][]finding {
	t.Helper()
	cmd := exec.Command(binary, "lint", "--format", "json", ".")
	cmd.Dir = dir
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("chartwright lint: %v", err)
	}
	var report struct {
		Charts []struct {
			Findings []struct {
				Rule, Severity, File, Message string
				Start                         *struct{ Line int }
			}
		}
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("chartwright lint --format json: %v\n%s", err, out)
	}
	byFile := map[string][]finding{}
	for _, c := range report.Charts {
		for _, f := range c.Findings {
			line := 1 // findings about a file as a whole are at its start
			if f.Start != nil {
				line = f.Start.Line
			}
			byFile[f.File] = append(byFile[f.File], finding{f.Rule, line, f.Severity, f.Message})
		}
	}
	for _, list := range byFile {
		slices.SortFunc(list, compareFindings)
	}
	return byFile
}

func compareFindings(a, b finding) int { return strings.Compare(a.String(), b.String()) }

// diagnosticFindings returns a publication's diagnostics as findings,
// sorted.
func diagnosticFindings(p lsptest.Published) []finding {
	severities := map[int]string{1: "error", 2: "warning", 3: "info"}
	var out []finding
	for _, d := range p.Diagnostics {
		out = append(out, finding{d.Code, d.Range.Start.Line + 1, severities[d.Severity], d.Message})
	}
	slices.SortFunc(out, compareFindings)
	return out
}

// waitSameFindings waits until the diagnostics published for a file of the
// chart are the lint's findings for it, and fails the test if they never
// are.
func waitSameFindings(t *testing.T, c *lsptest.Client, dir, file string, want []finding) {
	t.Helper()
	uri := lsptest.URI(filepath.Join(dir, filepath.FromSlash(file)))
	if _, err := c.WaitDiagnostics(withTimeout(t), uri, func(p lsptest.Published) bool {
		return slices.Equal(diagnosticFindings(p), want)
	}); err != nil {
		t.Errorf("%s: the diagnostics never were the lint's findings (%v)\ngot:\n%s\nwant:\n%s", file, err,
			joinFindings(diagnosticFindings(c.Diagnostics(uri))), joinFindings(want))
	}
}

func joinFindings(list []finding) string {
	var b strings.Builder
	for _, f := range list {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	return b.String()
}

// TestCorpusDiagnosticsMatchLint opens a template of kube-prometheus-stack
// and of bitnami's nginx (with the common library chart) after adding
// mistakes to it on disk: a quick rule's (an include of a misspelled
// name, in a branch that never renders), the render's (an undefined
// values path, a ConfigMap whose data is a number). The diagnostics
// published for the template and for values.yaml are what `chartwright
// lint` finds there: same rules, lines, severities and messages.
func TestCorpusDiagnosticsMatchLint(t *testing.T) {
	for _, tt := range []struct {
		chart, template, include, value string
	}{
		{"prometheus-community__kube-prometheus-stack", "templates/prometheus/prometheus.yaml", "kube-prometheus-stack.nmae", ".Values.prometheus.prometheusSpec.nosuchkey"},
		{"bitnami__nginx", "templates/deployment.yaml", "common.names.fulname", ".Values.image.nosuchkey"},
	} {
		t.Run(tt.chart, func(t *testing.T) {
			dir := corpusCopy(t, tt.chart)
			path := filepath.Join(dir, filepath.FromSlash(tt.template))
			appendToFile(t, path, fmt.Sprintf("\n{{- if false }}{{ include %q . }}{{ end }}\n{{- $unguarded := %s }}\n"+
				"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lsp-corpus-test\ndata:\n  replicas: 3\n", tt.include, tt.value))
			want := lintFindings(t, dir)
			for _, rule := range []string{"template-unknown-include", "values-undefined", "manifest-schema"} {
				if !slices.ContainsFunc(want[tt.template], func(f finding) bool { return f.Rule == rule }) {
					t.Fatalf("chartwright lint finds no %s in the edited template: %v", rule, want[tt.template])
				}
			}
			c := sessionIn(t, nil, dir)
			if err := c.Open(path, "helm", read(t, path)); err != nil {
				t.Fatal(err)
			}
			waitSameFindings(t, c, dir, tt.template, want[tt.template])
			waitSameFindings(t, c, dir, "values.yaml", want["values.yaml"])
		})
	}
}

// TestCorpusDiagnosticsWithoutEdits opens the corpus's biggest chart in
// place, with a template of each of its subcharts: every file the lint
// finds something in gets those findings as diagnostics, and nothing is
// published for the others.
func TestCorpusDiagnosticsWithoutEdits(t *testing.T) {
	c, dir := corpusSession(t, nil, "prometheus-community__kube-prometheus-stack")
	want := lintFindings(t, dir)
	if len(want) == 0 {
		t.Fatal("chartwright lint finds nothing in kube-prometheus-stack: the test checks nothing")
	}
	opened := 0
	err := fs.WalkDir(os.DirFS(dir), "charts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(filepath.Dir(p)) != "templates" || filepath.Ext(p) != ".yaml" || opened >= 4 {
			return err
		}
		opened++
		return c.Open(filepath.Join(dir, p), "helm", read(t, filepath.Join(dir, p)))
	})
	if err != nil {
		t.Fatal(err)
	}
	for file, findings := range want {
		waitSameFindings(t, c, dir, file, findings)
	}
	for _, p := range c.Notifications("textDocument/publishDiagnostics") {
		var params struct {
			URI         string            `json:"uri"`
			Diagnostics []json.RawMessage `json:"diagnostics"`
		}
		if json.Unmarshal(p.Params, &params) != nil || len(params.Diagnostics) == 0 {
			continue
		}
		rel, err := filepath.Rel(dir, strings.TrimPrefix(params.URI, "file://"))
		if _, ok := want[filepath.ToSlash(rel)]; err != nil || !ok {
			t.Errorf("diagnostics published for %s, where the lint finds nothing", params.URI)
		}
	}
}
