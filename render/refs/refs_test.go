package refs

import (
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// newChart builds a chart named name from template texts keyed by file name.
func newChart(name string, values map[string]any, templates map[string]string) *chart.Chart {
	c := &chart.Chart{Metadata: &chart.Metadata{Name: name, APIVersion: chart.APIVersionV2, Version: "1.0.0"}, Values: values}
	names := make([]string, 0, len(templates))
	for n := range templates {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		c.Templates = append(c.Templates, source.NewFile(n, []byte(templates[n])))
	}
	return c
}

// describe renders a read as "root.path flags `span text`": g guarded, w whole.
func describe(r Read) string {
	flags := []byte("--")
	if r.Guarded {
		flags[0] = 'g'
	}
	if r.Whole {
		flags[1] = 'w'
	}
	return fmt.Sprintf("%s %s `%s`", strings.Join(r.RootPath, "."), flags, r.Span.File.Data[r.Span.Start:r.Span.End])
}

func describeAll(reads iter.Seq2[int, Read]) []string {
	out := []string{}
	for _, r := range reads {
		out = append(out, describe(r))
	}
	return out
}

func TestReads(t *testing.T) {
	tests := []struct {
		name    string
		tmpl    string
		helpers string // templates/_helpers.tpl, when set
		values  map[string]any
		want    []string
	}{
		{name: "field chain", tmpl: `{{ .Values.a.b }}`, want: []string{"a.b -w `.Values.a.b`"}},
		{name: "root variable", tmpl: `{{ $.Values.a }}`, want: []string{"a -w `$.Values.a`"}},
		{name: "piped to a function", tmpl: `{{ .Values.a | quote }}`, want: []string{"a -w `.Values.a`"}},
		{name: "with rebinds dot and guards", tmpl: `{{ with .Values.a }}{{ .b }}{{ end }}`,
			want: []string{"a g- `.Values.a`", "a.b gw `.b`"}},
		{name: "with else keeps dot", tmpl: `{{ with .Values.a }}x{{ else }}{{ .Values.c }}{{ end }}`,
			want: []string{"a g- `.Values.a`", "c -w `.Values.c`"}},
		{name: "range over a list", tmpl: `{{ range .Values.list }}{{ .name }}{{ end }}`,
			want: []string{"list g- `.Values.list`", "list.[].name gw `.name`"}},
		{name: "range over a map with key and value", tmpl: `{{ range $k, $v := .Values.m }}{{ $k }}{{ $v.x }}{{ end }}`,
			want: []string{"m g- `.Values.m`", "m.*.x gw `$v.x`"}},
		{name: "range over a map values.yaml declares", tmpl: `{{ range .Values.m }}{{ .x }}{{ end }}`,
			values: map[string]any{"m": map[string]any{"k": map[string]any{"x": 1.0}}},
			want:   []string{"m g- `.Values.m`", "m.*.x gw `.x`"}},
		{name: "range without field access consumes elements", tmpl: `{{ range .Values.list }}{{ . }}{{ end }}`,
			want: []string{"list g- `.Values.list`", "list.[] gw `.`"}},
		{name: "variable", tmpl: `{{ $x := .Values.a }}{{ $x.b }}`,
			want: []string{"a -- `.Values.a`", "a.b -w `$x.b`"}},
		{name: "assignment keeps both values", tmpl: `{{ $x := .Values.a }}{{ $x = .Values.b }}{{ $x.c }}`,
			want: []string{"a -- `.Values.a`", "b -- `.Values.b`", "a.c -w `$x.c`", "b.c -w `$x.c`"}},
		{name: "index with constant keys", tmpl: `{{ index .Values "a" "b" }}`, want: []string{"a.b -w `index .Values \"a\" \"b\"`"}},
		{name: "index with a computed key", tmpl: `{{ index .Values.m .Values.k }}`,
			want: []string{"k -w `.Values.k`", "m.* -w `index .Values.m .Values.k`"}},
		{name: "chain after a call", tmpl: `{{ (index .Values "a").b }}`, want: []string{"a.b -w `(index .Values \"a\").b`"}},
		{name: "default", tmpl: `{{ default "x" .Values.a }}`, want: []string{"a gw `.Values.a`"}},
		{name: "default piped", tmpl: `{{ .Values.a | default "x" | quote }}`, want: []string{"a gw `.Values.a`"}},
		{name: "default guards what is read below it", tmpl: `{{ $c := .Values.c | default dict }}{{ $c.d }}`,
			want: []string{"c g- `.Values.c`", "c.d gw `$c.d`"}},
		{name: "if guards the path and below", tmpl: `{{ if .Values.a }}{{ .Values.a.b }}{{ else }}{{ .Values.a.c }}{{ end }}{{ .Values.a.d }}`,
			want: []string{"a g- `.Values.a`", "a.b gw `.Values.a.b`", "a.c gw `.Values.a.c`", "a.d -w `.Values.a.d`"}},
		{name: "if with and", tmpl: `{{ if and .Values.a (eq .Values.b "x") }}{{ .Values.b.c }}{{ end }}`,
			want: []string{"b g- `.Values.b`", "a g- `.Values.a`", "b.c gw `.Values.b.c`"}},
		{name: "hasKey", tmpl: `{{ if hasKey .Values "a" }}{{ .Values.a.x }}{{ end }}`,
			want: []string{"a g- `hasKey .Values \"a\"`", "a.x gw `.Values.a.x`"}},
		{name: "dig", tmpl: `{{ dig "a" "b" "" .Values }}`, want: []string{"a.b gw `dig \"a\" \"b\" \"\" .Values`"}},
		{name: "empty", tmpl: `{{ $e := empty .Values.a }}`, want: []string{"a g- `.Values.a`"}},
		{name: "required", tmpl: `{{ required "a is required" .Values.a }}`, want: []string{"a gw `.Values.a`"}},
		{name: "ternary", tmpl: `{{ ternary .Values.a "b" .Values.c }}`, want: []string{"c g- `.Values.c`", "a gw `.Values.a`"}},
		{name: "coalesce", tmpl: `{{ coalesce .Values.a .Values.b "x" }}`, want: []string{"a gw `.Values.a`", "b gw `.Values.b`"}},
		{name: "toYaml consumes the subtree", tmpl: `{{ toYaml .Values.x }}`, want: []string{"x -w `.Values.x`"}},
		{name: "whole values", tmpl: `{{ toYaml .Values }}`, want: []string{" -w `.Values`"}},
		{name: "whole top-level object", tmpl: `{{ toJson . }}`, want: []string{" -w `.`"}},
		{name: "tpl of a rendered subtree", tmpl: `{{ tpl (toYaml .Values.x) . }}`, want: []string{"x -w `.Values.x`"}},
		{name: "tpl of constant text", tmpl: `{{ tpl "{{ .Values.z }}" . }}`, want: []string{"z -w `tpl \"{{ .Values.z }}\" .`"}},
		{name: "tpl of a values string", tmpl: `{{ tpl .Values.t . }}`, values: map[string]any{"t": "{{ .Values.u }}"},
			want: []string{"t -w `.Values.t`", "u -w `tpl .Values.t .`"}},
		{name: "include with the root context", tmpl: `{{ include "h" . }}`, helpers: `{{ define "h" }}{{ .Values.a }}{{ end }}`,
			want: []string{"a -w `.Values.a`"}},
		{name: "template with the root variable", tmpl: `{{ with .Values.w }}{{ template "h" $ }}{{ end }}`,
			helpers: `{{ define "h" }}{{ .Values.w.a }}{{ .Values.b }}{{ end }}`,
			want:    []string{"w g- `.Values.w`", "w.a gw `.Values.w.a`", "b -w `.Values.b`"}},
		{name: "include with a values subtree", tmpl: `{{ include "h" .Values.img }}`, helpers: `{{ define "h" }}{{ .tag }}{{ end }}`,
			want: []string{"img.tag -w `.tag`"}},
		{name: "include with all values", tmpl: `{{ include "h" .Values }}`, helpers: `{{ define "h" }}{{ toYaml . }}{{ end }}`,
			want: []string{" -w `.`"}},
		{name: "include with a dict", tmpl: `{{ include "h" (dict "ctx" . "img" .Values.image) }}`,
			helpers: `{{ define "h" }}{{ .img.tag }}{{ .ctx.Values.b }}{{ $.ctx.Values.c }}{{ end }}`,
			want:    []string{"image.tag -w `.img.tag`", "b -w `.ctx.Values.b`", "c -w `$.ctx.Values.c`"}},
		{name: "guard at the call covers the helper", tmpl: `{{ if .Values.a }}{{ include "h" . }}{{ end }}`,
			helpers: `{{ define "h" }}{{ .Values.a.b }}{{ end }}`,
			want:    []string{"a g- `.Values.a`", "a.b gw `.Values.a.b`"}},
		{name: "recursive include stops", tmpl: `{{ include "r" . }}`, helpers: `{{ define "r" }}{{ .Values.a }}{{ include "r" . }}{{ end }}`,
			want: []string{"a -w `.Values.a`"}},
		{name: "recursive include on a growing context stops", tmpl: `{{ include "r" .Values }}`,
			helpers: `{{ define "r" }}{{ include "r" .x }}{{ end }}`, want: []string{}},
		{name: "dynamic include is not guessed", tmpl: `{{ include (printf "%s" .Values.n) . }}`, helpers: `{{ define "h" }}{{ .Values.a }}{{ end }}`,
			want: []string{"n -w `.Values.n`"}},
		{name: "include of a printed constant name", tmpl: `{{ include (printf "%s" "h") . }}`, helpers: `{{ define "h" }}{{ .Values.a }}{{ end }}`,
			want: []string{"a -w `.Values.a`"}},
		{name: "include of a file by .Template.BasePath", tmpl: `{{ include (print .Template.BasePath "/_helpers.tpl") . }}`,
			helpers: `{{ .Values.h }}`, want: []string{"h -w `.Values.h`"}},
		{name: "include of a file by printf, for a checksum", tmpl: `{{ include (printf "%s/_helpers.tpl" $.Template.BasePath) . | sha256sum }}`,
			helpers: `{{ .Values.h }}`, want: []string{"h -w `.Values.h`"}},
		{name: "include of a file by a path printed of values is not guessed", tmpl: `{{ include (printf "%s/_helpers.tpl" .Values.base) . }}`,
			helpers: `{{ .Values.h }}`, want: []string{"base -w `.Values.base`"}},
		{name: "print joins strings", tmpl: `{{ tpl (print "{{ .Values." "p }}") . }}`,
			want: []string{"p -w `tpl (print \"{{ .Values.\" \"p }}\") .`"}},
		{name: "Values.AsMap is the values", tmpl: `{{ $v := .Values.AsMap }}{{ $v.image.tag }}{{ toYaml $.Values.AsMap }}`,
			want: []string{" -- `.Values.AsMap`", "image.tag -w `$v.image.tag`", " -w `$.Values.AsMap`"}},
		{name: "AsMap below the root is a key", tmpl: `{{ .Values.image.AsMap }}{{ index .Values "AsMap" }}`,
			want: []string{"image.AsMap -w `.Values.image.AsMap`", "AsMap -w `index .Values \"AsMap\"`"}},
		{name: "globals", tmpl: `{{ .Values.global.registry }}`, want: []string{"global.registry -w `.Values.global.registry`"}},
		{name: "pluck", tmpl: `{{ first (pluck "k" .Values.a .Values.b) }}`, want: []string{"a.k gw `.Values.a`", "b.k gw `.Values.b`"}},
		{name: "a dict consumed whole, in key order", tmpl: `{{ toYaml (dict "c" .Values.c "a" .Values.a "d" .Values.d "b" .Values.b) }}`,
			want: []string{"a -w `.Values.a`", "b -w `.Values.b`", "c -w `.Values.c`", "d -w `.Values.d`"}},
		{name: "a dict ranged, in key order", tmpl: `{{ range (dict "c" .Values.c "a" .Values.a "b" .Values.b) }}{{ .x }}{{ end }}`,
			want: []string{"a.x -w `.x`", "b.x -w `.x`", "c.x -w `.x`"}},
		{name: "set and unset on the top-level object read no values", tmpl: `{{ $_ := set $ "k" .Values.a }}{{ $_ := unset . "k" }}{{ $_ := set . "j" "x" }}`,
			want: []string{"a -w `.Values.a`"}},
		{name: "a copy of the top-level object given other values holds none of the chart's", tmpl: `{{ include "x" (set (deepCopy $) "Values" (dict "a" .Values.b)) }}`,
			helpers: `{{ define "x" }}{{ .Values.a }}{{ .Values.c }}{{ end }}`,
			want:    []string{"b -w `.Values.b`"}},
		{name: "set on a dict", tmpl: `{{ $d := dict }}{{ $_ := set $d "x" .Values.a }}{{ $d.x.y }}`,
			want: []string{"a.y -w `$d.x.y`"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			templates := map[string]string{"templates/t.yaml": tt.tmpl}
			if tt.helpers != "" {
				templates["templates/_helpers.tpl"] = tt.helpers
			}
			ix := Build(newChart("app", tt.values, templates))
			if issues := ix.Issues(); len(issues) > 0 {
				t.Fatalf("issues: %v", issues)
			}
			got := describeAll(ix.Reads())
			if !slices.Equal(got, tt.want) {
				t.Errorf("reads of %s\n got: %q\nwant: %q", tt.tmpl, got, tt.want)
			}
		})
	}
}

// TestValuesPrefixes checks where subcharts' values sit in the root's:
// under the alias of an aliased subchart, under the name otherwise.
func TestValuesPrefixes(t *testing.T) {
	root, err := chart.Load("../../testdata/charts/shop", chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range append([]*chart.Chart{root}, root.Subcharts...) {
		got[c.Name()] = fmt.Sprint(ValuesPrefixes(root, c))
	}
	want := map[string]string{"shop": "[[]]", "database": "[[orders]]", "common": "[[common]]"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("prefixes %v, want %v", got, want)
	}
	if p := ValuesPrefixes(root, &chart.Chart{}); p != nil {
		t.Errorf("a chart outside the tree has prefixes %v", p)
	}
}

// TestParseErrorSpan checks that a template that does not parse is an
// issue placed at the token at fault, not at the start of the file.
func TestParseErrorSpan(t *testing.T) {
	ix := Build(newChart("app", nil, map[string]string{
		"templates/a.yaml": "a: 1\nb: {{ .Values.b \n",
		"templates/b.yaml": "a: 1\nb: {{ if .Values.b }}{{ end }}{{ end }}\n",
	}))
	var got []string
	for _, is := range ix.Issues() {
		sp := is.Span
		got = append(got, fmt.Sprintf("%s %s %q", sp.File.Name, sp, sp.File.Data[sp.Start:sp.End]))
	}
	want := []string{
		`templates/b.yaml templates/b.yaml:2:34 "end"`,
		`templates/a.yaml templates/a.yaml:2:4 "{{"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("parse error issues\n got: %q\nwant: %q", got, want)
	}
}

// TestCallsInAParenthesizedHead checks that calls inside a parenthesized
// pipeline that starts a command are found, as those in arguments are.
func TestCallsInAParenthesizedHead(t *testing.T) {
	ix := Build(newChart("app", nil, map[string]string{
		"templates/a.yaml": `{{ (include "missing" .) | quote }}{{ (nosuch 1).x }}`,
	}))
	var got []string
	for _, c := range ix.Calls() {
		got = append(got, c.Kind.String()+" "+c.Name)
	}
	for _, is := range ix.Issues() {
		got = append(got, is.Message)
	}
	if want := []string{"include missing", `function "nosuch" not defined`}; !slices.Equal(got, want) {
		t.Errorf("calls and issues\n got: %q\nwant: %q", got, want)
	}
}

// TestTplOfChartFiles checks that chart files given to tpl are analysed as
// the templates they are: those a constant path or pattern names, those a
// range over a Glob gives, every file with an action when the path is
// computed, and none through AsSecrets, whose base64 text holds no action.
func TestTplOfChartFiles(t *testing.T) {
	tests := []struct {
		name, tmpl string
		want       []string
	}{
		{"Get of a constant path", `{{ tpl (.Files.Get "conf/a.conf") . }}`,
			[]string{"a -w `tpl (.Files.Get \"conf/a.conf\") .`"}},
		{"Get piped a path, through a variable", `{{ $c := "conf/b.conf" | .Files.Get }}{{ tpl $c . }}`,
			[]string{"b -w `tpl $c .`"}},
		{"AsConfig of a Glob", `{{ tpl (.Files.Glob "conf/*").AsConfig . }}`,
			[]string{"a -w `tpl (.Files.Glob \"conf/*\").AsConfig .`", "b -w `tpl (.Files.Glob \"conf/*\").AsConfig .`"}},
		{"Get of a ranged Glob's key", `{{ range $path, $_ := .Files.Glob "conf/*.conf" }}{{ tpl ($.Files.Get $path) $ }}{{ end }}`,
			[]string{"a -w `tpl ($.Files.Get $path) $`", "b -w `tpl ($.Files.Get $path) $`"}},
		{"a computed path stands for every file", `{{ $f := .Files }}{{ tpl ($f.Glob (printf "conf/%s" .Values.n)).AsConfig $ }}`,
			[]string{"n -w `.Values.n`", "a -w `tpl ($f.Glob (printf \"conf/%s\" .Values.n)).AsConfig $`",
				"b -w `tpl ($f.Glob (printf \"conf/%s\" .Values.n)).AsConfig $`", "c -w `tpl ($f.Glob (printf \"conf/%s\" .Values.n)).AsConfig $`"}},
		{"a values path stands for every file", `{{ tpl (.Files.Get .Values.path) . }}`,
			[]string{"path -w `.Values.path`", "a -w `tpl (.Files.Get .Values.path) .`", "b -w `tpl (.Files.Get .Values.path) .`",
				"c -w `tpl (.Files.Get .Values.path) .`"}},
		{"AsSecrets holds no action", `{{ tpl (.Files.Glob "conf/*").AsSecrets . }}`, []string{}},
		{"files not given to tpl are not templates", `{{ .Files.Get "conf/a.conf" }}`, []string{}},
		{"a missing file reads nothing", `{{ tpl (.Files.Get "conf/x.conf") . }}`, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newChart("app", nil, map[string]string{"templates/t.yaml": tt.tmpl})
			for name, text := range map[string]string{"conf/a.conf": "a: {{ .Values.a }}", "conf/b.conf": "b: {{ .Values.b }}",
				"other/c.txt": "{{ .Values.c }}", "conf/broken.txt": "{{ .Values.d", "conf/plain": "no action"} {
				c.Files = append(c.Files, source.NewFile(name, []byte(text)))
			}
			slices.SortFunc(c.Files, func(a, b *source.File) int { return strings.Compare(a.Name, b.Name) })
			got := describeAll(Build(c).Reads())
			if !slices.Equal(got, tt.want) {
				t.Errorf("reads of %s\n got: %q\nwant: %q", tt.tmpl, got, tt.want)
			}
		})
	}
}

// TestRenders checks what an undefined read renders as through the
// functions that make it other than empty, and that default guards it
// after a conversion to a number but not after toString, whose "<nil>" is
// not empty.
func TestRenders(t *testing.T) {
	tests := []struct{ tmpl, want string }{
		{`{{ .Values.a }}`, "a -w `.Values.a` renders \"\""},
		{`{{ .Values.a | int }}`, "a -w `.Values.a` renders \"0\""},
		{`{{ .Values.a | int | default 15 }}`, "a gw `.Values.a` renders \"0\""},
		{`{{ float64 .Values.a | default 1.5 | quote }}`, "a gw `.Values.a` renders \"0\""},
		{`{{ .Values.a | toString | default "d" }}`, "a -w `.Values.a` renders \"<nil>\""},
		{`{{ .Values.a | toString | atoi | default 8 }}`, "a gw `.Values.a` renders \"0\""},
		{`{{ .Values.a | int | toString }}`, "a -w `.Values.a` renders \"0\""},
		{`{{ toYaml .Values.a }}`, "a -w `.Values.a` renders \"null\""},
		{`{{ print .Values.a }}`, "a -w `.Values.a` renders \"<nil>\""},
		{`{{ pluck "a" .Values | first }}`, "a gw `.Values` renders \"\""},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range Build(newChart("app", nil, map[string]string{"templates/t.yaml": tt.tmpl})).Reads() {
			got = append(got, fmt.Sprintf("%s renders %q", describe(r), r.Renders))
		}
		if !slices.Equal(got, []string{tt.want}) {
			t.Errorf("reads of %s\n got: %q\nwant: %q", tt.tmpl, got, tt.want)
		}
	}
}

// TestCallsAllocatedOnce checks that the calls of a chart fit in the
// slice callBound sizes from the texts (include, tpl and template calls,
// a file that does not parse left out), which is then not grown.
func TestCallsAllocatedOnce(t *testing.T) {
	c := newChart("c", nil, map[string]string{
		"templates/_helpers.tpl": `{{ define "a" }}{{ include "b" . }}{{ template "b" . }}{{ end }}{{ define "b" }}{{ tpl "x" . }}{{ end }}`,
		"templates/cm.yaml":      "spec:\n  template: {{ include \"a\" . }}{{ template \"a\" . }}{{ template \"b\" . }}\n",
		"templates/broken.yaml":  `{{ include "a" . }}{{ if }}`,
	})
	ix := BuildReads(c, nil)
	files := collectFiles(c, nil)
	for _, f := range files {
		_ = f.parse(nil) // the broken file fails: it has no trees
	}
	bound := callBound(files)
	if got := len(ix.Calls()); got != 6 || cap(ix.Calls()) != bound {
		t.Errorf("%d calls in a slice of capacity %d, want 6 in one of capacity %d (callBound)", got, cap(ix.Calls()), bound)
	}
}
