package render_test

import (
	"context"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/render"
)

// Recording the source map must not change what renders, and without it no
// origins are kept.
func TestSourceMapIsOptional(t *testing.T) {
	for _, name := range []string{"webapp", "rt-funcs", "rt-hooks", "rt-values", "rt-deps"} {
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
