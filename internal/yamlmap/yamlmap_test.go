package yamlmap

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	yamlv3 "go.yaml.in/yaml/v3"
	"sigs.k8s.io/yaml"
)

// tricky are documents where YAML and JSON disagree.
var tricky = []string{
	"a: 1\nb: 1.5\nc: -0.0\nd: 0777\ne: 0x1F\nf: 1_000\ng: 18446744073709551615\nh: 1e400\ni: 99999999999999999999\n",
	"yes: on\nno: off\ny: n\n~: null\n",
	"1.5: a\n2: b\ntrue: c\n",
	"a: .inf\n",
	"a: .nan\n",
	"a: !!binary aGVsbG8=\nb: !!binary /w==\n",
	"a: 2001-12-14t21:59:43.10-05:00\nb: !!timestamp 2001-12-14\n",
	"base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n",
	"a: [1, {b: c}]\n",
	"? [a]\n: b\n",
	"a: \"\\xff\\u00e9<>&\"\n",
	"- a\n",
	"just text\n",
	"null\n",
	"",
	"# a comment\n",
	"a: [\n",
	"a: 1\na: 2\n",
}

// TestUnmarshalIsSigs compares Unmarshal with sigs.k8s.io/yaml on tricky
// documents and on every document of the corpus: Helm's rendered output,
// values files and CRDs.
func TestUnmarshalIsSigs(t *testing.T) {
	fast := 0
	for _, text := range append(tricky, corpusDocuments(t)...) {
		var want map[string]any
		wantErr := yaml.Unmarshal([]byte(text), &want)
		got, err := Unmarshal([]byte(text))
		if !reflect.DeepEqual(got, want) || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Errorf("%.200q: decoded %v, %v; sigs.k8s.io/yaml gives %v, %v", text, got, err, want, wantErr)
		}
		if _, _, ok := decode([]byte(text)); ok {
			fast++
		}
		m, unique, err := Decode([]byte(text))
		tm, tunique, terr := DecodeText(text)
		if !reflect.DeepEqual(tm, m) || tunique != unique || fmt.Sprint(terr) != fmt.Sprint(err) {
			t.Errorf("%.200q: DecodeText gave %v, %v, %v; Decode %v, %v, %v", text, tm, tunique, terr, m, unique, err)
		}
	}
	if fast < 400 {
		t.Errorf("only %d documents took the direct path", fast)
	}
}

// TestCollidingKeys checks that keys that collide once made strings are
// left to sigs.k8s.io/yaml, whose result then depends on map order.
func TestCollidingKeys(t *testing.T) {
	if _, _, ok := decode([]byte("1: a\n\"1\": b\n")); ok {
		t.Error("colliding keys took the direct path")
	}
}

// repeating are documents that repeat a key, textually or once decoded.
var repeating = []string{
	"a: 1\na: 2\n",
	"m:\n  k: 1\n  \"k\": 2\n",
	"yes: 1\n\"yes\": 2\n",
	"0x10: a\n\"0x10\": b\n",
	"1e3: a\n\"1e3\": b\n",
	"x: &a {p: 1}\ny: &b {q: 2}\nz:\n  <<: *a\n  <<: *b\n",
}

// TestUniqueKeys checks that documents said to have unique keys have no
// two textually equal scalar keys in a mapping, and that the repeating
// documents are not said to.
func TestUniqueKeys(t *testing.T) {
	for _, text := range repeating {
		if _, unique, _ := Decode([]byte(text)); unique {
			t.Errorf("%q is said to have unique keys", text)
		}
	}
	for _, text := range append(tricky, corpusDocuments(t)...) {
		if _, unique, _ := Decode([]byte(text)); unique {
			if k := repeatedKey(text); k != "" {
				t.Errorf("%.200q repeats %q but is said to have unique keys", text, k)
			}
		}
	}
}

// repeatedKey is a scalar key that some mapping of the document repeats.
func repeatedKey(text string) string {
	var doc yamlv3.Node
	if yamlv3.Unmarshal([]byte(text), &doc) != nil {
		return ""
	}
	var walk func(n *yamlv3.Node) string
	walk = func(n *yamlv3.Node) string {
		if n.Kind == yamlv3.MappingNode {
			seen := map[string]bool{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				if k := n.Content[i]; k.Kind == yamlv3.ScalarNode {
					if seen[k.Value] {
						return k.Value
					}
					seen[k.Value] = true
				}
			}
		}
		for _, c := range n.Content {
			if k := walk(c); k != "" {
				return k
			}
		}
		return ""
	}
	return walk(&doc)
}

// corpusDocuments are the documents of the corpus's YAML files.
func corpusDocuments(t *testing.T) []string {
	dir := corpus.Dir(t)
	var files []string
	for _, pattern := range []string{"expected-v4/*/template.yaml", "charts/*/values.yaml", "charts/*/charts/*/crds/*.yaml"} {
		m, _ := filepath.Glob(filepath.Join(dir, pattern))
		files = append(files, m...)
	}
	var docs []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, strings.Split(string(data), "\n---")...)
	}
	return docs
}

// TestDecodeTextWithIsDecodeText decodes every case, answered, declined
// or failing, one after the other with one Scratch: each result and error
// is DecodeText's, whatever the documents before left in the scratch.
func TestDecodeTextWithIsDecodeText(t *testing.T) {
	var s Scratch
	texts := append(append(append([]string{}, answeredCases...), declinedCases...), tricky...)
	for _, text := range append(texts, texts...) {
		m, unique, err := DecodeTextWith(&s, text)
		wm, wunique, werr := DecodeText(text)
		if !reflect.DeepEqual(m, wm) || unique != wunique || fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Errorf("%q: DecodeTextWith gives %v, %v, %v; DecodeText %v, %v, %v", text, m, unique, err, wm, wunique, werr)
		}
	}
}

// TestScratchIsKept checks that a Scratch keeps what a document grew it
// to: decoding it again allocates only the result, less than DecodeText.
func TestScratchIsKept(t *testing.T) {
	text := "a:\n  b: |\n    line\n    line\n  c: [1, 2]\n  d:\n  - x\n  - y\n"
	for i := range 40 {
		text += fmt.Sprintf("  key%d: value\n", i)
	}
	var s Scratch
	DecodeTextWith(&s, text)
	with := testing.AllocsPerRun(10, func() { DecodeTextWith(&s, text) })
	without := testing.AllocsPerRun(10, func() { DecodeText(text) })
	if with >= without {
		t.Errorf("decoding with a used Scratch makes %v allocations, DecodeText %v", with, without)
	}
}

// TestDecodeSelectedWithKeepsNothing decodes every case with selections,
// one after the other with one Scratch: each result is the one a fresh
// Scratch gives, whatever the documents before left in it.
func TestDecodeSelectedWithKeepsNothing(t *testing.T) {
	var s Scratch
	texts := append(append(append([]string{}, answeredCases...), declinedCases...), tricky...)
	for _, sel := range testSelections {
		for _, text := range append(texts, texts...) {
			m, ok := DecodeSelectedWith(&s, text, sel)
			var fresh Scratch
			wm, wok := DecodeSelectedWith(&fresh, text, sel)
			if !reflect.DeepEqual(m, wm) || ok != wok {
				t.Errorf("%q selecting %v: %v, %v after other documents; %v, %v alone", text, sel, m, ok, wm, wok)
			}
		}
	}
}
