package chart

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/corpus"
	yamlv3 "go.yaml.in/yaml/v3"
)

// describeKeys lists every key of idx, depth first, as
// "path key=`...` value=`...`" with its comments and document when set.
func describeKeys(idx *KeyIndex) []string {
	var out []string
	var walk func(keys []*Key)
	walk = func(keys []*Key) {
		for _, k := range keys {
			s := fmt.Sprintf("%s key=`%s` value=`%s`", strings.Join(k.Path, "."), text(k.Key), text(k.Value))
			if k.Comment != "" {
				s += fmt.Sprintf(" comment=%q", k.Comment)
			}
			if k.LineComment != "" {
				s += fmt.Sprintf(" line=%q", k.LineComment)
			}
			if k.Document != 0 {
				s += fmt.Sprintf(" doc=%d", k.Document)
			}
			out = append(out, s)
			walk(k.Children)
			walk(k.Items)
		}
	}
	walk(idx.Keys)
	return out
}

func text(s source.Span) string { return string(s.File.Data[s.Start:s.End]) }

func TestIndexYAML(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"comments, block scalars, flow collections, an empty value",
			"# top\na: 1 # line a\n# above b\nb:\n  c: \"x\" # cc\n  d: |\n    text\n    more\n\n  e: >-\n    folded\n  f:\n  g: [1, {h: 2}] # flow\n",
			[]string{
				"a key=`a` value=`1` comment=\"top\" line=\"line a\"",
				"b key=`b` value=`c: \"x\" # cc\n  d: |\n    text\n    more\n\n  e: >-\n    folded\n  f:\n  g: [1, {h: 2}]` comment=\"above b\"",
				"b.c key=`c` value=`\"x\"` line=\"cc\"",
				"b.d key=`d` value=`|\n    text\n    more`",
				"b.e key=`e` value=`>-\n    folded`",
				"b.f key=`f` value=``",
				"b.g key=`g` value=`[1, {h: 2}]` line=\"flow\"",
				"b.g.0 key=`` value=`1`",
				"b.g.1 key=`` value=`{h: 2}`",
				"b.g.1.h key=`h` value=`2`",
			}},
		{"quoted keys, non-ASCII, lists",
			"ü: é\n\"a.b\": 'q''s'\n'c d' : x\nlist:\n  - one\n  # second\n  - name: x\n    v: 2\n  -   - nested\n",
			[]string{
				"ü key=`ü` value=`é`",
				"a.b key=`\"a.b\"` value=`'q''s'`",
				"c d key=`'c d'` value=`x`",
				"list key=`list` value=`- one\n  # second\n  - name: x\n    v: 2\n  -   - nested`",
				"list.0 key=`-` value=`one`",
				"list.1 key=`-` value=`name: x\n    v: 2` comment=\"second\"",
				"list.1.name key=`name` value=`x`",
				"list.1.v key=`v` value=`2`",
				"list.2 key=`-` value=`- nested`",
				"list.2.0 key=`-` value=`nested`",
			}},
		{"a sequence at the column of its key, a block scalar in a list",
			"list:\n- a\n- |\n  b\n  c\nnext: 1\n",
			[]string{
				"list key=`list` value=`- a\n- |\n  b\n  c`",
				"list.0 key=`-` value=`a`",
				"list.1 key=`-` value=`|\n  b\n  c`",
				"next key=`next` value=`1`",
			}},
		{"a block scalar in a list item's mapping ends before the next key",
			"- k: |\n    x\n  j: 2\n",
			[]string{
				"0 key=`-` value=`k: |\n    x\n  j: 2`",
				"0.k key=`k` value=`|\n    x`",
				"0.j key=`j` value=`2`",
			}},
		{"anchors and aliases",
			"x: &anc\n  k: 1\ny: *anc\nz: &s scal\nt: !!str 12\n",
			[]string{
				"x key=`x` value=`&anc\n  k: 1`",
				"x.k key=`k` value=`1`",
				"y key=`y` value=`*anc`",
				"y.k key=`k` value=`1`",
				"z key=`z` value=`&s scal`",
				"t key=`t` value=`!!str 12`",
			}},
		{"an alias to an enclosing anchor is followed once",
			"a: &r\n  b: *r\n",
			[]string{"a key=`a` value=`&r\n  b: *r`", "a.b key=`b` value=`*r`", "a.b.b key=`b` value=`*r`"}},
		{"CRLF", "a: 1\r\nb:\r\n  c: 2 # two\r\n  d: |\r\n    x\r\n",
			[]string{"a key=`a` value=`1`", "b key=`b` value=`c: 2 # two\r\n  d: |\r\n    x`", "b.c key=`c` value=`2` line=\"two\"", "b.d key=`d` value=`|\r\n    x`"}},
		{"documents", "a: 1\n---\nb: 2\n...\n--- # c\nc: 3\n",
			[]string{"a key=`a` value=`1`", "b key=`b` value=`2` doc=1", "c key=`c` value=`3` comment=\"c\" doc=2"}},
		{"a plain scalar over lines", "a: plain multi\n  line scalar\nb: x, y] # not flow\n",
			[]string{"a key=`a` value=`plain multi\n  line scalar`", "b key=`b` value=`x, y]` line=\"not flow\""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx, err := IndexYAML(source.NewFile("values.yaml", []byte(tt.yaml)))
			if err != nil {
				t.Fatal(err)
			}
			if got := describeKeys(idx); !slices.Equal(got, tt.want) {
				t.Errorf("keys of %q\n got: %q\nwant: %q", tt.yaml, got, tt.want)
			}
		})
	}
}

// TestIndexYAMLWhileTyping checks the keys of files that do not parse:
// documents that parse are indexed as usual, the broken one line by line.
func TestIndexYAMLWhileTyping(t *testing.T) {
	tests := []struct {
		name, yaml string
		line       int // of the error
		want       []string
	}{
		{"an unclosed flow collection",
			"a: 1\n---\n# the image\nimage:\n  repository: nginx # repo\n  tag: [\n  pullPolicy: IfNotPresent\nlist:\n- x\n- k: v\n  j: |\n    text\n  l: 1\n---\ne: 5\n",
			5, []string{
				"a key=`a` value=`1`",
				"image key=`image` value=`repository: nginx # repo\n  tag: [\n  pullPolicy: IfNotPresent` comment=\"the image\" doc=1",
				"image.repository key=`repository` value=`nginx` line=\"repo\" doc=1",
				"image.tag key=`tag` value=`[` doc=1",
				"image.pullPolicy key=`pullPolicy` value=`IfNotPresent` doc=1",
				"list key=`list` value=`- x\n- k: v\n  j: |\n    text\n  l: 1` doc=1",
				"list.0 key=`-` value=`x` doc=1",
				"list.1 key=`-` value=`k: v\n  j: |\n    text\n  l: 1` doc=1",
				"list.1.k key=`k` value=`v` doc=1",
				"list.1.j key=`j` value=`|\n    text` doc=1",
				"list.1.l key=`l` value=`1` doc=1",
				"e key=`e` value=`5` doc=2",
			}},
		{"a key being typed", "service:\n  port: 80\n  ty\ningress:\n  \"a.b\": 1\n", 3, []string{
			"service key=`service` value=`port: 80` comment=\"\"",
			"service.port key=`port` value=`80`",
			"ingress key=`ingress` value=`\"a.b\": 1`",
			"ingress.a.b key=`\"a.b\"` value=`1`",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx, err := IndexYAML(source.NewFile("values.yaml", []byte(tt.yaml)))
			var lerr *LineError
			if !errors.As(err, &lerr) || lerr.Line != tt.line || lerr.File != "values.yaml" {
				t.Errorf("error %v, want a LineError at values.yaml:%d", err, tt.line)
			}
			got := describeKeys(idx)
			for i := range got {
				got[i] = strings.Replace(got[i], ` comment=""`, "", 1)
			}
			want := slices.Clone(tt.want)
			for i := range want {
				want[i] = strings.Replace(want[i], ` comment=""`, "", 1)
			}
			if !slices.Equal(got, want) {
				t.Errorf("keys of %q\n got: %q\nwant: %q", tt.yaml, got, want)
			}
		})
	}
}

func TestKeyIndexLookupAndAt(t *testing.T) {
	data := "b:\n  g: [1, {h: 2}]\nlist:\n  - name: x\n  - name: y\n    v: |\n      text\n---\nb:\n  # a comment\n  other: 1\n"
	idx, err := IndexYAML(source.NewFile("values.yaml", []byte(data)))
	if err != nil {
		t.Fatal(err)
	}
	lookups := []struct {
		path string
		want string // the key's path and document, "" when not found
	}{
		{"b.g.1.h", "b.g.1.h@0"},
		{"list.1.name", "list.1.name@0"},
		{"list.[].name", "list.0.name@0"},
		{"list.*", "list.0@0"},
		{"list.2", ""},
		{"b.other", "b.other@1"},
		{"b", "b@0"},
		{"nothing", ""},
	}
	for _, l := range lookups {
		got := ""
		if k, ok := idx.Lookup(strings.Split(l.path, ".")); ok {
			got = fmt.Sprintf("%s@%d", strings.Join(k.Path, "."), k.Document)
		}
		if got != l.want {
			t.Errorf("Lookup(%s) = %q, want %q", l.path, got, l.want)
		}
	}
	ats := []struct {
		after string // the offset is right after its first occurrence
		want  string
	}{
		{"b", "b"},
		{"g: [1, {h", "b.g.1.h"},
		{"g: [1, {h: 2", "b.g.1.h"},
		{"g: [", "b.g.0"},
		{"g: [1, ", "b.g.1"},
		{"- name: y\n    v: |\n      te", "list.1.v"},
		{"- name: y\n  ", ""}, // the indentation of a key: at none
		{"  other", "b.other"},
		{"  other:", "b.other"}, // between the key and its value: that key
		{"  # a c", ""},         // a comment among the keys: at none
		{"b:", "b"},
		{"text\n", ""},
	}
	for _, a := range ats {
		off := strings.Index(data, a.after) + len(a.after)
		got := ""
		if k := idx.At(off); k != nil {
			got = strings.Join(k.Path, ".")
		}
		if got != a.want {
			t.Errorf("At after %q = %q, want %q", a.after, got, a.want)
		}
	}
}

// TestIndexYAMLCorpus indexes every values file and Chart.yaml of the
// corpus and of our test charts, and checks each key against yaml.v3: the
// key reads as the last element of its path, and the value, read alone,
// is the value at the path in the document.
func TestIndexYAMLCorpus(t *testing.T) {
	var files []string
	for _, root := range []string{"../testdata", filepath.Join(corpus.Dir(t), "charts")} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			name := filepath.Base(path)
			if err == nil && !d.IsDir() && (name == "Chart.yaml" || strings.HasPrefix(name, "values") && strings.HasSuffix(name, ".yaml")) {
				files = append(files, path)
			}
			return nil
		})
	}
	checked := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var docs []any
		dec := yamlv3.NewDecoder(bytes.NewReader(data))
		for {
			var doc any
			if err = dec.Decode(&doc); err != nil {
				break
			}
			docs = append(docs, doc)
		}
		if !errors.Is(err, io.EOF) {
			continue // not YAML: lint's business
		}
		idx, err := IndexYAML(source.NewFile(path, data))
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		checked += checkKeys(t, idx.Keys, docs)
	}
	if checked < 1000 {
		t.Errorf("only %d keys checked", checked)
	}
}

// checkKeys checks keys not reached through an alias and returns how many
// it checked.
func checkKeys(t *testing.T, keys []*Key, docs []any) int {
	t.Helper()
	n := 0
	for _, k := range keys {
		value := text(k.Value)
		if strings.HasPrefix(value, "*") {
			continue
		}
		name, item := k.Path[len(k.Path)-1], len(k.Items) > 0 || text(k.Key) == "-" || k.Key.Start == k.Key.End
		if key := text(k.Key); !item && key != name && unquoteKey([]byte(key)) != name {
			t.Errorf("%s: key %q of %q", k.Key, key, k.Path)
		}
		want, ok := at(docs[k.Document], k.Path)
		// the value alone, at its column, so that its lines keep their indentation
		column := k.Value.File.Position(k.Value.Start).Column
		var got any
		err := yamlv3.Unmarshal([]byte(strings.Repeat(" ", column-1)+value+"\n"), &got)
		switch {
		case !ok:
		case err != nil && strings.Contains(err.Error(), "unknown anchor"):
		case err != nil || !reflect.DeepEqual(got, want):
			t.Errorf("%s: value of %q reads %#v (%v), want %#v\n%s", k.Value, k.Path, got, err, want, value)
		default:
			n++
		}
		n += checkKeys(t, k.Children, docs) + checkKeys(t, k.Items, docs)
	}
	return n
}

// at is the value at path in a document decoded by yaml.v3.
func at(v any, path []string) (any, bool) {
	for _, p := range path {
		switch m := v.(type) {
		case map[string]any:
			next, ok := m[p]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i >= len(m) {
				return nil, false
			}
			v = m[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// FuzzIndexYAML indexes any text: no panic, spans inside the file, and an
// error only as a LineError.
func FuzzIndexYAML(f *testing.F) {
	for _, s := range []string{"a: 1\nb:\n  c: [1, {d: 2}]\n", "x: &a\n  k: *a\n", "- a\n- b: |\n    c\n", "a: \"x\n", "a:\n  - b: [\n---\nc: 'd''e'\r\n", "? k\n: v\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		file := source.NewFile("values.yaml", []byte(text))
		idx, err := IndexYAML(file)
		var lerr *LineError
		if err != nil && !errors.As(err, &lerr) {
			t.Fatalf("%q: error %T %v", text, err, err)
		}
		var walk func(keys []*Key, depth int)
		walk = func(keys []*Key, depth int) {
			for _, k := range keys {
				for _, s := range []source.Span{k.Key, k.Value} {
					if s.File != file || s.Start < 0 || s.Start > s.End || s.End > len(text) {
						t.Fatalf("%q: key %q has span %d-%d", text, k.Path, s.Start, s.End)
					}
				}
				if len(k.Path) != depth {
					t.Fatalf("%q: key %q at depth %d", text, k.Path, depth)
				}
				walk(k.Children, depth+1)
				walk(k.Items, depth+1)
			}
		}
		walk(idx.Keys, 1)
		idx.At(len(text) / 2)
	})
}

// TestIndexYAMLAliasBomb checks that aliases of aliases, which would make
// a billion keys, make a bounded number.
func TestIndexYAMLAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	idx, err := IndexYAML(source.NewFile("values.yaml", []byte(b.String())))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(keys []*Key)
	walk = func(keys []*Key) {
		for _, k := range keys {
			n++
			walk(k.Children)
			walk(k.Items)
		}
	}
	walk(idx.Keys)
	if n > maxAliasKeys+200 || len(idx.Keys) != 9 {
		t.Errorf("%d keys, %d at the top", n, len(idx.Keys))
	}
}

// BenchmarkIndexYAML indexes kube-prometheus-stack's values.yaml, the
// largest of the corpus, with IndexYAML and with IndexYAMLKeys.
func BenchmarkIndexYAML(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(corpus.Dir(b), "charts", "prometheus-community__kube-prometheus-stack", "values.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	file := source.NewFile("values.yaml", data)
	for name, index := range map[string]func(*source.File) (*KeyIndex, error){"IndexYAML": IndexYAML, "IndexYAMLKeys": IndexYAMLKeys} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := index(file); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestKeyDoc checks a key's documentation as Markdown.
func TestKeyDoc(t *testing.T) {
	idx, err := IndexYAML(source.NewFile("values.yaml", []byte("## Heading-like comment\n# -- helm-docs text\nname: x # on the line\nplain: 1\n")))
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"name": "Heading-like comment\nhelm-docs text\non the line", "plain": ""} {
		k, ok := idx.Lookup([]string{path})
		if !ok || k.Doc() != want {
			t.Errorf("%s: doc %q, want %q", path, k.Doc(), want)
		}
	}
}
