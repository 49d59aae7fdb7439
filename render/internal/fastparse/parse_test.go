package fastparse

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/Masterminds/sprig/v3"
	"github.com/chartwright/chartwright/internal/corpus"
)

// funcs stands for a chart's function map: parse only asks whether a name
// is defined.
var funcs = func() map[string]any {
	m := map[string]any{}
	for name, f := range sprig.TxtFuncMap() {
		m[name] = f
	}
	for _, name := range []string{"include", "tpl", "required", "fail", "toYaml", "fromYaml", "toJson", "fromJson", "lookup"} {
		m[name] = fmt.Sprint
	}
	return m
}()

// cases are forms the parser handles itself and forms it must hand over.
var cases = []string{
	"", "plain text", "{{/* only a comment */}}", "a {{- /* c */ -}} b", "a\n  {{- /* c */}}\n b",
	"{{ .Values.a.b.c }}", "{{.}}", "{{ $ }}", "{{ $.Values.x }}", "{{ $x := .a }}{{ $x.b.c }}",
	"{{ $x = 1 }}", "{{ $x := 1 }}{{ $x = 2 }}", "{{- if .a }}\n  x\n{{- else if .b }}y{{ else }}z{{ end -}}\n",
	"{{ with .a }}{{ . }}{{ else with .b }}b{{ else }}c{{ end }}",
	"{{ range $i, $v := .list }}{{ $i }}={{ $v }}{{ break }}{{ continue }}{{ else }}none{{ end }}",
	"{{ range $v := .list }}{{ end }}{{ range .list }}{{ end }}",
	`{{ define "a" }}A{{ end }}{{ define "b" -}} B {{- end }}{{ template "a" . }}{{ template "b" }}`,
	`{{ define "e" }}{{ end }}{{ define "e" }}not empty{{ end }}`,
	`{{ block "blk" .x }}in block {{ . }}{{ end }}`,
	`{{ include "x" . | nindent 4 }}{{ toYaml .a | indent 2 }}`,
	`{{ printf "%s-%d" "a\t\"b\"" 42 }}{{ printf ` + "`raw\r\nstring`" + ` }}`,
	"{{ 1 }}{{ -2 }}{{ +3 }}{{ 0x1F }}{{ 0o17 }}{{ 0b101 }}{{ 1_000 }}{{ 1.5 }}{{ .5 }}{{ 1e3 }}{{ 0x1p-2 }}{{ 18446744073709551615 }}{{ -0 }}{{ 2.0 }}",
	"{{ true }}{{ false }}{{ nil }}", "{{ (.a).b }}{{ (include \"x\" .).c.d }}{{ (len .a) }}",
	"{{ eq (len .a) 2 | not }}", "{{ and .a (or .b .c) }}",
	"{{ if $x := .a }}{{ $x }}{{ end }}", "{{ .a -}}\n\n{{- .b }}", "{{ .a\n}}", "{{- .a -}}",
	"{{ index .a \"b\" 1 }}", "{{ dict \"a\" 1 \"b\" (list 1 2) }}", "x {{- \n .a \n -}} y",
	"{{ .a }}{{ define \"late\" }}L{{ end }}", "{{ $a, $b := 1 }}",
	// invalid or handed over
	"{{ .a ", "{{ end }}", "{{ else }}", "{{ if .a }}", "{{ unknownFunc }}", "{{ $undefined }}",
	"{{ 'c' }}", "{{ 1i }}", "{{ 1+2i }}", "{{ .é }}", "{{ break }}", "{{ define \"x\" }}{{ end }}{{ define \"x\" }}a{{ end }}{{ define \"x\" }}b{{ end }}",
	"{{ .a | 1 }}", "{{ 1.a }}", "{{ . }", "{{ ( .a }}", "{{ .a) }}", "{{ \"unterminated }}", "{{/* unclosed", "{{ /* not a comment */ }}",
	"{{ .a.b-}}", "{{ - }}", "{{ 99999999999999999999 }}", "{{ 0x }}", "{{ $x := 1 }}{{ $x.y }}",
	// invalid across lines: errors name the line text/template reads
	"a\n{{ .x \n\n", "a\n{{- ", "a\n{{/* x \n\n", "a\n{{/* x \n\n */", "a\n{{ \"x\" \n\n\"y", "x\n {{ `abc \n\n }}",
	"x\n {{ ( .a \n\n }}", "x\n {{ range \n\n }}{{end}}", "x\n {{ $x := 1 \n\n := 2 }}", "x\n {{ .a \n\n | \"x\" }}",
	"x\n {{ define \"a\" }}x{{ end }}\n{{ define \"a\" }}y\n{{ end }}", "{{ define \"a\" }}x{{ end }}{{ block \"a\" . }}\n\ny{{ end }}",
	"x\n {{ \"\\q\" }}", "x\n {{ .a# }}", "x\n {{ .a\x01 }}", "x\n {{ $y, $z := 3 }}", "x\n {{ range $y, $z, $w := 3 }}{{end}}",
	"x\n {{ range $y, 3 }}{{end}}", "x\n {{ with .a }}{{ else }}{{ else }}{{ end }}", "x\n {{ end \n x }}",
	"x\n {{ .a \n : }}", "{{ define \"a\" }}\n{{ else }}", "{{ block \n 3 }}", "{{ (\n) }}", "{{ \n }}", "{{ | }}",
	"a\n{{ range .x }}\n{{ break 1 }}{{end}}", "{{ define `\n` }}{{ end }}", "{{ if .a }}\r\n{{ else if }}{{ end }}",
}

// TestSameTreesAsTextTemplate parses the cases and every template with one
// Allocator, as a render does, and checks at the end that the trees parsed
// first are still intact.
func TestSameTreesAsTextTemplate(t *testing.T) {
	a := NewAllocator()
	type parsed struct {
		name, text string
		trees      map[string]*parse.Tree
	}
	var all []parsed
	check := func(t *testing.T, name, text string) {
		if got := compare(t, a, name, text); got != nil {
			all = append(all, parsed{name, text, got})
		}
	}
	checkFiles := func(t *testing.T, files []string) {
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			check(t, path, string(data))
		}
	}
	for _, text := range cases {
		check(t, "case.tpl", text)
	}
	checkFiles(t, testdataTemplates(t))
	t.Run("corpus", func(t *testing.T) { checkFiles(t, corpusTemplates(t)) })
	for _, p := range all {
		if want, _ := textTemplateParse(p.name, p.text, parse.SkipFuncCheck); dumpTrees(p.trees) != dumpTrees(want) {
			t.Fatalf("%s: the trees changed after later parses", p.name)
		}
	}
}

// TestHandlesChartTemplates guards the speed: the templates we have must not
// be handed to text/template (built with Go 1.27, they all must be).
func TestHandlesChartTemplates(t *testing.T) {
	checkHandled(t, testdataTemplates(t))
	t.Run("corpus", func(t *testing.T) { checkHandled(t, corpusTemplates(t)) })
}

// checkHandled fails when more than one in fifty of the valid templates
// among files is handed to text/template.
func checkHandled(t *testing.T, files []string) {
	handed, valid := 0, 0
	for _, path := range files {
		data, _ := os.ReadFile(path)
		if _, err := parse.Parse(path, string(data), "", "", funcs, builtins); err != nil {
			continue
		}
		valid++
		if trees, _, _ := tryParse(NewAllocator(), path, string(data), nil, parse.SkipFuncCheck, nil); trees == nil {
			handed++
			t.Logf("handed to text/template: %s", path)
		}
	}
	t.Logf("parsed %d of %d valid templates without text/template", valid-handed, valid)
	if !fastTrees { // Go 1.27: only text/template's trees are right
		if handed != valid {
			t.Errorf("%d of %d valid templates parsed without text/template, whose trees Go 1.27 needs", valid-handed, valid)
		}
		return
	}
	if valid == 0 || handed > valid/50 {
		t.Errorf("%d of %d valid templates handed to text/template", handed, valid)
	}
}

func FuzzSameTreesAsTextTemplate(f *testing.F) {
	for _, c := range cases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, text string) {
		compare(t, NewAllocator(), "fuzz.tpl", text)
	})
}

var builtins = map[string]any{"and": 1, "or": 1, "not": 1, "len": 1, "index": 1, "print": 1, "printf": 1, "println": 1,
	"eq": 1, "ne": 1, "lt": 1, "le": 1, "gt": 1, "ge": 1, "slice": 1, "html": 1, "js": 1, "urlquery": 1, "call": 1}

// compare parses text with both parsers, checking function names and not,
// and fails unless both agree: same trees when ours succeeds; when ours
// stops, Parse must return text/template's own result, and when ours finds
// the text invalid, text/template must report an error on the line where
// ours stopped. It returns our trees of the last mode (SkipFuncCheck), nil
// if we stopped.
func compare(t *testing.T, a *Allocator, name, text string) (trees map[string]*parse.Tree) {
	t.Helper()
	for _, mode := range []parse.Mode{0, parse.SkipFuncCheck} {
		want, wantErr := textTemplateParse(name, text, mode)
		got, calls, stopped := tryParse(a, name, text, []byte(text), mode, []map[string]any{funcs, builtins})
		trees = nil
		if got != nil {
			trees = got
			if wantErr != nil {
				t.Fatalf("%s (mode %d): accepted, text/template says %v\n%q", name, mode, wantErr, text)
			}
			if g, w := dumpTrees(got), dumpTrees(want); g != w {
				t.Fatalf("%s (mode %d): trees differ for %q\n--- ours\n%s\n--- text/template\n%s", name, mode, text, g, w)
			}
			if g, w := fmt.Sprint(slices.Sorted(slices.Values(calls))), fmt.Sprint(identifiers(want)); g != w || calls == nil {
				t.Fatalf("%s (mode %d): calls %s (nil: %v), the trees call %s\n%q", name, mode, g, calls == nil, w, text)
			}
			continue
		}
		if stopped.invalid {
			checkStop(t, name, text, stopped, wantErr)
		}
		viaParse, err := Parse(name, text, mode, funcs, builtins)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || dumpTrees(viaParse) != dumpTrees(want) {
			t.Fatalf("%s: handed over, but Parse differs from text/template: %v vs %v", name, err, wantErr)
		}
		if e, ok := err.(*Error); err != nil && (!ok || e.Start < 0 || e.Start > e.End || e.End > len(text)) {
			t.Fatalf("%s: error %#v out of the text (%d bytes)", name, err, len(text))
		}
	}
	return trees
}

// checkStop fails unless text/template rejects text on the line where our
// parser found it invalid, with a range of the text.
func checkStop(t *testing.T, name, text string, s stop, wantErr error) {
	t.Helper()
	if wantErr == nil {
		t.Fatalf("%s: found invalid at %d, text/template accepts %q", name, s.at, text)
	}
	if line, ok := errorLine(wantErr.Error(), name); !ok || line != lineOf(text, s.at) {
		t.Fatalf("%s: stopped on line %d, text/template says %v\n%q", name, lineOf(text, s.at), wantErr, text)
	}
	if s.start < 0 || s.start > s.end || s.end > len(text) {
		t.Fatalf("%s: invalid range [%d, %d) of %d bytes", name, s.start, s.end, len(text))
	}
}

func textTemplateParse(name, text string, mode parse.Mode) (map[string]*parse.Tree, error) {
	tr := parse.New(name)
	tr.Mode = mode
	trees := map[string]*parse.Tree{}
	_, err := tr.Parse(text, "", "", trees, funcs, builtins)
	return trees, err
}

// dumpTrees prints every exported field of every node, and where each
// tree's ErrorContext places its last node.
func dumpTrees(trees map[string]*parse.Tree) string {
	var names []string
	for n := range trees {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		tr := trees[n]
		fmt.Fprintf(&b, "tree %q parse name %q mode %d\n", tr.Name, tr.ParseName, tr.Mode)
		dump(&b, reflect.ValueOf(tr.Root), 1)
		if tr.Root != nil && len(tr.Root.Nodes) > 0 {
			loc, ctx := tr.ErrorContext(tr.Root.Nodes[len(tr.Root.Nodes)-1])
			fmt.Fprintf(&b, "context %s %q\n", loc, ctx)
		}
	}
	return b.String()
}

// identifiers are the names of the functions trees call, sorted, each once.
func identifiers(trees map[string]*parse.Tree) []string {
	seen := map[string]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			if v.Type() == reflect.TypeFor[parse.IdentifierNode]() {
				seen[v.FieldByName("Ident").String()] = true
			}
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		}
	}
	for _, tr := range trees {
		walk(reflect.ValueOf(tr.Root))
	}
	return slices.Sorted(maps.Keys(seen))
}

func dump(b *strings.Builder, v reflect.Value, depth int) {
	indent := strings.Repeat("  ", depth)
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString(indent + "nil\n")
			return
		}
		dump(b, v.Elem(), depth)
	case reflect.Struct:
		fmt.Fprintf(b, "%s%s\n", indent, v.Type())
		for i := 0; i < v.NumField(); i++ {
			if f := v.Type().Field(i); f.IsExported() {
				fmt.Fprintf(b, "%s .%s\n", indent, f.Name)
				dump(b, v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			fmt.Fprintf(b, "%s%q\n", indent, v.Bytes())
			return
		}
		for i := 0; i < v.Len(); i++ {
			dump(b, v.Index(i), depth+1)
		}
	default:
		fmt.Fprintf(b, "%s%#v\n", indent, v.Interface())
	}
}

// testdataTemplates are the templates of our test charts.
func testdataTemplates(t testing.TB) []string {
	return templatesUnder(t, filepath.Join("..", "..", "..", "testdata"))
}

// corpusTemplates are the templates of the shared corpus; without it the
// test skips (fails under CI=true).
func corpusTemplates(t testing.TB) []string {
	return templatesUnder(t, filepath.Join(corpus.Dir(t), "charts"))
}

// templatesUnder lists the files in templates/ folders below root.
func templatesUnder(t testing.TB, root string) []string {
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(path, "/templates/") {
			files = append(files, path)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates found below %s: %v", root, err)
	}
	return files
}
