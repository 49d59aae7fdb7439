package cache

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lint/rules"
)

// editedRoot returns, for the i-th keystroke in a template of the corpus's
// biggest chart, the root as it is after it: the template with one more
// character, its chart derived from the previous snapshot's.
func editedRoots(b *testing.B) func(i int) (*Snapshot, *Root) {
	dir := corpus.ChartPath(b, corpus.Dir(b), "prometheus-community__kube-prometheus-stack")
	w := NewWorkspace(rules.All())
	s := w.SetFolders([]string{dir})
	s.Roots()[0].Lint(context.Background(), s.Rules(), true)
	path := filepath.Join(dir, "templates/prometheus/prometheus.yaml")
	text, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	w.Open(path, 1, text)
	return func(i int) (*Snapshot, *Root) {
		s, err := w.Change(path, int32(i+2), []TextChange{{Text: string(text) + "#" + string(rune('a'+i%26))}})
		if err != nil {
			b.Fatal(err)
		}
		return s, s.Root(path)
	}
}

// BenchmarkIndexAfterEdit is what a feature asking for the refs index right
// after a keystroke waits for.
func BenchmarkIndexAfterEdit(b *testing.B) {
	edit := editedRoots(b)
	b.ResetTimer()
	for i := range b.N {
		_, r := edit(i)
		r.Index()
	}
}

// BenchmarkQuickLintAfterEdit is the quick diagnostics' work at each
// keystroke: the chart derived, indexed, and its quick rules run.
func BenchmarkQuickLintAfterEdit(b *testing.B) {
	edit := editedRoots(b)
	b.ResetTimer()
	for i := range b.N {
		s, r := edit(i)
		if _, err := r.Lint(context.Background(), s.Rules(), false); err != nil {
			b.Fatal(err)
		}
	}
}
