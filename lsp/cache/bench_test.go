package cache

import (
	"bytes"
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

// BenchmarkWholeLintAfterEdit is the whole lint the diagnostics run once
// the edits pause, after a keystroke in a template that renders no CRD:
// in kube-prometheus-stack (its CRDs under a subchart's crds/) and in
// cert-manager with its CRDs rendered.
func BenchmarkWholeLintAfterEdit(b *testing.B) {
	for _, c := range []struct{ chart, template string }{
		{"prometheus-community__kube-prometheus-stack", "templates/prometheus/prometheus.yaml"},
		{"cert-manager__cert-manager", "templates/deployment.yaml"},
	} {
		b.Run(c.chart, func(b *testing.B) {
			edit := editedChart(b, c.chart, c.template)
			b.ResetTimer()
			for i := range b.N {
				s, r := edit(i)
				if _, err := r.Lint(context.Background(), s.Rules(), true); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkKubeSchemasAfterEdit is what hover and completion of a
// Kubernetes field wait for, in cert-manager with its CRDs rendered, on a
// snapshot made by a keystroke after a whole lint: with the validator kept
// from the snapshot before, and made again, as after a change of the
// rendered CRDs.
func BenchmarkKubeSchemasAfterEdit(b *testing.B) {
	for _, kept := range []bool{true, false} {
		b.Run(map[bool]string{true: "kept", false: "made"}[kept], func(b *testing.B) {
			edit := editedChart(b, "cert-manager__cert-manager", "templates/deployment.yaml")
			_, r := edit(0)
			r.KubeSchemas()
			b.ResetTimer()
			for i := range b.N {
				_, r := edit(i + 1)
				if !kept {
					r.latest.forget()
				}
				r.KubeSchemas()
			}
		})
	}
}

// editedChart returns, for the i-th keystroke in a template of a corpus
// chart linted once whole, the snapshot and root as they are after it.
// cert-manager's values.yaml is opened with installCRDs set, so that its
// CRDs render.
func editedChart(b *testing.B, name, template string) func(i int) (*Snapshot, *Root) {
	dir := corpus.ChartPath(b, corpus.Dir(b), name)
	w := NewWorkspace(rules.All())
	s := w.SetFolders([]string{dir})
	valuesPath := filepath.Join(dir, "values.yaml")
	if values, err := os.ReadFile(valuesPath); err == nil && bytes.Contains(values, []byte("\ninstallCRDs: false\n")) {
		s = w.Open(valuesPath, 1, bytes.Replace(values, []byte("\ninstallCRDs: false\n"), []byte("\ninstallCRDs: true\n"), 1))
	}
	if _, err := s.Roots()[0].Lint(context.Background(), s.Rules(), true); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, template)
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
