package render

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"sigs.k8s.io/yaml"
)

// quickHead may only answer for a document when the full parser accepts it
// and reads the same head. It is checked on samples, on every document Helm
// rendered for the corpus, and on many mutations of them (broken
// indentation, stray colons, tabs, quotes), which must either be declined
// or agree.
func TestQuickHeadAgreesWithParser(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	checkQuickHeads(t, rng, headSamples(), 40)
	t.Run("corpus", func(t *testing.T) { checkQuickHeads(t, rng, corpusDocuments(t), 95) })
}

// checkQuickHeads checks the documents and their mutations, and that the
// fast path answered for at least the given percentage of the documents.
func checkQuickHeads(t *testing.T, rng *rand.Rand, docs []string, leastPercent int) {
	answered, checked := 0, 0
	for _, doc := range docs {
		if checkQuickHead(t, doc) {
			answered++
		}
		checked++
		for i := 0; i < mutationsPerDocument; i++ {
			checkQuickHead(t, mutate(rng, doc))
			checked++
		}
	}
	t.Logf("fast path answered %d of %d unmutated documents (%d checked with mutations)", answered, len(docs), checked)
	if len(docs) == 0 || answered*100 < len(docs)*leastPercent {
		t.Errorf("fast path answered %d of %d documents; want at least %d%%", answered, len(docs), leastPercent)
	}
}

func checkQuickHead(t *testing.T, doc string) bool {
	t.Helper()
	got, ok := quickHead(doc)
	if !ok {
		return false
	}
	var want SimpleHead
	if err := yaml.Unmarshal([]byte(doc), &want); err != nil {
		t.Fatalf("fast path accepted a document the parser rejects (%v):\n%s", err, doc)
	}
	if want.Metadata != nil && want.Metadata.Name == "" && want.Metadata.Annotations == nil && got.Metadata == nil {
		want.Metadata = nil // an empty metadata reads the same either way
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("fast path head %+v, parser %+v, for:\n%s", got, want, doc)
	}
	return true
}

func headSamples() []string {
	return []string{
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    \"helm.sh/hook\": pre-install\n    x: 'it''s'\ndata:\n  k: |\n    line\n\n    more\n  j: >-\n    folded\nlist:\n- a\n- b: c\n  d: [\"x\", y]\n",
		"# only a comment\n",
		"apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  key: value # comment\n",
		"kind: A\nmetadata:\n  name: yes\n",
		"kind: A\nmetadata:\n  name: 012\n",
		"kind: A\nb:\n  - c\n  -\n    d: e\n",
		"a: b: c\n",
		"a:\n  b\n  c: d\n",
		"a: \"unterminated\n",
		"a: [x, y\n",
		"a: |\n  x\n y\n",
		"kind: A\nkind: B\n",
		"a:\n- b\nc: d\n  e: f\n",
		"kind: A\nspec:\n  description: a long\n    text\n\n    folded\n  other: x\n", "a: b\n  - c\n", "a: b\n  c: d\n",
		"- a\n  b\n", "a: b # c\n  d\n", "kind: A\nmetadata:\n  name: x\n    y\n", "a:\n  b\n  c\n", "a: 'q'\n  b\n",
		"a: b\n  c #x\n", "a: b\n c\nd: e\n", "x:\n- a\n  b\n", "a: b\n  c\n  # k\n  d\n", "- a: b\n    c\n",
		"a: b\n  c\n d\n", "a: 1\n  2\n", "a: b\n  ---\n", "a: b\n  c\n  :\n", "kind: A\nb: c\n  kind: B\n",
		"kind: A\nspec:\n  d: 'it''s\n    # not a comment\n\n    long'\n  e: f\n", "a: 'x\n  y' # c\nb: c\n", "a: 'x\n  y' z\n", "a: 'x\ny'\n",
		"a: \"x\n  y\"\n", "a: b\n  \"c\", d)\n", "a: b\n  - c\n", "a: b\n  [c]\n", "a: b\n  {c: d}\n", "a: b\n  &c\n", "a: b\n  *c\n", "a: b\n  ? c\n", "a: b\n  | c\n", "a: b\n  !c\n", "a: b\n  %c\n", "a: b\n  @c\n", "a: \"x\n  \\ty\"\n", "- 'x\n  y'\n- z\n", "a:\n  'x\n   y'\n", "a: 'x\n  y'\n    z\n", "kind: 'A\n  B'\n",
		flowMappingDocument, "a: {b: c}\n", "a: { b: c , d: [e, {f: \"g\"}] }\n", "a: {b: c,}\n", "a: {b: c d}\n", "a: {b:c}\n",
		"a: {b: c\n", "a: {b: c}}\n", "a: {b: c} d\n", "a: {b: c} # e\n", "a: {b: [c}\n", "a: {b: c, b: d}\n", "a: {1: b, true: c, 0.5: d}\n",
		"a: {null: b}\n", "a: {Null: b}\n", "a: {b: null}\n", "a: {\"b\": c}\n", "a: {b: -}\n", "a: [-]\n", "a: {-b: c}\n", "a: {.inf: b}\n",
		"a: {b: \"c, d\"}\n", "a: {b: \"c\\\"d\"}\n", "a: {{b: c}: d}\n", "a: {b: {c: {d: [e]}}}\n", "- {b: c}\n",
		"kind: {a: b}\n", "metadata: {name: a}\n", "a:\n  null: b\n", "kind: null\n", "kind: A\nmetadata:\n  name: Null\n",
	}
}

// flowMappingDocument holds the flow mappings of kube-prometheus-stack's
// affinity terms.
const flowMappingDocument = `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata:
  name: rel-alertmanager
spec:
  affinity:
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchExpressions:
              - {key: app.kubernetes.io/name, operator: In, values: [alertmanager]}
              - {key: alertmanager, operator: In, values: [rel-kube-prometheus-stack-alertmanager]}
`

// TestQuickHeadFlowCollections checks which one-line flow collections the
// fast path reads itself: simple ones, and not a null key, which the
// parser's conversion to JSON refuses.
func TestQuickHeadFlowCollections(t *testing.T) {
	for doc, want := range map[string]bool{
		flowMappingDocument:                 true,
		"a: {b: c, d: [e, \"f\"], g: {}}\n": true,
		"a: [b, {c: d}]\n":                  true,
		"a: {1: b, true: c}\n":              true,
		"a: {null: b}\n":                    false,
		"a:\n  NULL: b\n":                   false,
		"kind: null\n":                      false,
		"a: {b: c, }\n":                     false,
		"a: {b: 'c'}\n":                     false,
	} {
		if _, ok := quickHead(doc); ok != want {
			t.Errorf("quickHead answered %v, want %v, for:\n%s", ok, want, doc)
		}
		checkQuickHead(t, doc)
	}
}

// corpusDocuments are the documents of every Helm render in the corpus.
func corpusDocuments(t *testing.T) []string {
	dir := corpus.Dir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "expected-v4", "*", "template.yaml"))
	more, _ := filepath.Glob(filepath.Join(dir, "expected-v4", "*", "ci", "*.template.yaml"))
	var docs []string
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range splitDocuments(string(data), false) {
			docs = append(docs, p.text)
		}
	}
	return docs
}

// mutate breaks a document in one of the ways templates break YAML.
func mutate(rng *rand.Rand, doc string) string {
	lines := strings.Split(doc, "\n")
	i := rng.Intn(len(lines))
	switch rng.Intn(8) {
	case 0:
		lines[i] = " " + lines[i]
	case 1:
		lines[i] = strings.TrimPrefix(lines[i], "  ")
	case 2:
		lines[i] += ": x"
	case 3:
		lines[i] = "\t" + lines[i]
	case 4:
		lines[i] += " \"q"
	case 5:
		lines = append(lines[:i], append([]string{lines[rng.Intn(len(lines))]}, lines[i:]...)...)
	case 6:
		if len(lines[i]) > 2 {
			j := rng.Intn(len(lines[i]))
			lines[i] = lines[i][:j] + lines[i][j+1:]
		}
	case 7:
		lines[i] = "- " + lines[i]
	}
	return strings.Join(lines, "\n")
}

// mutationsPerDocument is raised by hand for a deeper check (go test -run QuickHead).
var mutationsPerDocument = 4

// FuzzQuickHead checks the same agreement on fuzzed documents.
func FuzzQuickHead(f *testing.F) {
	for _, s := range headSamples() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) { checkQuickHead(t, doc) })
}
