package yamlmap

import (
	"encoding/binary"
	"fmt"
	"io/fs"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"sigs.k8s.io/yaml"
)

// answeredCases are documents the fast path must answer for, as yaml.v2
// reads them.
var answeredCases = []string{
	// structure
	"a: 1\nb:\n  c: d\n  e:\n    f: g\n",
	"a:\n- x\n- y\nb:\n  - z\n  -\n    w: 1\n  - # c\n    v: 2\n  -\n",
	"a:\n  - name: x\n    args:\n    - 1\n    - 2\n    env: {}\n  - name: y\n", "a:\n-   k: v\n    l: w\n-  m\n",
	"a:\n- k:\n  - x\n  l: 1\n- m\n", "a:\n  -\n    - x\n  -\n    k: v\n",
	"---\na: 1\n", "--- # c\na: 1\n", "---   \na: 1\n", "# c\n---\na: 1\n", "---\n", "---x: 1\n", "...: 1\n",
	"# only a comment\n", "", "\n\n", "   \n# c\n  # d\n", "a:\n  # c\n  b: 1\n# d\n",
	"a:\n", "a:\nb:\n", "a: # c\n", "a:   \nb: ~\n", "a:\n-\n", "a: b", "a:\n  b", "a:\n- b", "a:\n  b:\n  c: 1\n",
	// keys
	"a b: 1\na  b: 2\n", "a : 1\n", "'a' : 1\n", "a:b: 1\n", "http://x: 1\n", "a[0]: 1\n", "-a: 1\n", "a#b: 1\n",
	"'<<': 1\n", "\"a\\nb\": 1\n'a''b': 2\n\"\": 3\n", "2001-12-14: a\n", "nil: 1\nyes_no: 2\nTrue_: 3\n.x: 4\n-.: 5\n",
	// plain scalars
	"a: x y  z   \nb: x\n  y\n\n  z\n\n\n   w\nc: x\n  - y\n  # c\nd: x\n   y # c\ne: 1\n",
	"a:\n  x\n y\nb: 1\n", "a: x\n\n", "a: -x\nb: x:y\nc: x #y\nd: a,b\ne: a]b\nf: a{b}\ni: x'\n",
	"a: <<\nb: =\nc: $x\nd: ^x\ne: (x)\nf: --- x\ng: x ---\nh: ...\n", "a: :x:y\nb: ?x\nc: ::1\nd: -:x\n", "a:\n- x\n  y\n-   z\n   w\n",
	// scalar resolution
	"k1: 1\nk2: -1\nk3: +1\nk4: 0x1F\nk5: 0o17\nk6: 017\nk7: 0b101\nk8: -0b101\nk9: 1_000\nk10: 0x_1F\n",
	"k1: 1.5\nk2: -.5\nk3: .5\nk4: 1e3\nk5: 1E-3\nk6: 1.\nk7: +.5e+2\nk8: 1.5e3\nk9: -1_0.5\nk10: 0.0\nk11: -0.0\nk12: -0\nk13: 00\n",
	"k1: 9223372036854775807\nk2: 9223372036854775808\nk3: 18446744073709551615\nk4: 18446744073709551616\nk5: -9223372036854775809\nk6: 1e400\nk7: .5e999\nk8: 1e-400\n",
	"k1: 0b1111111111111111111111111111111111111111111111111111111111111111\nk2: -0b1000000000000000000000000000000000000000000000000000000000000000\nk3: 0b2\nk4: -0b\n",
	"k1: 1_\nk2: _1\nk3: 1__0\nk4: 1.2.3\nk5: 1e\nk6: 0x\nk7: 08\nk8: +\nk10: .\nk11: ..\nk12: ._1\nk13: 0x1p3\nk14: 1e+\n",
	"k1: +.nan\nk2: .infinity\nk3: .Nan\nk4: inf\nk5: NaN\nk6: -.nan\nk7: --.inf\n",
	"k1: y\nk2: Y\nk3: yes\nk4: Yes\nk5: YES\nk6: n\nk7: N\nk8: no\nk9: NO\nk10: true\nk11: True\nk12: TRUE\nk13: on\nk14: On\nk15: ON\n",
	"k1: off\nk2: Off\nk3: OFF\nk4: false\nk5: False\nk6: FALSE\nk7: tRUE\nk8: yES\nk9: oN\nk10: t\nk11: f\nk12: o\n",
	"k1: ~\nk2: null\nk3: Null\nk4: NULL\nk5: nULL\nk6: nil\nk7: None\nk8: ~x\n",
	"k1: 2001-12-14\nk2: 2001-12-14t21:59:43.10-05:00\nk3: 2001-12-14 21:59:43.10\nk4: 2001-1-2\nk5: 20011-12-14\nk6: 2001-13-40\n",
	// quoted scalars
	"a: 'it''s'\nb: \"x \\\"y\\\" \\\\\"\nc: ''\nd: \"\"\ne: ' x '\nf: 'a # b'\ng: \"a: b\"\n",
	"a: \"\\0\\a\\b\\t\\n\\v\\f\\r\\e\\ \\N\\_\\L\\P\\x41\\u00e9\\U0001F600\\'\"\n", "a: \"\\xff\\u00E9\\x80\\uFFFE\"\n",
	"a: 'x\n  y'\nb: \"x\n\n  y\n\n\n   z\"\nc: 'x  \n  y'\n", "a: \"x\\\n   y\"\nb: \"x\\\n\n   y\"\nc: \"x \\\n y\"\n",
	"a: 'x\n y'\n", "a:\n  'x\n   y'\n", "a:\n- 'x\n  y'\n- z\n", "a: \"x\\ \n  y\"\n", "a: 'x\n  \n  y  '\n",
	// block scalars
	"a: |\n  x\n  y\n\n  z\nb: >\n  x\n  y\n\n  z\n   w\n  v\nc: |-\n  x\n\n\nd: |+\n  x\n\n\ne: >-\n  x\nf: 1\n",
	"a: |2\n    x\n   y\nb: |1-\n  x\nc: >+2\n   x\n  y\n\n", "a: |-2\n   x\nb: >2-\n   y\n", "a: | # c\n  x\n",
	"a: |\n\n  x\n", "a: |\n  \n    x\n", "a: |\n  x\n    \n  y\n", "a: |\nb: 1\n", "a: |+\n\n\nb: 1\n",
	"a: |\n  x", "a: |-\n  x\n  ", "a: |\n  x\n   ", "a: >\n  x\n\n   y\n  z\n\n  w\n", "a: >\n  x\n  \n  y\n",
	"a:\n- |\n  x\n- >-\n  y\n", "a:\n- b: |\n    x\n  c: 1\n", "a: |\n  ---\n  ...\n  # not a comment\n", "a: >\n\n\n  x\n",
	"a: |+\n", "a: |", "a: >-\n  \n", "a: |2\n  x\n\n\n   \n", "a: |\n  x\n# c\nb: |\n    y\n  # c\n", "a: >\n  x\n   \n  y\n",
	"a: |\n   x\n  # c\n", "a: >+\n  x\n\n", "a:\n  b: |\n  c: 1\n", "a:\n  |\n   x\n", "a:\n  |\n x\n", "a:\n  |2\n    x\n",
	"a:\n  b:\n    >-\n     x\n      y\n  c: 1\n", "a:\n-\n  |\n  x\n", "a:\n  |\n",
	// flow collections
	"a: []\nb: {}\nc: [ ]\nd: { }\ne: [a, b]\nf: [\"a\", 'b']\ng: [1, 2.5, true, null, -1]\nh: {a: 1, b: [x, {c: d}]}\n",
	"a: [a,b]\nb: [ a , b ]\nc: [\"a\\tb\"]\nd: {\"a\": 1, 'b': 2}\n", "a: [--x, -1, .5, /x, +]\n", "a: [a] # c\n",
	"a: [[[[a]]]]\n", "a: [a, [b, c], {d: e}]\n", "a:\n- [a]\n- {b: c}\n", "a:\n  [a, b]\n",
	"{}", "{}\n", "{ }\n", "{a: 1, b: [x, {c: d}]}\n", "# c\n{a: 1} # d\n\n# e\n", "---\n{a: b}\n", "{\"a\": 'b'}\n",
	// characters
	strings.Repeat("k", 500) + ": 1\n" + strings.Repeat("l", 400) + strings.Repeat(" ", 100) + ": 2\n", "a: {" + strings.Repeat("k", 500) + ": b}\n",
	"a: é\nb: 日本\nc: 😀\n", "a: \"\\t\"\n", "a: \u00a0\n", "a: b\u00a0\n", "é: 1\n",
}

// declinedCases are documents the fast path may decline (it must then
// leave them to yaml.v2, errors included), or read as yaml.v2 does.
var declinedCases = []string{
	// structure
	"- a: 1\n  b: 2\n", "a: 1\n  b: 2\n", "a:\n  b: 1\n c: 2\n", "a:\n    - x\n  - y\n", "a:\n  b\n  c: d\n", "a:\n- a\n  b: c\n",
	"a:\n  - - nested\n", "--- a: 1\n", "a: 1\n---\nb: 2\n", "a: 1\n...\n", "--- a\n", "%YAML 1.1\n---\na: 1\n", "  a: 1\n  b: 2\n",
	"a: 1\na: 2\n", "a:\n  b: 1\n  'b': 2\n", "a: {x: 1, x: 2}\n", "a: 1\n\"a\": 2\n", "a: 1\n- b\n", "a:\n  - b\n  c: 1\n",
	"a" + strings.Repeat(" ", 1100) + ": b\n", "'a'" + strings.Repeat(" ", 1100) + ": b\n", strings.Repeat("k", 1100) + ": b\n",
	"a: {" + strings.Repeat("k", 1100) + ": b}\n", "a: {'" + strings.Repeat("k", 1100) + "': b}\n",
	"a: 1\nb: '3'# c\n", "a'b: \"c\n", "? a\n: b\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {a: 1}\n", "a: b: c\n",
	"a: - b\n", "a: @x\n", "a: `x`\n", "a: %x\n", "a: ,x\n", "a: ]x\n", "a: }\n", "a: ? x\n", "a: : x\n", "a: :\n", "a: ?\n", "a: ::\n", "a: -:\n", "a: -\n", "a:\n- - x\n",
	"a:\n  b: 1\n   c: 2\n", "a:\n - b\n  - c\n", "a:\n-\n  - b\n - c\n", ":\n", ": a\n", "a:\n  ? b\n",
	// keys that are not strings
	"1: a\n", "1.5: a\n", "yes: a\n", "on: a\n", "null: a\n", "~: a\n", "0x10: a\n", ".inf: a\n", "y: 1\n", "n: 2\n",
	"a:\n  1: x\n", "a: {1: a}\n", "a: {yes: a}\n", "a: {~: a}\n",
	// plain scalars
	"a: x\n  y # c\n  z\n", "a: x # c\n  y\n", "a: x\n  y: z\n", "a: x\n  y:\n", "a:\n- a\n  - b\n- c\n  d\n",
	"a:\n- a: b\n   c\n", "a: x\n y\n", "a:\n  x\n\n y: 1\n",
	// scalar resolution
	"a: .inf\n", "a: -.Inf\n", "a: +.INF\n", "a: .NaN\n", "a: [.nan]\n",
	// quoted scalars
	"a: \"x \\/\"\n", "a: \"\\ud800\"\n", "a: \"\\U00110000\"\n", "a: \"\\q\"\n", "a: \"\\x4\"\n", "a: \"\\x4g\"\n",
	"a: 'a\n\n'\n", "a: 'x\ny'\n", "a: 'x' y\n", "a: \"x\" y\n", "a: -\n", "a: 'x'\n  y\n", "a: 'unterminated\n", "a: \"unterminated\\\n",
	"a: \"x\\\n", "a: 'x\n---\n  y'\n", "'a\n  b': c\n", "\"a\":b\n", "a: 'x\n...\n  y'\n",
	// block scalars
	"a: |0\n  x\n", "a: |10\n  x\n", "a: |-+\n  x\n", "a: |x\n  x\n", "a: |#c\n  y\n", "a: |\n    \n  x\n",
	"a: |\n  x\n # c\n  y\n", "a: |\n  x\n y\n", "a: >\n   x\n  y\n", "a:\n  |\nb: 1\n  x\n", "a: |\n\tx\n", "a: |\n  x\n  \ty\n",
	// flow collections
	"a: [a, ]\n", "a: [a b]\n", "a: [a: b]\n", "a: [a\n  , b]\n", "a: {a:1}\n", "a: {\"a\":1}\n", "a: {a}\n", "a: {a: }\n",
	"a: [-]\n", "a: [- a]\n", "a: [.inf]\n", "a: [a]x\n", "a: [a]# c\n", "a: [*x]\n", "a: [&x a]\n", "a: [!x a]\n", "a: [~]\n",
	"a: [a, b\n", "a: {a: b\n", "a: [a]]\n", "a: [a}\n", "a: {a: [}\n",
	"{a: 1}\nb: 2\n", "{a: 1}: b\n", " {a: 1}\n", "{a: 1}\n---\n", "{a: 1}\n...\n", "{a: 1\n}\n", "{a: 1} x\n", "{a: 1}# c\n",
	"{a: 1, a: 2}\n", "{1: a}\n", "{a: 1}\n  b\n", "{a: &x 1}\n", "[a]\n", "{a: .inf}\n",
	// characters
	"a:\tb\n", "a: b\r\n", "\ufeffa: b\n", "a: \u0085\n", "a: \u2028\n", "a: \xff\n", "a: \ufffe\n", "a: \x7f\n", "a: \x00\n",
	"a: \x01\n", "a: \u0080\n", "a: b\ufeff\n",
}

// TestFastCases compares the fast path with yaml.v2 and sigs.k8s.io/yaml on
// the cases above.
func TestFastCases(t *testing.T) {
	for _, text := range answeredCases {
		if !checkFastPath(t, "case", text) {
			t.Errorf("fast path declined %q", text)
		}
	}
	for _, text := range declinedCases {
		checkFastPath(t, "case", text)
	}
}

// TestFastPathOnCorpus compares the fast path with yaml.v2 and
// sigs.k8s.io/yaml on every YAML text the corpus and our test data offer,
// and guards its coverage: it must answer for nearly every values file and
// rendered document.
func TestFastPathOnCorpus(t *testing.T) {
	type tally struct{ docs, decodable, answered, bytes, answeredBytes int }
	tallies := map[string]*tally{}
	for _, s := range yamlSamples(t) {
		tl := tallies[s.kind]
		if tl == nil {
			tl = &tally{}
			tallies[s.kind] = tl
		}
		tl.docs++
		answered := checkFastPath(t, s.name, s.text)
		if answered {
			tl.answered++
			tl.answeredBytes += len(s.text)
		}
		if _, _, ok := decodeV2([]byte(s.text)); answered || ok {
			tl.decodable++
			tl.bytes += len(s.text)
		}
	}
	kinds := make([]string, 0, len(tallies))
	for k := range tallies {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		tl := tallies[k]
		t.Logf("%-9s %5d texts, %5d decoded by yaml.v2, fast path answered %5d (%.1f%%, %.1f%% of their bytes)",
			k, tl.docs, tl.decodable, tl.answered, percent(tl.answered, tl.decodable), percent(tl.answeredBytes, tl.bytes))
	}
	for kind, least := range minimumCoverage {
		if tl := tallies[kind]; tl == nil || percent(tl.answered, tl.decodable) < least {
			t.Errorf("fast path coverage of %s texts fell below %.0f%%", kind, least)
		}
	}
}

// minimumCoverage is the share (in percent) of the texts yaml.v2 decodes
// that the fast path must answer for, by kind of text.
var minimumCoverage = map[string]float64{"values": 90, "rendered": 95, "chart": 85, "testdata": 90}

func percent(n, of int) float64 {
	if of == 0 {
		return 100
	}
	return 100 * float64(n) / float64(of)
}

// checkFastPath compares the fast path's answer for a text, if it gives
// one, with the yaml.v2 path and with sigs.k8s.io/yaml, and checks that no
// mapping of the text repeats a key. origin tells where the text comes from.
func checkFastPath(t *testing.T, origin, text string) bool {
	t.Helper()
	got, ok := fastDecode([]byte(text))
	checkSelected(t, origin, text, got, ok)
	if !ok {
		return false
	}
	want, _, wantOK := decodeV2([]byte(text))
	if !wantOK {
		t.Fatalf("fast path decoded a text (%s) the yaml.v2 path refuses:\n%s", origin, text)
	}
	if !sameValue(got, want) {
		t.Fatalf("fast path decoded\n%#v\nyaml.v2 path\n%#v\nfrom (%s):\n%s", got, want, origin, text)
	}
	var sigs map[string]any
	if err := yaml.Unmarshal([]byte(text), &sigs); err != nil || !sameValue(got, sigs) {
		t.Fatalf("fast path decoded\n%#v\nsigs.k8s.io/yaml\n%#v, %v\nfrom (%s):\n%s", got, sigs, err, origin, text)
	}
	if k := repeatedKey(text); k != "" {
		t.Fatalf("fast path answered for a text (%s) repeating key %q:\n%s", origin, k, text)
	}
	return true
}

// testSelections are the selections checkSelected checks DecodeSelected
// with: a manifest's head with a CRD's names, and a deeper one.
var testSelections = []Selection{
	{"apiVersion": nil, "kind": nil, "metadata": nil, "spec": {"group": nil, "names": nil}},
	{"spec": {"template": {"spec": nil, "metadata": {"labels": nil}}}, "data": nil},
}

// checkSelected checks DecodeSelected against the fast path's answer for a
// text: it answers exactly when the fast path does, with the same keys and
// the same selected values.
func checkSelected(t *testing.T, origin, text string, full map[string]any, fullOK bool) {
	t.Helper()
	if IsPlain([]byte(text)) != fullOK {
		t.Fatalf("IsPlain answered %v, the fast path %v, for (%s):\n%s", !fullOK, fullOK, origin, text)
	}
	for _, sel := range testSelections {
		got, ok := DecodeSelected(text, sel)
		if ok != fullOK {
			t.Fatalf("DecodeSelected answered %v, the fast path %v, for (%s):\n%s", ok, fullOK, origin, text)
		}
		if ok && !sameSelected(got, full, sel) {
			t.Fatalf("DecodeSelected(%v) gave\n%#v\nthe fast path\n%#v\nfor (%s):\n%s", sel, got, full, origin, text)
		}
	}
}

// sameSelected reports whether two maps have the same keys and the same
// values where sel selects them.
func sameSelected(got, want map[string]any, sel Selection) bool {
	if len(got) != len(want) {
		return false
	}
	for k, w := range want {
		g, present := got[k]
		sub, listed := sel[k]
		switch gm, wm := asMap(g), asMap(w); {
		case !present:
			return false
		case !listed:
		case sub != nil && wm != nil:
			if gm == nil || !sameSelected(gm, wm, sub) {
				return false
			}
		case !sameValue(g, w):
			return false
		}
	}
	return true
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// sameValue is reflect.DeepEqual that also tells -0 from 0 and nil
// collections from empty ones.
func sameValue(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) || (a == nil) != (b == nil) {
			return false
		}
		for k, v := range a {
			if w, ok := b[k]; !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) || (a == nil) != (b == nil) {
			return false
		}
		for i := range a {
			if !sameValue(a[i], b[i]) {
				return false
			}
		}
		return true
	case float64:
		b, ok := b.(float64)
		return ok && math.Float64bits(a) == math.Float64bits(b)
	case string, bool, nil:
		return a == b
	}
	return false
}

// sample is a YAML text of the corpus or of our test data.
type sample struct {
	kind string // values, chart (other chart files), template (sources), rendered (Helm's output), testdata
	name string // its file, and its place there when split
	text string
}

// yamlSamples are every distinct YAML text of the corpus (chart files, and
// each document Helm rendered) and of the repository's test data. Files
// holding several documents are also split into them.
func yamlSamples(t testing.TB) []sample {
	dir := corpus.Dir(t)
	var samples []sample
	seen := map[string]bool{}
	keep := func(kind, name, text string) {
		if !seen[text] {
			seen[text] = true
			samples = append(samples, sample{kind, name, text})
		}
	}
	add := func(kind, path string, whole bool) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		if whole {
			keep(kind, path, text)
		}
		if docs := strings.Split(text, "\n---"); len(docs) > 1 || !whole {
			for i, doc := range docs {
				keep(kind, fmt.Sprintf("%s#%d", path, i), doc)
			}
		}
	}
	charts := filepath.Join(dir, "charts")
	walkYAML(t, charts, func(path string) {
		rel, err := filepath.Rel(charts, path)
		if err != nil {
			t.Fatal(err)
		}
		add(chartFileKind(filepath.ToSlash(rel)), path, true)
	})
	for _, expected := range []string{"expected", "expected-v4"} {
		walkYAML(t, filepath.Join(dir, expected), func(path string) { add("rendered", path, false) })
	}
	walkYAML(t, filepath.Join("..", ".."), func(path string) {
		if strings.Contains(path, string(filepath.Separator)+"testdata"+string(filepath.Separator)) {
			add("testdata", path, true)
		}
	})
	return samples
}

// chartFileKind classifies a YAML file of a chart by its slash-separated
// path below the corpus's charts folder (the folders above it may be named
// anything, "ci" too).
func chartFileKind(path string) string {
	switch base := filepath.Base(path); {
	case strings.Contains(path, "/templates/"):
		return "template"
	case strings.HasSuffix(base, "values.yaml") || strings.Contains(path, "/ci/"):
		return "values"
	}
	return "chart"
}

// walkYAML calls fn with every .yaml and .yml file below root.
func walkYAML(t testing.TB, root string, fn func(path string)) {
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			fn(path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFastPathOnMutations breaks corpus documents in the ways hand-written
// and templated YAML breaks (indentation, stray colons, dashes, quotes,
// tabs, block scalar headers...): the fast path must decline the result or
// read it as yaml.v2 does.
func TestFastPathOnMutations(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	checked, answered := 0, 0
	for _, s := range yamlSamples(t) {
		if s.kind == "template" || len(s.text) > 64<<10 {
			continue
		}
		for range mutationsPerText {
			if checkFastPath(t, "a mutation of "+s.name, mutateYAML(rng, s.text)) {
				answered++
			}
			checked++
		}
	}
	t.Logf("fast path answered %d of %d mutated texts", answered, checked)
	if checked == 0 || answered < checked*45/100 {
		t.Errorf("fast path answered %d of %d mutated texts; it answers for about half", answered, checked)
	}
}

// mutationsPerText is raised by hand for a deeper check (go test -run Mutations).
var mutationsPerText = 2

// mutations are the edits mutateYAML makes to a line.
var mutations = []func(rng *rand.Rand, line string) string{
	func(_ *rand.Rand, l string) string { return " " + l },
	func(_ *rand.Rand, l string) string { return strings.TrimPrefix(l, " ") },
	func(_ *rand.Rand, l string) string { return strings.TrimPrefix(l, "  ") },
	func(_ *rand.Rand, l string) string { return l + ":" },
	func(_ *rand.Rand, l string) string { return l + ": x" },
	func(_ *rand.Rand, l string) string { return "- " + l },
	func(_ *rand.Rand, l string) string { return strings.Replace(l, "- ", "", 1) },
	func(_ *rand.Rand, l string) string { return strings.Replace(l, ": ", ":", 1) },
	func(_ *rand.Rand, l string) string { return strings.Replace(l, ": ", ": |\n", 1) },
	func(_ *rand.Rand, l string) string { return l + " #" },
	func(_ *rand.Rand, l string) string { return "#" + l },
	func(_ *rand.Rand, l string) string { return "\t" + l },
	func(_ *rand.Rand, l string) string { return l + "\n" },
	func(_ *rand.Rand, l string) string { return "" },
	func(rng *rand.Rand, l string) string { return insertAt(rng, l, "\"") },
	func(rng *rand.Rand, l string) string { return insertAt(rng, l, "'") },
	func(rng *rand.Rand, l string) string { return insertAt(rng, l, "\\") },
	func(rng *rand.Rand, l string) string { return insertAt(rng, l, ": ") },
	func(rng *rand.Rand, l string) string { return insertAt(rng, l, " ") },
	func(rng *rand.Rand, l string) string { return insertAt(rng, l, "\n") },
	func(rng *rand.Rand, l string) string { return insertAt(rng, l, "[") },
	func(rng *rand.Rand, l string) string { return insertAt(rng, l, "}") },
	func(rng *rand.Rand, l string) string { return insertAt(rng, l, "-") },
	func(rng *rand.Rand, l string) string { return insertAt(rng, l, "|") },
	func(rng *rand.Rand, l string) string { return insertAt(rng, l, "&a ") },
	func(rng *rand.Rand, l string) string {
		if l == "" {
			return l
		}
		i := rng.Intn(len(l))
		return l[:i] + l[i+1:]
	},
}

// mutateYAML applies one mutation to one line of a text, or duplicates or
// swaps lines.
func mutateYAML(rng *rand.Rand, text string) string {
	lines := strings.Split(text, "\n")
	i := rng.Intn(len(lines))
	switch n := rng.Intn(len(mutations) + 2); n {
	case len(mutations):
		lines = append(lines[:i], append([]string{lines[rng.Intn(len(lines))]}, lines[i:]...)...)
	case len(mutations) + 1:
		j := rng.Intn(len(lines))
		lines[i], lines[j] = lines[j], lines[i]
	default:
		lines[i] = mutations[n](rng, lines[i])
	}
	return strings.Join(lines, "\n")
}

func insertAt(rng *rand.Rand, s, what string) string {
	i := rng.Intn(len(s) + 1)
	return s[:i] + what + s[i:]
}

// FuzzFastPathIsYAMLv2 checks the fast path against yaml.v2 and
// sigs.k8s.io/yaml on fuzzed texts, seeded with the cases above, generated
// documents and the repository's test data.
func FuzzFastPathIsYAMLv2(f *testing.F) {
	for _, text := range append(append(answeredCases, declinedCases...), tricky...) {
		f.Add(text)
	}
	rng := rand.New(rand.NewSource(3))
	for range 100 {
		g := generator{rng: rng}
		g.mapping(0)
		f.Add(g.String())
	}
	walkYAML(f, filepath.Join("..", ".."), func(path string) {
		if strings.Contains(path, "/testdata/") {
			if data, err := os.ReadFile(path); err == nil && len(data) < 16<<10 {
				f.Add(string(data))
			}
		}
	})
	f.Fuzz(func(t *testing.T, text string) { checkFastPath(t, "fuzzed", text) })
}

// TestSuspectWord checks plainText's test of eight bytes at once against
// the test of each byte, for every pair of byte values at every pair of
// positions, among fillers on both sides of the limits.
func TestSuspectWord(t *testing.T) {
	suspect := func(c byte) bool { return c >= 0x80 || c < 0x20 && c != '\n' || c == 0x7f }
	for _, filler := range []byte{'a', '\n', ' ', '~'} {
		for i := 0; i < 8; i++ {
			for j := i + 1; j < 8; j++ {
				for a := 0; a < 256; a++ {
					for b := 0; b < 256; b++ {
						var w [8]byte
						for k := range w {
							w[k] = filler
						}
						w[i], w[j] = byte(a), byte(b)
						if got := suspectWord(binary.LittleEndian.Uint64(w[:])); got != (suspect(w[i]) || suspect(w[j])) {
							t.Fatalf("suspectWord(%q) = %v", w, got)
						}
					}
				}
			}
		}
	}
}
