package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/values"
)

// Navigation on real charts of the corpus: a bitnami chart with the common
// library on disk, and kube-prometheus-stack, the largest.

const kubePrometheusStack = "prometheus-community__kube-prometheus-stack"

// corpusWorkspace opens a corpus chart, in place, as a workspace folder.
func corpusWorkspace(t testing.TB, name string) (*cache.Snapshot, string) {
	t.Helper()
	dir := corpus.ChartPath(t, corpus.Dir(t), name)
	w := cache.NewWorkspace(rules.All())
	return w.SetFolders([]string{dir}), dir
}

// TestCorpusDefinitionIntoLibrary goes from an include of the common
// library in bitnami's nginx to the define in charts/common on disk.
func TestCorpusDefinitionIntoLibrary(t *testing.T) {
	snap, dir := corpusWorkspace(t, "bitnami__nginx")
	doc := navDoc(t, snap, dir, "templates/hpa.yaml")
	got := definitionAt(doc, navOffset(t, doc.File, `template "common.names.fullna`, 0))
	names := filepath.Join(dir, "charts/common/templates/_names.tpl")
	data, err := os.ReadFile(names)
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Index(string(data), `define "common.names.fullname"`) + len("define ")
	if len(got) != 1 || got[0].path != names || got[0].span.Start != at || spanText(got[0].span) != `"common.names.fullname"` {
		t.Errorf("definition %+v, want %s at offset %d", got, names, at)
	}
}

// TestCorpusDefineReferences checks the references of kube-prometheus-
// stack's fullname define against a search of its templates' text.
func TestCorpusDefineReferences(t *testing.T) {
	snap, dir := corpusWorkspace(t, kubePrometheusStack)
	doc := navDoc(t, snap, dir, "templates/_helpers.tpl")
	refs := referencesAt(doc, navOffset(t, doc.File, `define "kube-prometheus-stack.fullna`, 0), false)
	call := regexp.MustCompile(`(include|template)\s+"kube-prometheus-stack\.fullname"`)
	want := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(filepath.ToSlash(p), "/templates/") {
			return err
		}
		data, err := os.ReadFile(p)
		want += len(call.FindAllIndex(data, -1))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want < 100 || len(refs) != want {
		t.Errorf("%d references, want the %d calls the templates' text holds", len(refs), want)
	}
	for _, r := range refs {
		if spanText(r.span) != `"kube-prometheus-stack.fullname"` {
			t.Errorf("a reference at %s is %q", r.span, spanText(r.span))
		}
	}
}

// TestCorpusRenameRendersSame renames a values key of kube-prometheus-
// stack that dozens of templates read and a ci values file sets, applies
// the edits to a copy of the chart, and checks that the chart renders as
// before, with its defaults and with the ci file.
func TestCorpusRenameRendersSame(t *testing.T) {
	src := corpus.ChartPath(t, corpus.Dir(t), kubePrometheusStack)
	dir := filepath.Join(t.TempDir(), "kps")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	w := cache.NewWorkspace(rules.All())
	snap := w.SetFolders([]string{dir})
	doc := navDoc(t, snap, dir, "values.yaml")
	edits, _, err := renameAt(doc, navOffset(t, doc.File, "  additionalRuleLabe", 0), "extraRuleLabels")
	if err != nil {
		t.Fatal(err)
	}
	perFile := map[string]int{}
	for _, e := range edits {
		rel, _ := filepath.Rel(dir, e.path)
		perFile[filepath.ToSlash(rel)]++
	}
	if perFile["values.yaml"] != 1 || perFile["ci/03-non-defaults-values.yaml"] != 1 || len(perFile) < 30 {
		t.Fatalf("edits per file %v: want values.yaml, the ci file and dozens of templates", perFile)
	}
	applyFileEdits(t, edits)
	for _, valuesFile := range []string{"", "ci/03-non-defaults-values.yaml"} {
		// Lines that differ between two renders of the same chart hold
		// random values (passwords): they are left out.
		before, again := renderCorpus(t, src, valuesFile), renderCorpus(t, src, valuesFile)
		varying := varyingLines(before, again)
		after := masked(renderCorpus(t, dir, valuesFile), varying)
		before = masked(before, varying)
		if before != after {
			t.Errorf("with values %q, the renamed chart renders differently:\n%s", valuesFile, firstDifference(before, after))
		}
		if strings.Contains(after, "extraRuleLabels") || valuesFile != "" && !strings.Contains(after, "key: value") {
			t.Errorf("with values %q, the render does not show the ci file's labels", valuesFile)
		}
	}
}

// varyingLines are the numbers of the lines where two renders of the same
// chart differ: those of random values.
func varyingLines(a, b string) map[int]bool {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	out := map[int]bool{}
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			out[i] = true
		}
	}
	return out
}

// masked is text with the lines of the given numbers replaced.
func masked(text string, lines map[int]bool) string {
	out := strings.Split(text, "\n")
	for i := range out {
		if lines[i] {
			out[i] = "(varying)"
		}
	}
	return strings.Join(out, "\n")
}

// firstDifference shows the first lines where two texts differ.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines, then %d", len(al), len(bl))
}

// applyFileEdits writes edits to their files, last first in each file.
func applyFileEdits(t *testing.T, edits []fileEdit) {
	t.Helper()
	byPath := map[string][]fileEdit{}
	for _, e := range edits {
		byPath[e.path] = append(byPath[e.path], e)
	}
	for path, es := range byPath {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sort.Slice(es, func(i, j int) bool { return es[i].span.Start > es[j].span.Start })
		for _, e := range es {
			data = slices.Concat(data[:e.span.Start], []byte(e.text), data[e.span.End:])
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// renderCorpus renders the chart in dir with a values file of its own
// ("" for its defaults), as helm template does.
func renderCorpus(t *testing.T, dir, valuesFile string) string {
	t.Helper()
	c, err := chart.Load(dir, chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var user map[string]any
	if valuesFile != "" {
		if user, err = (values.Flags{ValueFiles: []string{filepath.Join(dir, valuesFile)}}).Merge(os.ReadFile, values.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	rel, err := render.Template(context.Background(), c, render.Options{Values: user})
	if err != nil {
		t.Fatal(err)
	}
	return rel.Text(render.WriteOptions{})
}

// navBenchPositions are positions of kube-prometheus-stack where hover and
// definition are measured: values paths in a template, an include, a key
// of values.yaml, a Kubernetes field.
var navBenchPositions = []struct{ file, context string }{
	{"templates/prometheus/prometheus.yaml", ".Values.prometheus.prometheusSpec.replic"},
	{"templates/prometheus/prometheus.yaml", ".Values.prometheus.prometheusSpec.retentionSi"},
	{"templates/prometheus/prometheus.yaml", `include "kube-prometheus-stack.fullna`},
	{"templates/alertmanager/alertmanager.yaml", ".Values.alertmanager.alertmanagerSpec.ima"},
	{"values.yaml", "  additionalRuleLabe"},
	{"templates/prometheus-operator/deployment.yaml", "  replic"},
}

// benchmarkNav measures a feature at navBenchPositions on kube-prometheus-
// stack, unchanged between requests, and reports the median and the 99th
// percentile of a request.
func benchmarkNav(b *testing.B, feature func(ctx context.Context, snap *cache.Snapshot, doc *cache.Document, offset int)) {
	snap, dir := corpusWorkspace(b, kubePrometheusStack)
	type at struct {
		doc    *cache.Document
		offset int
	}
	var positions []at
	for _, p := range navBenchPositions {
		doc := navDoc(b, snap, dir, p.file)
		positions = append(positions, at{doc, navOffset(b, doc.File, p.context, 0)})
	}
	ctx := context.Background()
	for _, p := range positions { // index, values and lint computed once, as the server does on opening
		feature(ctx, snap, p.doc, p.offset)
	}
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := positions[i%len(positions)]
		start := time.Now()
		feature(ctx, snap, p.doc, p.offset)
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkHoverKubePrometheusStack measures hover on an unchanged
// kube-prometheus-stack.
func BenchmarkHoverKubePrometheusStack(b *testing.B) {
	benchmarkNav(b, func(ctx context.Context, snap *cache.Snapshot, doc *cache.Document, offset int) {
		if h, err := hoverAt(ctx, snap, doc, offset); err != nil || h == nil {
			b.Fatalf("no hover at %s:%d: %v", doc.File.Path, offset, err)
		}
	})
}

// BenchmarkDefinitionKubePrometheusStack measures definition on an
// unchanged kube-prometheus-stack.
func BenchmarkDefinitionKubePrometheusStack(b *testing.B) {
	benchmarkNav(b, func(_ context.Context, _ *cache.Snapshot, doc *cache.Document, offset int) {
		definitionAt(doc, offset)
	})
}
