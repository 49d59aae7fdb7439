package chart

import (
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/internal/cores"
)

// TestLoadOnOneCore loads charts with subcharts (folders and archives) on
// one goroutine, where the walk reads the files and subcharts load in
// turn, and on all cores: the charts are the same, file for file.
func TestLoadOnOneCore(t *testing.T) {
	defer cores.Limit(0)
	for _, name := range []string{"shop", "rt-deps"} {
		dir := filepath.Join("..", "testdata", "charts", name)
		cores.Limit(0)
		want, err := Load(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		cores.Limit(1)
		got, err := Load(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if g, w := chartFiles(got), chartFiles(want); len(g) == 0 || !maps.Equal(g, w) {
			t.Errorf("%s on one core loaded %v, want %v", name, slices.Sorted(maps.Keys(g)), slices.Sorted(maps.Keys(w)))
		}
	}
}

// chartFiles maps each file of a chart tree, by chart path and file path,
// to its content.
func chartFiles(c *Chart) map[string]string {
	files := map[string]string{}
	var walk func(*Chart)
	walk = func(c *Chart) {
		for _, f := range c.Raw {
			files[c.FullPath()+"|"+f.Path] = string(f.Data)
		}
		for _, sub := range c.Subcharts {
			walk(sub)
		}
	}
	walk(c)
	return files
}
