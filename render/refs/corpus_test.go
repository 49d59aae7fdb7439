package refs

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
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
			for _, r := range ix.allReads() {
				if s := r.Span; s.File == nil || s.Start < 0 || s.Start > s.End || s.End > len(s.File.Data) {
					t.Errorf("read %q (%s) has span %+v outside its file", r.Path, r.Template, s)
				}
				checkPathSpans(t, ix, r)
			}
			checkNames(t, ix, c)
			checkBuildReads(t, ix, c)
			checkReadPaths(t, ix)
			if len(ix.addressed()) == 0 && !c.IsLibrary() {
				t.Errorf("no reads")
			}
			if e.Name() == "helm__hello-world" {
				checkHelloWorld(t, ix)
			}
		})
	}
}

// checkReadPaths checks that ReadPaths yields the root paths and wholes of
// Reads, each pair at least once and no other, and fewer pairs than reads
// where a define runs from several places.
func checkReadPaths(t *testing.T, ix *Index) {
	t.Helper()
	key := func(path []string, whole bool) string {
		return strconv.FormatBool(whole) + ":" + strings.Join(path, "\x00")
	}
	fromReads, fromPaths := map[string]bool{}, map[string]bool{}
	reads, paths := 0, 0
	for _, r := range ix.Reads() {
		fromReads[key(r.RootPath, r.Whole)] = true
		reads++
	}
	for path, whole := range ix.ReadPaths() {
		fromPaths[key(path, whole)] = true
		paths++
	}
	if !maps.Equal(fromReads, fromPaths) {
		t.Errorf("ReadPaths gives %d distinct pairs, Reads %d", len(fromPaths), len(fromReads))
	}
	if paths > reads {
		t.Errorf("ReadPaths yields %d pairs, more than the %d reads", paths, reads)
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

// checkPathSpans checks that the path elements a read says are written
// are inside its span and read as the element, and that At finds the read
// there.
func checkPathSpans(t *testing.T, ix *Index, r *Read) {
	t.Helper()
	for i, sp := range r.PathSpans {
		if sp.File == nil {
			continue
		}
		text := string(sp.File.Data[sp.Start:sp.End])
		if unquoted, err := strconv.Unquote(text); err == nil {
			text = unquoted
		}
		if sp.File != r.Span.File || sp.Start < r.Span.Start || sp.End > r.Span.End || text != r.Path[i] {
			t.Errorf("read %q at %s: element %d at %s reads %q", r.Path, r.Span, i, sp, text)
			continue
		}
		target, ok := ix.At(sp.File, sp.Start)
		if !ok || target.Kind != TargetValues || !slices.Contains(target.Reads, r) {
			t.Errorf("read %q: At %s finds %v, not the read", r.Path, sp, target.Kind)
		}
	}
}

// checkNames checks At against Lex on every template that parses: each
// function and variable token is a function or variable At finds there.
func checkNames(t *testing.T, ix *Index, c *chart.Chart) {
	t.Helper()
	broken := map[*source.File]bool{}
	for _, is := range ix.Issues() {
		if is.Kind == ParseError {
			broken[is.Span.File] = true
		}
	}
	for _, tc := range append([]*chart.Chart{c}, c.Subcharts...) {
		for _, f := range tc.Templates {
			if broken[f] || ix.files[f] == nil {
				continue
			}
			for _, tok := range Lex(f.Data) {
				want := map[TokenKind]TargetKind{TokenFunction: TargetFunction, TokenVariable: TargetVariable}[tok.Kind]
				if want == 0 {
					continue
				}
				target, ok := ix.At(f, tok.Start)
				if !ok || target.Kind != want || target.Span.Start != tok.Start || target.Span.End != tok.End {
					t.Errorf("%s: %s %q at %d: At finds %s %v", f.Name, tok.Kind, tok.Text(f.Data), tok.Start, target.Kind, target.Span)
				}
			}
		}
	}
}

// checkBuildReads checks that BuildReads gives ix's reads (with their
// template, root path and include chain, but no path spans), calls, issues
// and defines, and that it refuses navigation.
func checkBuildReads(t *testing.T, ix *Index, c *chart.Chart) {
	t.Helper()
	lean := BuildReads(c, nil)
	var want, got []Read
	for _, r := range ix.Reads() {
		want = append(want, r)
	}
	for _, r := range lean.Reads() {
		got = append(got, r)
	}
	if !slices.EqualFunc(want, got, func(a, b Read) bool {
		return a.Chart == b.Chart && a.Template == b.Template && slices.Equal(a.Path, b.Path) && slices.Equal(a.RootPath, b.RootPath) &&
			a.Span == b.Span && b.PathSpans == nil && a.Guarded == b.Guarded && a.Whole == b.Whole && slices.Equal(a.Via, b.Via)
	}) {
		t.Errorf("BuildReads: %d reads differ from Build's %d", len(got), len(want))
	}
	if len(lean.Calls()) != len(ix.Calls()) || len(lean.Issues()) != len(ix.Issues()) || len(lean.Defines()) != len(ix.Defines()) {
		t.Errorf("BuildReads: calls, issues or defines differ from Build's")
	}
	defer func() {
		if recover() == nil {
			t.Errorf("ValuesNames on a BuildReads index did not panic")
		}
	}()
	lean.ValuesNames([]string{"image"})
}
