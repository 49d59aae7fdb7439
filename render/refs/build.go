package refs

import (
	"slices"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/internal/fastparse"
)

// Build indexes the templates of c and its subcharts. c is usually a root
// chart as loaded (aliases are read from Chart.yaml dependencies) or as
// dependency processing returns it. Build never fails: templates that do
// not parse become issues.
func Build(c *chart.Chart) *Index { return BuildWith(c, nil) }

// BuildWith is Build taking the templates' trees from p where they parse
// there, so that the index shares them with the renders that p parsed for.
// A nil p is Build.
func BuildWith(c *chart.Chart, p Parser) *Index { return build(c, p, true) }

// BuildReads is BuildWith without the data of navigation: the reads,
// defines, calls and issues are the same, but the index records neither
// the paths named in the templates nor what . stands for, which only At,
// DotAt, ValuesNames and ReadsUnder ask for (they panic on such an index),
// nor where the elements of a read's path are written (its Reads have no
// PathSpans). The linter, which builds an index per chart, needs only the
// rest.
func BuildReads(c *chart.Chart, p Parser) *Index { return build(c, p, false) }

// build builds the index, with the data of navigation when navigable.
func build(c *chart.Chart, p Parser, navigable bool) *Index {
	ix := &Index{files: map[*source.File]*fileIndex{}, navigable: navigable}
	files := collectFiles(c, nil)
	sortParseOrder(files)
	for _, f := range files {
		if ix.files[f.src] == nil {
			ix.files[f.src] = &fileIndex{chart: f.chart}
		}
		if err := f.parse(p); err != nil {
			ix.issues = append(ix.issues, Issue{Kind: ParseError, Span: fastparse.ErrorSpan(f.src, err), Message: err.Error()})
			continue
		}
		ix.files[f.src].parsed = true
		ix.defines = append(ix.defines, definesOf(f)...)
	}
	ix.active = activate(ix.defines)
	ix.checkSyntax()
	ix.analyze(c, files)
	return ix
}

// checkSyntax runs the syntactic pass over every body of every parsed file.
// The calls of each body are kept at their size, then all in one slice of
// its size: grown call by call, it would be allocated several times over.
func (ix *Index) checkSyntax() {
	x := &syntax{checkCalls: true, active: ix.active}
	var calls [][]Call
	for _, d := range ix.defines {
		x.calls = x.calls[:0]
		x.body(d.tree.file, d.tree.tree.Root)
		if len(x.calls) > 0 {
			calls = append(calls, slices.Clone(x.calls))
		}
	}
	ix.calls, ix.issues = slices.Concat(calls...), append(ix.issues, x.issues...)
}

// analyze follows the data through every executed template, as Helm runs
// each non-partial file with its chart's top-level object.
func (ix *Index) analyze(root *chart.Chart, files []*file) {
	a := &analyzer{scopes: newScopes(root), active: ix.active, memo: map[*Define]map[string]*body{}, running: map[*Define]int{},
		pending: map[memoKey]bool{}, dots: dotSet{}, navigation: ix.navigable}
	for _, f := range files {
		main := f.trees[f.name]
		if main == nil || f.partial() {
			continue
		}
		dot := &value{kind: top, chart: f.chart}
		fr := a.newFrame(f.src, dot, 0)
		fr.list(main.Root, dot)
		if reads := readsOf(a.scopes, fr.release(), f.name, &ix.places); len(reads.reads) > 0 {
			ix.reads = append(ix.reads, reads)
		}
	}
	ix.uses = a.uses
	ix.assigned = a.assigned
	for k, dots := range a.dots {
		fi := ix.files[k.file]
		if fi.dots == nil {
			fi.dots = map[int][]Dot{}
		}
		fi.dots[k.start] = dots
	}
}
