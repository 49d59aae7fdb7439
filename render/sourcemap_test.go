package render_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/render"
)

// Recording the source map must not change what renders, and without it no
// origins are kept.
func TestSourceMapIsOptional(t *testing.T) {
	for _, name := range []string{"webapp", "rt-funcs", "rt-hooks", "rt-values", "rt-deps", "rt-novalue"} {
		c, err := chart.Load("../testdata/charts/"+name, chart.Options{})
		if err != nil {
			t.Fatal(err)
		}
		mapped, err1 := render.Template(context.Background(), c, render.Options{SourceMap: true})
		plain, err2 := render.Template(context.Background(), c, render.Options{})
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%s: errors differ: %v, %v", name, err1, err2)
		}
		if mapped == nil || plain == nil {
			continue
		}
		if len(mapped.Output.Files) != len(plain.Output.Files) {
			t.Fatalf("%s: %d files with the source map, %d without", name, len(mapped.Output.Files), len(plain.Output.Files))
		}
		for i, f := range mapped.Output.Files {
			p := plain.Output.Files[i]
			if f.Content != p.Content {
				t.Errorf("%s: %s renders differently without the source map", name, f.Name)
			}
			if f.Content != "" && len(f.Lines) == 0 || len(p.Lines) != 0 {
				t.Errorf("%s: %s has %d origins mapped, %d unmapped", name, f.Name, len(f.Lines), len(p.Lines))
			}
		}
	}
}

// TestNoValueKeepsOrigins renders a template whose lines print missing
// values: "<no value>" must leave the output (with the source map, as lint
// renders, and without), and every later line must keep its origin. Each
// line of rt-novalue's cm.yaml renders as one line.
func TestNoValueKeepsOrigins(t *testing.T) {
	c, err := chart.Load("../testdata/charts/rt-novalue", chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sourceMap := range []bool{false, true} {
		rel, err := render.Template(context.Background(), c, render.Options{SourceMap: sourceMap})
		if err != nil {
			t.Fatal(err)
		}
		var cm *render.Rendered
		for _, f := range rel.Output.Files {
			if f.Name == "rt-novalue/templates/cm.yaml" {
				cm = f
			}
		}
		if cm == nil {
			t.Fatal("cm.yaml not rendered")
		}
		if strings.Contains(cm.Content, "<no value>") {
			t.Errorf("source map %v: <no value> left in the output:\n%s", sourceMap, cm.Content)
		}
		if !sourceMap {
			continue
		}
		lines := strings.Split(strings.TrimSuffix(cm.Content, "\n"), "\n")
		if len(cm.Lines) < len(lines) {
			t.Fatalf("%d origins for %d lines", len(cm.Lines), len(lines))
		}
		for i, line := range lines {
			o := cm.Lines[i]
			if o.File == nil || o.File.Name != "templates/cm.yaml" || o.File.Position(o.Offset).Line != i+1 {
				t.Errorf("line %d %q: origin %v, want templates/cm.yaml line %d", i+1, line, o.Span(), i+1)
			}
		}
	}
}
