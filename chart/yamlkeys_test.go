package chart

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/corpus"
)

// keyLayout lists every key of keys, depth first, with its path, spans,
// document and whether its members are children or items: all that
// IndexYAMLKeys must agree with IndexYAML on.
func keyLayout(keys []*Key) []string {
	var out []string
	var walk func(keys []*Key)
	walk = func(keys []*Key) {
		for _, k := range keys {
			out = append(out, fmt.Sprintf("%q key=%d-%d value=%d-%d doc=%d children=%d items=%d comments=%q",
				k.Path, k.Key.Start, k.Key.End, k.Value.Start, k.Value.End, k.Document, len(k.Children), len(k.Items), k.Comment+k.LineComment))
			walk(k.Children)
			walk(k.Items)
		}
	}
	walk(keys)
	return out
}

// checkKeyScan compares IndexYAMLKeys with IndexYAML, comments cleared, on
// data, and reports whether the scanner answered without yaml.v3.
func checkKeyScan(t testing.TB, name string, data []byte) bool {
	t.Helper()
	file := source.NewFile(name, data)
	want, wantErr := IndexYAML(file)
	clearComments(want.Keys)
	scanned, fast := scanKeys(file)
	if fast {
		if wantErr != nil {
			t.Fatalf("%s: scanned %q, but yaml.v3 fails: %v", name, data, wantErr)
		}
		if got, w := keyLayout(scanned), keyLayout(want.Keys); !slices.Equal(got, w) {
			t.Fatalf("%s: scanned keys of %q\n got: %q\nwant: %q", name, data, got, w)
		}
	}
	got, err := IndexYAMLKeys(file)
	if fmt.Sprint(err) != fmt.Sprint(wantErr) || got.File != file || !slices.Equal(keyLayout(got.Keys), keyLayout(want.Keys)) {
		t.Fatalf("%s: IndexYAMLKeys(%q) = %q, %v\nwant %q, %v", name, data, keyLayout(got.Keys), err, keyLayout(want.Keys), wantErr)
	}
	return fast
}

func TestIndexYAMLKeys(t *testing.T) {
	tests := []struct {
		name, yaml string
		fast       bool // the scanner answers without yaml.v3
	}{
		{"empty", "", true},
		{"comments only", "# a\n\n  # b\n", true},
		{"mapping", "a: 1\nb:\n  c: x # comment\n  d:\n  e: 'q''s' # c\nf: \"x\\\"y\" \n", true},
		{"quoted keys", "\"a.b\": 1\n'c''d' : 2\n\"e\":\n  - x\n", true},
		{"sequences", "list:\n  - a\n  -   b\n  -\n  - name: x\n    v: 2\n  - - n1\n    - n2\n  -\n    k: v\nroot: 1\n", true},
		{"indentless sequence", "list:\n- a\n- b: 1\n  c: 2\nnext: 1\n", true},
		{"indentless in an item", "- a:\n  - x\n  b: 2\n", true},
		{"root sequence", "- a\n- |\n  text\n-\n", true},
		{"block scalars", "a: |\n  x\n\n  y\nb: >-\n    folded\n    more\nc: |+ # keep\n  z\n\nd: |\ne: 1\n", true},
		{"block scalar in last items", "a:\n  - |\n    x\n   # less indented comment\n  - - |\n      y\n    # comment\nb: 1\n", true},
		{"block scalar then a comment", "a:\n  b: |\n      x\n    # comment\n  c: 1\n", true},
		{"block scalar, blank lines longer than its text", "a: |\n      \n    x\n", false},
		{"flow", "a: []\nb: {}\nc: [x, \"y\", 'z']\nd: [ a b , c ] # c\ne: {k: v, \"q\": [1, 2], n: {m: o}}\nf: [[a], {b: c}]\n", true},
		{"flow in a list", "- [a, b]\n- {c: d}\n", true},
		{"flow trailing comma", "a: [x, ]\n", false},
		{"flow over lines", "a: [x,\n  y]\n", false},
		{"flow with colon", "a: [x:y]\n", false},
		{"documents", "a: 1\n---\nb: 2\n--- # c\n# only a comment\n---\n- c\n", true},
		{"document end", "a: 1\n...\n---\nb: 2\n", false},
		{"document with text on its marker line", "--- a: 1\n", false},
		{"CRLF", "a: 1\r\nb:\r\n  c: |\r\n    x\r\n  d: [1]\r\n", true},
		{"lone CR", "a: 1\rb: 2\n", false},
		{"non-ASCII", "ü: é\nlist:\n  - ñ: ç # ö\n", true},
		{"BOM", "\ufeffa: 1\n", false},
		{"NEL", "a: x\u0085y\n", false},
		{"tab", "a:\t1\n", false},
		{"anchor", "a: &x 1\nb: *x\n", false},
		{"tag", "a: !!str 1\n", false},
		{"multi-line plain", "a: b\n  c  \n   d\nlist:\n- x\n y\n- k: v\n   w\n", true},
		{"multi-line plain with a comment", "a: b # c\n  c\n", false},
		{"multi-line plain with a comment line", "a: b\n  # c\n  d\n", false},
		{"multi-line plain with a blank line", "a: b\n\n  d\n", false},
		{"multi-line plain with a comment at its end", "a: b\n  c # c\n", false},
		{"multi-line plain with a key", "a: b\n  c: d\n", false},
		{"multi-line plain then a comment", "a: b\n  c\n  # d\ne: 1\n", true},
		{"multi-line quoted", "a: \"b\n  c\"\n", false},
		{"mapping in a value", "a: b: c\n", false},
		{"value ends with a colon", "a: b:\n", false},
		{"complex key", "? a\n: b\n", false},
		{"directive", "%YAML 1.1\n---\na: 1\n", false},
		{"bad indentation", "a:\n    b: 1\n  c: 2\n", false},
		{"item under a scalar", "a: 1\n- b\n", false},
		{"duplicate keys", "a: 1\na: 2\n", true},
		{"escapes", "a: \"\\t\\\\\\\"\"\nb: \"\\x41\"\n", false},
		{"escaped key", "\"a\\tb\": 1\n", false},
		{"root scalar", "hello\n", false},
		{"unclosed quote", "a: 'x\n", false},
		{"plain with indicators inside", "a: x, y] {z} #c\nb: http://x:80/#frag\nc: -1\nd: a'b\"c\n", true},
		{"colon key", "a:b: 1\n", true},
		{"key with spaces before its colon", "a  : 1\n", true},
		{"comment between key and value", "a:\n# c\n  b: 1\n", true},
		{"empty item at the end of data", "- a\n-", true},
		{"empty key value at the end of data", "a:", true},
		{"indented root", "  a: 1\n  b:\n    - x\n", true},
		{"less indented after an indented root", "  a: 1\nb: 2\n", false},
		{"long key", strings.Repeat("k", 1100) + ": 1\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if fast := checkKeyScan(t, "values.yaml", []byte(tt.yaml)); fast != tt.fast {
				t.Errorf("%q: scanned %v, want %v", tt.yaml, fast, tt.fast)
			}
		})
	}
}

// TestIndexYAMLKeysCorpus compares IndexYAMLKeys with IndexYAML on every
// YAML file of the corpus charts and of our test charts, and checks that
// the scanner reads most values files without yaml.v3.
func TestIndexYAMLKeysCorpus(t *testing.T) {
	var files []string
	for _, root := range []string{"../testdata", filepath.Join(corpus.Dir(t), "charts")} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) && !strings.Contains(path, "/templates/") {
				files = append(files, path)
			}
			return nil
		})
	}
	values, fastValues, fastFiles := 0, 0, 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fast := checkKeyScan(t, path, data)
		if fast {
			fastFiles++
		}
		if strings.Contains(path, "/shared/corpus/") && strings.HasPrefix(filepath.Base(path), "values") {
			values++
			if fast {
				fastValues++
			} else {
				t.Logf("%s: read by yaml.v3", path)
			}
		}
	}
	t.Logf("%d YAML files compared, %d scanned without yaml.v3; %d of %d corpus values files", len(files), fastFiles, fastValues, values)
	if values == 0 || fastValues*10 < values*9 {
		t.Errorf("%d of %d corpus values files scanned without yaml.v3, want 90%%", fastValues, values)
	}
}

// FuzzIndexYAMLKeys compares IndexYAMLKeys with IndexYAML on any text.
func FuzzIndexYAMLKeys(f *testing.F) {
	for _, s := range []string{
		"a: 1\nb:\n  c: [1, {d: 2}]\n", "- a\n- b: |\n    c\n", "a:\n- x\n- y:\n  - z\n", "a: 'q''s'\n\"k\": \"v\\n\"\n",
		"a: |-\n  x\n # c\nb: >\n\n  y\n", "---\na: 1\n--- # c\n- x\n", "a:\r\n  b: 1\r\n", "- - x\n  - |\n    y\n",
		"k: {a: [b, 'c'], d: e}\n", "-\n  a: 1\n-\n", "description: a long\n  text, over\n   lines\nlist:\n- x\n y\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkKeyScan(t, "values.yaml", []byte(text))
	})
}

// TestIndexYAMLKeysRandomLines compares IndexYAMLKeys with IndexYAML on
// files made of random lines of the YAML values files are written in,
// which reach the scanner's corners faster than byte mutations.
func TestIndexYAMLKeysRandomLines(t *testing.T) {
	indents := []string{"", " ", "  ", "   ", "    ", "      "}
	fragments := []string{
		"a:", "b: 1", "c: x y", "- ", "-", "- d", "- e: 2", "- - f", "'g h': i", "\"j\": k", "l: |", "m: >-", "- |+",
		"text", "more text", "n: [o, 'p', \"q\"]", "r: {s: t, u: [v]}", "w: []", "x: {}", "# comment", "", "---", "--- # doc",
		"y: z # note", "aa: 'b''c'", "bb: \"c\\\"d\"", "cc: -1", "dd:e: f", "ee : g", "- [h]", "- {i: j}", "k: l: m", "...",
		"n: &a o", "p: *a", "q: \"r", "s: x:", "t: u #v", "w: 'x' y",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	fast := 0
	const files = 50000
	for range files {
		var b strings.Builder
		choices := indents
		if rng.IntN(2) == 0 {
			choices = []string{"", "  ", "    "} // as most files are indented
		}
		for range 1 + rng.IntN(8) {
			b.WriteString(choices[rng.IntN(len(choices))])
			b.WriteString(fragments[rng.IntN(len(fragments))])
			b.WriteString("\n")
		}
		if checkKeyScan(t, "values.yaml", []byte(b.String())) {
			fast++
		}
	}
	t.Logf("%d of %d random files scanned without yaml.v3", fast, files)
}
