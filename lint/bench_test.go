package lint_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// BenchmarkLintCorpus lints every corpus chart once per iteration, with
// every rule, in Helm 4 mode.
func BenchmarkLintCorpus(b *testing.B) {
	dir := corpus.Dir(b)
	names, _ := filepath.Glob(filepath.Join(dir, "charts", "*"))
	var paths []string
	for _, n := range names {
		paths = append(paths, corpus.ChartPath(b, dir, filepath.Base(n)))
	}
	all := rules.All()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range paths {
			if _, err := lint.Run(context.Background(), p, lint.Options{Rules: all}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
