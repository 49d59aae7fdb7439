package schema

import (
	"bytes"
	"github.com/chartwright/chartwright/internal/corpus"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// splitDocs splits a multi-document YAML stream on "---" lines and decodes
// each document as sigs.k8s.io/yaml does; comment-only documents are nil.
func splitDocs(t testing.TB, data []byte) []map[string]any {
	t.Helper()
	var docs []map[string]any
	for _, part := range splitYAML(data) {
		var doc map[string]any
		if err := yaml.Unmarshal(part, &doc); err != nil {
			t.Fatalf("decode document: %v\n%s", err, part)
		}
		docs = append(docs, doc)
	}
	return docs
}

func splitYAML(data []byte) [][]byte {
	var parts [][]byte
	start := 0
	for i := 0; i <= len(data); {
		end := bytes.IndexByte(data[i:], '\n')
		line := data[i:]
		next := len(data) + 1
		if end >= 0 {
			line = data[i : i+end]
			next = i + end + 1
		}
		if bytes.HasPrefix(line, []byte("---")) && (len(line) == 3 || line[3] == ' ' || line[3] == '\r') {
			parts = append(parts, data[start:i])
			start = min(next, len(data))
		}
		i = next
	}
	return append(parts, data[start:])
}

// corpusRender is one rendered manifest of the corpus.
type corpusRender struct {
	chart, file string
}

func corpusRenders(t testing.TB, corpus string) []corpusRender {
	var out []corpusRender
	for _, pattern := range []string{"expected-v4/*/template.yaml", "expected-v4/*/ci/*.template.yaml"} {
		files, err := filepath.Glob(filepath.Join(corpus, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			rel, _ := filepath.Rel(filepath.Join(corpus, "expected-v4"), f)
			out = append(out, corpusRender{chart: strings.SplitN(rel, string(filepath.Separator), 2)[0], file: f})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].file < out[j].file })
	return out
}

// chartCRDs reads the CRD documents in every crds/ folder of a corpus chart
// (its own and its unpacked subcharts').
func chartCRDs(t testing.TB, chartDir string) []map[string]any {
	var docs []map[string]any
	_ = filepath.WalkDir(chartDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !inCRDsDir(path) {
			return nil
		}
		if ext := filepath.Ext(path); ext != ".yaml" && ext != ".yml" && ext != ".json" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, splitDocs(t, data)...)
		return nil
	})
	return docs
}

// inCRDsDir reports whether path is inside the crds/ folder of a chart
// (a templates/crds/ folder holds templates, not CRDs).
func inCRDsDir(path string) bool {
	for dir := filepath.Dir(path); dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if filepath.Base(dir) == "crds" {
			_, err := os.Stat(filepath.Join(filepath.Dir(dir), "Chart.yaml"))
			return err == nil
		}
	}
	return false
}

func isCRD(doc map[string]any) bool {
	return doc["kind"] == "CustomResourceDefinition"
}

func TestCorpusRendersValidate(t *testing.T) {
	corpus := corpus.Dir(t)
	renders := corpusRenders(t, corpus)
	if len(renders) == 0 {
		t.Fatal("no rendered manifests in the corpus")
	}
	var total, unknown, custom int
	for _, r := range renders {
		rel, _ := filepath.Rel(corpus, r.file)
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(r.file)
			if err != nil {
				t.Fatal(err)
			}
			docs := splitDocs(t, data)
			v := New(Options{})
			for _, doc := range append(chartCRDs(t, filepath.Join(corpus, "charts", r.chart)), docs...) {
				if isCRD(doc) {
					if err := v.AddCRD(doc); err != nil {
						t.Errorf("AddCRD: %v", err)
					}
				}
			}
			k, err := v.kubeSchemas()
			if err != nil {
				t.Fatal(err)
			}
			for i, doc := range docs {
				total++
				if _, builtin := k.kind(str(doc["apiVersion"]), str(doc["kind"])); !builtin && v.crds[gvk{str(doc["apiVersion"]), str(doc["kind"])}] != nil {
					custom++
				}
				for _, e := range v.Validate(doc) {
					if e.Kind == UnknownKind {
						unknown++
						t.Logf("document %d: %v", i, e)
						continue
					}
					t.Errorf("document %d (%v %v %v): %v", i, doc["apiVersion"], doc["kind"], name(doc), e)
				}
			}
		})
	}
	t.Logf("%d renders, %d documents (%d custom resources checked against their CRD), %d of unknown kind", len(renders), total, custom, unknown)
	// About one document in eight is a custom resource of a CRD the chart
	// ships, and one in eighty of a kind no schema describes.
	if custom < total/10 || unknown > total/50 {
		t.Errorf("%d of %d documents checked against a CRD (want a tenth), %d of unknown kind (want at most a fiftieth)", custom, total, unknown)
	}
}

func name(doc map[string]any) any {
	meta, _ := doc["metadata"].(map[string]any)
	return meta["name"]
}
