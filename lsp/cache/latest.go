package cache

import (
	"sync"

	"github.com/chartwright/chartwright/render/refs"
)

// latestIndex remembers, for the roots of one chart folder across
// snapshots, the newest of them whose refs index is computed, so that a
// request right after an edit can answer from it instead of waiting for
// the new snapshot's index.
type latestIndex struct {
	mu sync.Mutex
	// root is the newest root with its index computed, ix the index and
	// gen the root's generation.
	root *Root
	ix   *refs.Index
	gen  uint64
	// warming is set while a root's index is computed in the background.
	warming bool
}

// record notes that r's index is ix.
func (l *latestIndex) record(r *Root, ix *refs.Index) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.root == nil || r.gen >= l.gen {
		l.root, l.ix, l.gen = r, ix, r.gen
	}
}

// LatestIndex returns the root's refs index and the root itself when the
// index is computed, or when no index of the chart folder is known (then
// it computes it: nothing else can serve). Otherwise it returns the newest
// index computed for the folder in an earlier snapshot, with that
// snapshot's root, whose files are as they were then (a file edited since
// is another source.File: compare before using its spans), and starts
// computing this root's index in the background, one root of the folder
// at a time, for the next request. The index is nil when the chart does
// not load.
func (r *Root) LatestIndex() (*refs.Index, *Root) {
	if ix, err, ok := r.index.known(); ok && err == nil && ix != nil {
		return ix, r
	}
	l := r.latest
	l.mu.Lock()
	if l.root == nil {
		l.mu.Unlock()
		return r.Index(), r
	}
	if !l.warming {
		l.warming = true
		go func() {
			r.Index()
			l.mu.Lock()
			l.warming = false
			l.mu.Unlock()
		}()
	}
	defer l.mu.Unlock()
	return l.ix, l.root
}
