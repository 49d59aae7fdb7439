package lint_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/render/refs"
)

// TestRunChartTakesIndex lints with the refs index the caller gives, as
// the language server does with its snapshot's: the rules read that index
// and build none of their own. The index given is of a variant of the
// chart that defines the template the linted chart includes, so the
// include is unknown only when the lint indexes the chart itself.
func TestRunChartTakesIndex(t *testing.T) {
	template := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"hh\" . }}\n"
	fsys := memoryChart(template)
	c, err := chart.LoadDir(fsys, chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	variant := memoryChart(template)
	variant["templates/_hh.tpl"] = &fstest.MapFile{Data: []byte(`{{ define "hh" }}x{{ end }}`)}
	vc, err := chart.LoadDir(variant, chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	unknownIncludes := func(opts lint.Options) int {
		opts.Rules, opts.NoRender = rules.All(), true
		res, err := lint.RunChart(context.Background(), lint.Target{Path: "mem", Dir: "/mem", FS: fsys, Chart: c}, opts)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range res.Findings {
			if f.Rule == "template-unknown-include" {
				n++
			}
		}
		return n
	}
	if n := unknownIncludes(lint.Options{}); n != 1 {
		t.Errorf("without an index: %d unknown includes, want 1", n)
	}
	if n := unknownIncludes(lint.Options{Index: refs.Build(vc)}); n != 0 {
		t.Errorf("with the variant's index: %d unknown includes, want 0 (the index given was not used)", n)
	}
}
