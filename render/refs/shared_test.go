package refs_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/refs"
)

// TestBuildWithRenderTrees checks that an index built on the trees of a
// render's parse cache is the index built alone, in both Helm modes, on
// every corpus chart and on templates that fail the render's parse: an
// unknown function, a Helm 4 function in Helm 3 mode, a syntax error.
func TestBuildWithRenderTrees(t *testing.T) {
	charts := map[string]*chart.Chart{"failing": failingChart()}
	dir := corpus.Dir(t)
	entries, err := os.ReadDir(filepath.Join(dir, "charts"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		c, err := chart.Load(corpus.ChartPath(t, dir, e.Name()), chart.Options{})
		if err != nil {
			t.Fatal(err)
		}
		charts[e.Name()] = c
	}
	for name, c := range charts {
		want := describeIndex(refs.Build(c))
		for _, helm3 := range []bool{false, true} {
			got := describeIndex(refs.BuildWith(c, render.NewParseCache(helm3)))
			if !slices.Equal(got, want) {
				t.Errorf("%s, Helm 3 %t: index with the render's trees differs:\n%s", name, helm3, difference(got, want))
			}
		}
	}
}

func failingChart() *chart.Chart {
	c := &chart.Chart{Metadata: &chart.Metadata{Name: "failing", APIVersion: chart.APIVersionV2, Version: "1.0.0"}}
	for name, text := range map[string]string{
		"templates/_helpers.tpl": `{{ define "h" }}{{ .Values.h | nosuchfunc }}{{ end }}`,
		"templates/helm4.yaml":   `a: {{ durationSeconds .Values.d }} {{ include "h" . }}`,
		"templates/syntax.yaml":  `a: {{ .Values.s `,
		"templates/fine.yaml":    `a: {{ .Values.f | quote }} {{ include "h" . }}`,
	} {
		c.Templates = append(c.Templates, source.NewFile(name, []byte(text)))
	}
	return c
}

// describeIndex lists everything an index says, one line per item.
func describeIndex(ix *refs.Index) []string {
	var out []string
	for _, d := range ix.Defines() {
		out = append(out, fmt.Sprintf("define %s at %s in %s empty=%t active=%t file=%t", d.Name, span(d.Span), d.Template, d.Empty, d.Active, d.File))
	}
	for _, r := range ix.Reads() {
		out = append(out, fmt.Sprintf("read %s:%s as %s at %s in %s guarded=%t whole=%t via %s",
			r.Chart.FullPath(), strings.Join(r.Path, "."), strings.Join(r.RootPath, "."), span(r.Span), r.Template, r.Guarded, r.Whole, spans(r.Via)))
	}
	for _, c := range ix.Calls() {
		def := "<nil>"
		if c.Define != nil {
			def = c.Define.Name + " at " + span(c.Define.Span)
		}
		out = append(out, fmt.Sprintf("call %s %q dynamic=%t at %s name %s in %s to %s", c.Kind, c.Name, c.Dynamic, span(c.Span), span(c.NameSpan), c.Chart.FullPath(), def))
	}
	for _, i := range ix.Issues() {
		out = append(out, fmt.Sprintf("issue %d %s at %s: %s", i.Kind, i.Name, span(i.Span), i.Message))
	}
	return out
}

func span(s source.Span) string {
	if s.File == nil {
		return fmt.Sprintf("-:%d-%d", s.Start, s.End)
	}
	return fmt.Sprintf("%s:%d-%d", s.File.Name, s.Start, s.End)
}

func spans(ss []source.Span) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = span(s)
	}
	return strings.Join(out, ",")
}

// difference shows the first line where got and want differ.
func difference(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("line %d\n got: %s\nwant: %s", i, got[i], want[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(got), len(want))
}

// BenchmarkBuildWithParsed indexes argo-cd with its templates already
// parsed, as lint does after rendering: the analysis alone.
func BenchmarkBuildWithParsed(b *testing.B) {
	benchmarkParsed(b, "argoproj__argo-cd", refs.BuildWith)
}

// BenchmarkBuildReads indexes the charts whose lint spends the most in the
// index, their templates already parsed, without the data of navigation:
// the index lint builds per chart.
func BenchmarkBuildReads(b *testing.B) {
	for _, name := range []string{"bitnami__airflow", "prometheus-community__kube-prometheus-stack"} {
		b.Run(name, func(b *testing.B) { benchmarkParsed(b, name, refs.BuildReads) })
	}
}

// benchmarkParsed runs build on the named corpus chart, its templates
// parsed once beforehand.
func benchmarkParsed(b *testing.B, name string, build func(*chart.Chart, refs.Parser) *refs.Index) {
	c, err := chart.Load(corpus.ChartPath(b, corpus.Dir(b), name), chart.Options{})
	if err != nil {
		b.Fatal(err)
	}
	parses := render.NewParseCache(false)
	build(c, parses)
	b.ReportAllocs()
	for b.Loop() {
		build(c, parses)
	}
}
