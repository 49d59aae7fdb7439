package refs

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// describeSpans renders spans as "file:line:col`text`".
func describeSpans(spans []source.Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = fmt.Sprintf("%s`%s`", s, s.File.Data[s.Start:s.End])
	}
	return out
}

// TestValuesNames checks where paths of atChart's values are written:
// in reads, in paths only named (an include's context), through a
// variable and a with, under ranged maps, as quoted keys.
func TestValuesNames(t *testing.T) {
	ix := Build(atChart())
	tests := []struct {
		path []string
		want []string
	}{
		// image is named where it is passed to include: the define's
		// reads of image.repo and image.tag do not write it.
		{[]string{"image"}, []string{"templates/cm.yaml:2:35`image`", "templates/cm.yaml:3:17`image`"}},
		{[]string{"image", "tag"}, []string{"templates/_helpers.tpl:5:17`tag`", "templates/cm.yaml:3:23`tag`"}},
		{[]string{"a", "b"}, []string{"templates/cm.yaml:5:10`b`"}},
		{[]string{"w", "inner"}, []string{"templates/cm.yaml:7:8`inner`"}},
		// m.*.f is read for every key of m.
		{[]string{"m", "anything", "f"}, []string{"templates/cm.yaml:12:10`f`"}},
		{[]string{"m", "*", "f"}, []string{"templates/cm.yaml:12:10`f`"}},
		{[]string{"s"}, []string{"templates/cm.yaml:14:23`\"s\"`"}},
		{[]string{"s", "t"}, []string{"templates/cm.yaml:14:27`\"t\"`"}},
		{[]string{"nameOverride"}, []string{"templates/_helpers.tpl:2:30`nameOverride`"}},
		{[]string{"missing"}, nil},
	}
	for _, tt := range tests {
		got := describeSpans(ix.ValuesNames(tt.path))
		if !slices.Equal(got, tt.want) {
			t.Errorf("ValuesNames(%s)\n got: %q\nwant: %q", strings.Join(tt.path, "."), got, tt.want)
		}
	}
}

// TestReadsUnder checks the reads of a path and below it, and that a list
// index of a values file's path matches a template's ranged list element.
func TestReadsUnder(t *testing.T) {
	c := newChart("app", nil, map[string]string{"templates/cm.yaml": `{{ range .Values.env }}{{ .name }}{{ end }}
{{ .Values.image.tag }}{{ .Values.image.repo }}{{ .Values.imageX }}`})
	ix := Build(c)
	tests := []struct {
		path []string
		want []string
	}{
		{[]string{"image"}, []string{"image.tag", "image.repo"}},
		{[]string{"image", "tag"}, []string{"image.tag"}},
		{[]string{"env"}, []string{"env", "env.[].name"}},
		{[]string{"env", "3", "name"}, []string{"env.[].name"}},
		{[]string{"env", "[]", "name"}, []string{"env.[].name"}},
		{[]string{"env", "x"}, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range ix.ReadsUnder(tt.path) {
			got = append(got, strings.Join(r.RootPath, "."))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ReadsUnder(%s)\n got: %q\nwant: %q", strings.Join(tt.path, "."), got, tt.want)
		}
	}
}

// TestValuesNamesSubchart checks that a subchart's names are found under
// its alias in the root's values, and its globals as globals.
func TestValuesNamesSubchart(t *testing.T) {
	parent := newChart("parent", nil, map[string]string{"templates/cm.yaml": `{{ .Values.one.x }}`})
	parent.Metadata.Dependencies = []*chart.Dependency{{Name: "sub", Alias: "one"}}
	sub := newChart("sub", nil, map[string]string{"templates/cm.yaml": `{{ .Values.x }}{{ .Values.global.g }}`})
	sub.Parent, parent.Subcharts = parent, []*chart.Chart{sub}
	ix := Build(parent)
	got := describeSpans(ix.ValuesNames([]string{"one", "x"}))
	want := []string{"templates/cm.yaml:1:12`x`", "templates/cm.yaml:1:16`x`"}
	if !slices.Equal(got, want) {
		t.Errorf("one.x\n got: %q\nwant: %q", got, want)
	}
	if got := ix.ValuesNames([]string{"one"}); len(got) != 1 || got[0].File != parent.Templates[0] {
		t.Errorf("one: %q, want the parent's only", describeSpans(got))
	}
	if got := describeSpans(ix.ValuesNames([]string{"global", "g"})); !slices.Equal(got, []string{"templates/cm.yaml:1:34`g`"}) {
		t.Errorf("global.g: %q", got)
	}
}
