package lint_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lint"
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
