package chart

import (
	"fmt"
	"testing"

	"github.com/chartwright/chartwright/chart/source"
)

// TestRenderedTemplatesNames checks the names Helm's engine gives a
// chart's templates, a name held twice being one template, the last, at
// the first's place, whether the names come sorted or not.
func TestRenderedTemplatesNames(t *testing.T) {
	for _, tt := range []struct {
		names []string
		want  string
	}{
		{[]string{"templates/a.yaml", "templates/b.yaml"}, "[c/templates/a.yaml:0 c/templates/b.yaml:1]"},
		{[]string{"templates/b.yaml", "templates/a.yaml"}, "[c/templates/b.yaml:0 c/templates/a.yaml:1]"},
		{[]string{"templates/a.yaml", "templates/a.yaml", "templates/b.yaml"}, "[c/templates/a.yaml:1 c/templates/b.yaml:2]"},
		{[]string{"templates/./b.yaml", "templates/b.yaml", "templates/c.yaml"}, "[c/templates/b.yaml:1 c/templates/c.yaml:2]"},
	} {
		c := &Chart{Metadata: &Metadata{Name: "c"}}
		for i, n := range tt.names {
			c.Templates = append(c.Templates, source.NewFile(n, fmt.Append(nil, i)))
		}
		var got []string
		for _, nt := range c.RenderedTemplates() {
			got = append(got, nt.Name+":"+string(nt.File.Data))
		}
		if fmt.Sprint(got) != tt.want {
			t.Errorf("%q: %v, want %v", tt.names, got, tt.want)
		}
	}
}

// TestDistinctNames checks that distinctNames vouches only for names that
// cannot repeat: clean and strictly increasing.
func TestDistinctNames(t *testing.T) {
	for _, tt := range []struct {
		names []string
		want  bool
	}{
		{nil, true},
		{[]string{"templates/a.yaml", "templates/b.yaml"}, true},
		{[]string{"templates/a.yaml", "templates/a.yaml"}, false},
		{[]string{"templates/b.yaml", "templates/a.yaml"}, false},
		{[]string{"templates/./a.yaml"}, false},
	} {
		var files []*source.File
		for _, n := range tt.names {
			files = append(files, source.NewFile(n, nil))
		}
		if got := distinctNames(files); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.names, got, tt.want)
		}
	}
}
