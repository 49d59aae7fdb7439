package refs

import (
	"bytes"

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
	ix.checkSyntax(files)
	ix.analyze(c, files)
	return ix
}

// checkSyntax runs the syntactic pass over every body of every parsed file.
// The calls are allocated once, at a size the files' texts tell before
// the pass: grown call by call, they would be allocated several times over,
// and kept body by body, then concatenated, twice.
func (ix *Index) checkSyntax(files []*file) {
	x := &syntax{checkCalls: true, active: ix.active, calls: make([]Call, 0, callBound(files))}
	for _, d := range ix.defines {
		x.body(d.tree.file, d.tree.tree.Root)
	}
	ix.calls, ix.issues = x.calls, append(ix.issues, x.issues...)
}

// callBound is at least the number of calls the syntactic pass finds in
// the bodies of the files parsed, and mostly not much more: every include,
// tpl or template call writes its function's name or keyword in the text
// of its file, which may also hold words such as "template:" that call
// nothing.
func callBound(files []*file) int {
	n := 0
	for _, f := range files {
		if f.trees == nil {
			continue // not parsed: no body
		}
		for _, name := range callNames {
			n += bytes.Count(f.src.Data, name)
		}
	}
	return n
}

// callNames are the names that calls write: "template" also counts the
// {{ template }} actions.
var callNames = [][]byte{[]byte("include"), []byte("tpl"), []byte("template")}

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
