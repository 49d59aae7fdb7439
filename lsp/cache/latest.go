package cache

import (
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/refs"
)

// latest is what a root, and the roots derived from it snapshot after
// snapshot, computed last: features that must answer at once after an edit
// (completion) read it instead of waiting for the edited tree's own.
type latest struct {
	mu sync.Mutex
	// gen is the generation of the root whose index is kept: an older
	// root finishing its index later does not replace a newer one's.
	gen   uint64
	index *Indexed
	kube  *kubeSchemas
}

// Indexed is a chart tree with its cross-reference index.
type Indexed struct {
	Chart *chart.Chart
	Index *refs.Index
}

// File returns the file of the indexed tree at a source.File Path, nil
// when the tree has none: the version of a file the index knows, whose
// text may be older than the snapshot's.
func (x *Indexed) File(path string) *source.File {
	_, f := fileIn(x.Chart, path)
	return f
}

// inherit makes r the next generation of prev: they share what they
// computed last.
func (r *Root) inherit(prev *Root) {
	r.latest, r.gen = prev.latest, prev.gen+1
}

// recordIndex keeps the index of the root of generation gen, unless a
// newer one is kept.
func (l *latest) recordIndex(gen uint64, c *chart.Chart, ix *refs.Index) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.index != nil && gen < l.gen {
		return
	}
	l.gen, l.index = gen, &Indexed{Chart: c, Index: ix}
}

// LatestIndex returns the newest index computed for this root or the roots
// it derives from — this snapshot's tree's when it has been computed —
// without computing one; nil when none has been. Its spans point into its
// own tree's files, which [Indexed.File] finds by path.
func (r *Root) LatestIndex() *Indexed {
	r.latest.mu.Lock()
	defer r.latest.mu.Unlock()
	return r.latest.index
}
