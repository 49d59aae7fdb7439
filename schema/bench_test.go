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
		if errs := freshValidator(b).Validate(doc); len(errs) != 0 {
			b.Fatalf("unexpected errors: %v", errs)
		}
	}
}

// freshValidator returns a validator that shares nothing with earlier
// ones: the embedded data opened again, no type compiled.
func freshValidator(b *testing.B) *Validator {
	d, err := decodeKube(kubeStruct)
	if err != nil {
		b.Fatal(err)
	}
	ver, err := d.version(DefaultKubeVersion)
	if err != nil || ver == nil {
		b.Fatal(err)
	}
	v := New(Options{})
	v.kubeOnce.Do(func() { v.kube = &kubeSchemas{data: d, ver: ver, byName: map[int]*snode{}} })
	return v
}

// BenchmarkStartupChart is BenchmarkStartup for the whole render of small
// charts: fresh schemas, every document validated once, so it counts the
// types those documents reach.
func BenchmarkStartupChart(b *testing.B) {
	for _, chart := range []string{"helm__hello-world", "kubernetes-sigs__metrics-server"} {
		data, err := os.ReadFile(filepath.Join(corpus.Dir(b), "expected-v4", chart, "template.yaml"))
		if err != nil {
			b.Fatal(err)
		}
		docs := splitDocs(b, data)
		b.Run(chart, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v := freshValidator(b)
				for _, doc := range docs {
					v.Validate(doc)
				}
			}
		})
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
