package refs

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/corpus"
)

// TestCorpus indexes every corpus chart: each loads, no panic, every read
// placed inside its file, and for helm__hello-world exactly the paths its
// templates read.
func TestCorpus(t *testing.T) {
	dir := filepath.Join(corpus.Dir(t), "charts")
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("no corpus charts: %v", err)
	}
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			c, err := chart.Load(filepath.Join(dir, e.Name()), chart.Options{})
			if err != nil {
				t.Fatalf("chart does not load: %v", err) // every corpus chart loads in Helm
			}
			ix := Build(c)
			for _, r := range ix.Reads() {
				if s := r.Span; s.File == nil || s.Start < 0 || s.Start > s.End || s.End > len(s.File.Data) {
					t.Errorf("read %q (%s) has span %+v outside its file", r.Path, r.Template, s)
				}
			}
			if len(ix.Reads()) == 0 && !c.IsLibrary() {
				t.Errorf("no reads")
			}
			if e.Name() == "helm__hello-world" {
				checkHelloWorld(t, ix)
			}
		})
	}
}

func checkHelloWorld(t *testing.T, ix *Index) {
	t.Helper()
	var got []string
	for _, r := range ix.Reads() {
		got = append(got, strings.Join(r.RootPath, "."))
	}
	slices.Sort(got)
	got = slices.Compact(got)
	want := []string{
		"fullnameOverride", "image.pullPolicy", "image.repository", "image.tag", "nameOverride",
		"replicaCount", "service.port", "service.type",
		"serviceAccount.annotations", "serviceAccount.create", "serviceAccount.name",
	}
	if !slices.Equal(got, want) {
		t.Errorf("hello-world read paths\n got: %q\nwant: %q", got, want)
	}
	if n := len(ix.Issues()); n != 0 {
		t.Errorf("hello-world: %d issues: %v", n, ix.Issues())
	}
}

// BenchmarkBuild indexes argo-cd, a complete chart with a subchart.
func BenchmarkBuild(b *testing.B) {
	c, err := chart.Load(filepath.Join(corpus.Dir(b), "charts", "argoproj__argo-cd"), chart.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Build(c)
	}
}
