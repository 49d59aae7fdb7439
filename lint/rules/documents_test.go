package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/cache"
	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/render"
	yamlv3 "gopkg.in/yaml.v3"
	"sigs.k8s.io/yaml"
)

// TestDecoderHeadIsHelms checks that heads taken from decoded objects are
// what decoding into Helm's stub gives, errors included.
func TestDecoderHeadIsHelms(t *testing.T) {
	docs := []string{
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: b\n",
		"kind: Secret\nmetadata: null\n",
		"Kind: Secret\nmetadata:\n  Name: x\n",
		"kind: Secret\nKIND: Other\n",
		"apiversion: v1\n",
		"kind: 1\n",
		"apiVersion: [v1]\n",
		"metadata: x\n",
		"metadata:\n  name: 5\n",
		"metadata:\n  namespace: {}\n",
		"metadata:\n  NAME: n\n",
		"\u212aind: Secret\n",
		"- a\n- b\n",
		"just text\n",
		"# only a comment\n",
		"null\n",
		"{\"kind\": \"Service\", \"metadata\": {\"name\": \"s\"}}",
		"a: [\n",
	}
	for _, helm3 := range []bool{false, true} {
		dc := &decoder{helm3: helm3, objects: cache.New[decodedObject](0)}
		for _, text := range docs {
			gotHead, gotErr := dc.head(text)
			wantHead, wantErr := decodeHead([]byte(text), helm3)
			if fmt.Sprint(gotHead, gotErr) != fmt.Sprint(wantHead, wantErr) {
				t.Errorf("helm3=%v %q: head %v, %v; Helm's stub gives %v, %v", helm3, text, gotHead, gotErr, wantHead, wantErr)
			}
		}
	}
}

// TestSplitTexts checks the document texts of both splitters: lines as
// Kubernetes' reader returns them, CRs dropped and a final newline added.
func TestSplitTexts(t *testing.T) {
	dc := &decoder{objects: cache.New[decodedObject](0)}
	for _, tt := range []struct {
		content string
		want    []string
	}{
		{"a: 1\n---\nb: 2\n", []string{"a: 1\n", "b: 2\n"}},
		{"---\na: 1\r\n--- # c\r\nb: 2", []string{"---\na: 1\n", "b: 2\n"}},
		{"a: \"x\ry\"\n", []string{"a: \"x\ry\"\n"}},
	} {
		r := &render.Rendered{Content: tt.content}
		for name, docs := range map[string][]*document{"helm": dc.decodeRendered(r), "all": dc.splitAll(r)} {
			var got []string
			for _, d := range docs {
				got = append(got, d.text)
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("%s split of %q: %q, want %q", name, tt.content, got, tt.want)
			}
		}
	}
}

// TestDecodeObjectIsSigs checks the decoder's objects against
// sigs.k8s.io/yaml's on tricky documents and on every document of the
// corpus: Helm's rendered output, values files and CRDs.
func TestDecodeObjectIsSigs(t *testing.T) {
	docs := []string{
		"a: 1\nb: 1.5\nc: -0.0\nd: 0777\ne: 0x1F\nf: 1_000\ng: 18446744073709551615\nh: 1e400\ni: 99999999999999999999\n",
		"yes: on\nno: off\ny: n\n~: null\n",
		"1: a\n\"1\": b\n",
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
		"a: [\n",
		"a: 1\na: 2\n",
	}
	docs = append(docs, corpusDocuments(t)...)
	for _, text := range docs {
		var want map[string]any
		wantErr := yaml.Unmarshal([]byte(text), &want)
		d, ok := decodeObject(text)
		if !ok {
			continue // the decoder asks sigs.k8s.io/yaml
		}
		got := d.object
		if wantErr != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%.200q: decoded %v, sigs.k8s.io/yaml gives %v, %v", text, got, want, wantErr)
		}
	}
}

// corpusDocuments are the documents of the corpus's YAML: Helm's
// rendered output, values.yaml and crds/ files.
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
	if len(docs) < 400 {
		t.Fatalf("only %d corpus documents", len(docs))
	}
	return docs
}

// TestUniqueKeys checks that documents the decoder marks as unable to
// repeat a key have no key the duplicate-key rule would report, and that
// documents repeating a key are not marked.
func TestUniqueKeys(t *testing.T) {
	repeating := []string{
		"a: 1\na: 2\n",
		"m:\n  k: 1\n  \"k\": 2\n",
		"yes: 1\n\"yes\": 2\n",
		"0x10: a\n\"0x10\": b\n",
		"1e3: a\n\"1e3\": b\n",
		"x: &a {p: 1}\ny: &b {q: 2}\nz:\n  <<: *a\n  <<: *b\n",
	}
	for _, text := range repeating {
		if d, ok := decodeObject(text); ok && d.uniqueKeys {
			t.Errorf("%q is marked as unable to repeat a key", text)
		}
	}
	for _, text := range append(repeating, corpusDocuments(t)...) {
		d, ok := decodeObject(text)
		if !ok || !d.uniqueKeys {
			continue
		}
		doc := &document{text: text}
		if n := doc.node(); n != nil {
			walkMappings(n, func(m *yamlv3.Node) {
				seen := map[string]bool{}
				for i := 0; i+1 < len(m.Content); i += 2 {
					if k := m.Content[i]; k.Kind == yamlv3.ScalarNode {
						if seen[k.Value] {
							t.Errorf("%.200q repeats %q but is marked as unable to", text, k.Value)
						}
						seen[k.Value] = true
					}
				}
			})
		}
	}
}
