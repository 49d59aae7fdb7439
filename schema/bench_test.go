package schema

import (
	"github.com/chartwright/chartwright/internal/corpus"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkStartup measures what the first validation of a run pays once:
// opening the embedded data and compiling a Deployment, whose types are
// decoded as far as the document's keys reach.
func BenchmarkStartup(b *testing.B) {
	doc := map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": map[string]any{"name": "x"}, "spec": map[string]any{
		"selector": map[string]any{}, "template": map[string]any{},
	}}
	b.ReportAllocs()
	for b.Loop() {
		d, err := decodeKube(kubeStruct)
		if err != nil {
			b.Fatal(err)
		}
		ver, err := d.version(DefaultKubeVersion)
		if err != nil || ver == nil {
			b.Fatal(err)
		}
		k := &kubeSchemas{data: d, ver: ver, byName: map[int]*snode{}}
		v := New(Options{})
		v.kubeOnce.Do(func() { v.kube = k })
		if errs := v.Validate(doc); len(errs) != 0 {
			b.Fatalf("unexpected errors: %v", errs)
		}
	}
}

// BenchmarkValidateArgoCD validates argo-cd's full render (1.9 MB) with a
// fresh validator each time: CRDs added, every kind compiled on first use.
func BenchmarkValidateArgoCD(b *testing.B) {
	corpus := corpus.Dir(b)
	data, err := os.ReadFile(filepath.Join(corpus, "expected-v4", "argoproj__argo-cd", "template.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	docs := splitDocs(b, data)
	if _, err := loadKube(); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		v := New(Options{})
		for _, doc := range docs {
			if isCRD(doc) {
				if err := v.AddCRD(doc); err != nil {
					b.Fatal(err)
				}
			}
		}
		for _, doc := range docs {
			for _, e := range v.Validate(doc) {
				if e.Kind != UnknownKind {
					b.Fatalf("unexpected error: %v", e)
				}
			}
		}
	}
}
