package refs

import (
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
)

func loadParent(t *testing.T) *chart.Chart {
	t.Helper()
	c, err := chart.Load("../../testdata/refs/parent", chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSubchartScoping checks that a subchart's reads are of its table in
// the parent's values, under its alias, that globals stay global, and that
// .Subcharts.<alias>.Values reaches the subchart's values.
func TestSubchartScoping(t *testing.T) {
	ix := Build(loadParent(t))
	var got []string
	for _, r := range ix.Reads() {
		got = append(got, r.Chart.Name()+":"+strings.Join(r.Path, ".")+"="+strings.Join(r.RootPath, ".")+" "+r.Template)
	}
	want := []string{
		"sub:y=child.y parent/charts/sub/templates/cm.yaml",
		"sub:global.g=global.g parent/charts/sub/templates/cm.yaml",
		"sub:x=child.x parent/templates/cm.yaml",
		// the sub's shared.empty wins, and runs with the parent's context
		"parent:y=y parent/templates/cm.yaml",
	}
	if !slices.Equal(got, want) {
		t.Errorf("reads\n got: %q\nwant: %q", got, want)
	}
	if r := ix.ReadsOf("parent/templates/cm.yaml"); len(r) != 2 || len(r[1].Via) != 1 || r[1].Via[0].File.Name != "templates/cm.yaml" {
		t.Errorf("ReadsOf parent cm.yaml: %+v", r)
	}
}

// TestSubchartAliasedTwice checks that the reads of a subchart that
// Chart.yaml names twice, under two aliases, are at both places in the
// root's values, one after the other; globals are at one place.
func TestSubchartAliasedTwice(t *testing.T) {
	parent := newChart("parent", nil, map[string]string{"templates/cm.yaml": `{{ .Values.p }}`})
	parent.Metadata.Dependencies = []*chart.Dependency{{Name: "sub", Alias: "one"}, {Name: "sub", Alias: "two"}}
	sub := newChart("sub", nil, map[string]string{"templates/cm.yaml": `{{ .Values.x }}{{ .Values.global.g }}{{ .Values.y }}`})
	sub.Parent, parent.Subcharts = parent, []*chart.Chart{sub}
	var got []string
	for _, r := range Build(parent).Reads() {
		got = append(got, strings.Join(r.RootPath, "."))
	}
	if want := []string{"one.x", "two.x", "global.g", "one.y", "two.y", "p"}; !slices.Equal(got, want) {
		t.Errorf("root paths\n got: %q\nwant: %q", got, want)
	}
}

// TestDefines checks Helm's rules for defines declared twice: deeper paths
// parse first and the last parsed wins, unless it is empty.
func TestDefines(t *testing.T) {
	ix := Build(loadParent(t))
	var got []string
	for _, d := range ix.Defines() {
		if d.File {
			continue
		}
		got = append(got, d.Template+" "+d.Name+" "+string(d.Span.File.Data[d.Span.Start:d.Span.End])+
			map[bool]string{true: " active", false: ""}[d.Active]+map[bool]string{true: " empty", false: ""}[d.Empty])
	}
	want := []string{
		`parent/charts/sub/templates/_helpers.tpl shared.name "shared.name"`,
		`parent/charts/sub/templates/_helpers.tpl shared.empty "shared.empty" active`,
		`parent/templates/_helpers.tpl shared.name "shared.name" active`,
		`parent/templates/_helpers.tpl shared.empty "shared.empty" empty`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("defines\n got: %q\nwant: %q", got, want)
	}
	if d := ix.Define("shared.name"); d == nil || d.Chart.Name() != "parent" {
		t.Errorf("Define(shared.name) = %+v, want the parent's", d)
	}
}

// TestCalls checks include and template calls: resolution, names and their
// spans, dynamic names, and the did-you-mean for an unknown name.
func TestCalls(t *testing.T) {
	c := newChart("app", nil, map[string]string{
		"templates/_h.tpl": `{{ define "app.name" }}x{{ end }}`,
		"templates/t.yaml": `{{ include "app.name" . }}{{ template "app.name" }}{{ include "app.nmae" . }}` +
			`{{ include (printf "app.%s" "name") . }}{{ tpl .Values.t . }}`,
	})
	ix := Build(c)
	var got []string
	for _, call := range ix.Calls() {
		name := "" // a dynamic call has no name span
		if call.NameSpan.File != nil {
			name = string(call.NameSpan.File.Data[call.NameSpan.Start:call.NameSpan.End])
		}
		whole := string(call.Span.File.Data[call.Span.Start:call.Span.End])
		got = append(got, strings.Join([]string{call.Kind.String(), call.Name, name, whole,
			map[bool]string{true: "resolved", false: "unresolved"}[call.Define != nil],
			map[bool]string{true: "dynamic", false: "constant"}[call.Dynamic]}, "|"))
	}
	want := []string{
		`include|app.name|"app.name"|include "app.name" .|resolved|constant`,
		`template|app.name|"app.name"|"app.name"|resolved|constant`,
		`include|app.nmae|"app.nmae"|include "app.nmae" .|unresolved|constant`,
		`include|||include (printf "app.%s" "name") .|unresolved|dynamic`,
		`tpl|||tpl .Values.t .|unresolved|dynamic`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("calls\n got: %q\nwant: %q", got, want)
	}
	if s := ix.Suggest("app.nmae"); s != "app.name" {
		t.Errorf("Suggest(app.nmae) = %q, want app.name", s)
	}
	if s := ix.Suggest("zzz"); s != "" {
		t.Errorf("Suggest(zzz) = %q, want none", s)
	}
	if n := len(ix.CallsTo("app.name")); n != 2 {
		t.Errorf("CallsTo(app.name) = %d calls, want 2", n)
	}
}

// TestIssues checks unknown functions, argument counts (a piped value
// counts) and parse errors.
func TestIssues(t *testing.T) {
	c := newChart("app", nil, map[string]string{
		"templates/a.yaml": `{{ nosuch 1 }}{{ include "x" }}{{ "a" | quote }}{{ .Values.a | trunc }}{{ env "HOME" }}{{ "x" | include "y" }}`,
		"templates/b.yaml": `{{ if }}`,
	})
	ix := Build(c)
	var got []string
	for _, is := range ix.Issues() {
		got = append(got, is.Span.File.Name+": "+is.Message)
	}
	want := []string{
		"templates/b.yaml: template: app/templates/b.yaml:1: missing value for if",
		`templates/a.yaml: function "nosuch" not defined`,
		"templates/a.yaml: wrong number of args for include: want 2 got 1",
		"templates/a.yaml: wrong number of args for trunc: want 2 got 1",
		`templates/a.yaml: function "env" not defined`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("issues\n got: %q\nwant: %q", got, want)
	}
}

// TestSubchartBasePath checks that .Template.BasePath names the templates/
// of the chart whose template runs: a subchart's include of a file by it
// reaches its own file, not the parent's of the same name.
func TestSubchartBasePath(t *testing.T) {
	parent := newChart("parent", nil, map[string]string{"templates/_f.tpl": `{{ .Values.p }}`})
	sub := newChart("sub", nil, map[string]string{
		"templates/_f.tpl":  `{{ .Values.s }}`,
		"templates/cm.yaml": `{{ include (print .Template.BasePath "/_f.tpl") . }}`,
	})
	sub.Parent, parent.Subcharts = parent, []*chart.Chart{sub}
	var got []string
	for _, r := range Build(parent).Reads() {
		got = append(got, strings.Join(r.RootPath, ".")+" "+r.Template)
	}
	if want := []string{"sub.s parent/charts/sub/templates/cm.yaml"}; !slices.Equal(got, want) {
		t.Errorf("reads\n got: %q\nwant: %q", got, want)
	}
}
