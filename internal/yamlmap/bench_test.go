package yamlmap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"sigs.k8s.io/yaml"
)

// BenchmarkDecode decodes kube-prometheus-stack's values.yaml (207 kB, half
// comments), the documents Helm renders for it (manifests and CRDs), and
// every values file of the corpus, with sigs.k8s.io/yaml, with the yaml.v2
// path alone, and with Decode (the fast path first).
func BenchmarkDecode(b *testing.B) {
	dir := corpus.Dir(b)
	kps := filepath.Join(dir, "charts", "prometheus-community__kube-prometheus-stack", "values.yaml")
	rendered := filepath.Join(dir, "expected-v4", "prometheus-community__kube-prometheus-stack", "template.yaml")
	values, _ := filepath.Glob(filepath.Join(dir, "charts", "*", "values.yaml"))
	sets := []struct {
		name  string
		texts [][]byte
	}{
		{"kps-values", readTexts(b, false, kps)},
		{"kps-rendered", readTexts(b, true, rendered)},
		{"all-values", readTexts(b, false, values...)},
	}
	paths := []struct {
		name   string
		decode func([]byte)
	}{
		{"sigs", func(data []byte) {
			var m map[string]any
			_ = yaml.Unmarshal(data, &m)
		}},
		{"yaml.v2", func(data []byte) { decodeV2(data) }},
		{"Decode", func(data []byte) { _, _, _ = Decode(data) }},
	}
	for _, set := range sets {
		size := 0
		for _, text := range set.texts {
			size += len(text)
		}
		for _, path := range paths {
			b.Run(set.name+"/"+path.name, func(b *testing.B) {
				b.SetBytes(int64(size))
				b.ReportAllocs()
				for b.Loop() {
					for _, text := range set.texts {
						path.decode(text)
					}
				}
			})
		}
	}
}

// readTexts reads files, split into documents where Helm's output separates
// them when split is set.
func readTexts(b *testing.B, split bool, paths ...string) [][]byte {
	var texts [][]byte
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if !split {
			texts = append(texts, data)
			continue
		}
		for _, doc := range strings.Split(string(data), "\n---") {
			texts = append(texts, []byte(doc))
		}
	}
	return texts
}
