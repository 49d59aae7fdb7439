package lint_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/report"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestSubchartFindingsUseFolders lints a chart whose subchart lives in a
// folder not named after it and is aliased: the subchart's finding is
// placed in its real folder, and the aliased subchart is checked at all.
func TestSubchartFindingsUseFolders(t *testing.T) {
	res, err := lint.Run(context.Background(), "../testdata/charts/shop", lint.Options{Rules: rules.All()})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, f := range res.Findings {
		if f.Rule != "values-undefined" {
			continue
		}
		found = true
		if got, want := f.Path, "charts/db-folder/templates/statefulset.yaml"; got != want {
			t.Errorf("finding at %s, want %s", got, want)
		}
		if p := f.Position(); p.Line != 24 || p.Column != 25 {
			t.Errorf("finding at %d:%d, want 24:25", p.Line, p.Column)
		}
	}
	if !found {
		t.Errorf("no values-undefined finding for .Values.pasword in the aliased subchart: %+v", res.Findings)
	}
}

// memoryChart is a chart folder held in memory, as the language server
// holds unsaved editor buffers.
func memoryChart(template string) fstest.MapFS {
	return fstest.MapFS{
		"Chart.yaml":        {Data: []byte("apiVersion: v2\nname: mem\nversion: 1.0.0\nicon: https://example.com/i.png\n")},
		"values.yaml":       {Data: []byte("name: x\n")},
		"templates/cm.yaml": {Data: []byte(template)},
		"templates/ok.yaml": {Data: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n")},
		"templates/_h.tpl":  {Data: []byte(`{{ define "h" }}{{ .Values.name }}{{ end }}`)},
	}
}

// TestRunChartFromMemory lints a chart loaded from an fs.FS that is not the
// disk, with every rule and then without rendering: the render-based rules
// fire only in the full run, the others in both, at the same places.
func TestRunChartFromMemory(t *testing.T) {
	fsys := memoryChart("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"hh\" . }}\ndata:\n  a: {{ .Values.nmae }}\n")
	c, err := chart.LoadDir(fsys, chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	target := lint.Target{Path: "mem", Dir: "/mem", FS: fsys, Chart: c}
	lintWith := func(opts lint.Options) map[string]bool {
		opts.Rules = rules.All()
		res, err := lint.RunChart(context.Background(), target, opts)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, f := range res.Findings {
			got[fmt.Sprintf("%s %s:%d", f.Rule, f.Path, f.Position().Line)] = true
		}
		return got
	}
	full, fast := lintWith(lint.Options{}), lintWith(lint.Options{NoRender: true})
	for _, want := range []string{"template-unknown-include templates/cm.yaml:4", "values-undefined templates/cm.yaml:6"} {
		if !full[want] {
			t.Errorf("the full run lacks %q: %v", want, full)
		}
	}
	if !fast["template-unknown-include templates/cm.yaml:4"] {
		t.Errorf("the run without render lacks the unknown include: %v", fast)
	}
	for f := range fast {
		if strings.HasPrefix(f, "values-undefined") || strings.HasPrefix(f, "template-render") {
			t.Errorf("the run without render reports %q", f)
		}
		if !full[f] {
			t.Errorf("the run without render reports %q, which the full run does not", f)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := lint.RunChart(ctx, target, lint.Options{Rules: rules.All()}); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled lint returned %v, want context.Canceled", err)
	}
	if _, err := lint.RunChart(context.Background(), lint.Target{Path: "empty", FS: fstest.MapFS{}}, lint.Options{}); !errors.Is(err, lint.ErrNotChart) {
		t.Errorf("a folder without Chart.yaml: %v, want ErrNotChart", err)
	}
}

// TestConfiguredSeverityReplacesSplit configures the severity of a rule
// whose findings differ in severity case by case: the configured severity
// applies to all of them.
func TestConfiguredSeverityReplacesSplit(t *testing.T) {
	const chart = "../testdata/lint/severity-duplicate-key/chart"
	count := func(cfg *lint.Config) map[lint.Severity]int {
		res, err := lint.Run(context.Background(), chart, lint.Options{Rules: rules.All(), Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		n := map[lint.Severity]int{}
		for _, f := range res.Findings {
			if f.Rule == "manifest-duplicate-key" {
				n[f.Severity]++
			}
		}
		return n
	}
	if got := count(nil); got[lint.Error] != 1 || got[lint.Warning] != 2 {
		t.Errorf("defaults: %v, want 1 error and 2 warnings", got)
	}
	cfg, err := lint.ParseConfig(".chartwright.yaml", []byte("rules:\n  manifest-duplicate-key: info\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := count(cfg); got[lint.Info] != 3 || len(got) != 1 {
		t.Errorf("configured info: %v, want 3 infos", got)
	}
}

// TestArchiveThatDoesNotLoad lints an archive whose files read but whose
// chart does not load (a folder under charts/ without Chart.yaml): as Helm
// lints the folder it extracts, the Chart.yaml rules still run and the
// load error is a helm lint error, not a chart that could not be linted.
func TestArchiveThatDoesNotLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c-0.1.0.tgz")
	writeTgz(t, path, map[string]string{
		"c/Chart.yaml":         "apiVersion: v2\nname: c\nversion: 0.1.0\n",
		"c/templates/cm.yaml":  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
		"c/charts/notes/a.txt": "not a chart",
	})
	res, err := lint.Run(context.Background(), path, lint.Options{Rules: rules.All()})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range report.HelmFindings(res) {
		got = append(got, fmt.Sprintf("[%s] %s: %s", f.Helm.Severity, f.Helm.Path, f.HelmText()))
	}
	want := []string{
		"[info] Chart.yaml: icon is recommended",
		"[info] values.yaml: file does not exist",
		"[error] templates/: error unpacking subchart notes in c: Chart.yaml file is missing",
		"[error] : unable to load chart\n\terror unpacking subchart notes in c: Chart.yaml file is missing",
	}
	if !slices.Equal(got, want) {
		t.Errorf("helm lint messages:\n%q\nwant\n%q", got, want)
	}
}

// writeTgz writes a gzipped tar of the files (name to content) at path.
func writeTgz(t *testing.T, path string, files map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(files[name])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
