package cache

import "sync"

// MaxWarmRoots is how many root charts keep what they derived from their
// chart beyond its lint — the refs index and the values — at a time: those
// used last, one per chart folder. The others compute it again when asked.
// A workspace of many charts so holds every chart and its findings, and
// the indexes of the few being worked on: with the corpus's 25 charts open
// as one folder, 37 MB are live instead of 99 MB. The templates' parse
// trees are bounded apart, by ParseCacheBytes.
const MaxWarmRoots = 4

// warmth tracks the roots whose derived state is kept, the least recently
// used first, and makes the one that falls out forget its state. Roots are
// known by folder: a root made by an edit takes the place of the root it
// was derived from, which only requests on older snapshots still use.
type warmth struct {
	mu    sync.Mutex
	gen   uint64  // the generation given to the last root made
	roots []*Root // by last use
}

// next returns the generation of a root being made: later roots of a
// folder have greater ones.
func (w *warmth) next() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.gen++
	return w.gen
}

// use records that r's derived state was used. A root older than the one
// known for its folder is not recorded: it serves an older snapshot.
func (w *warmth) use(r *Root) {
	w.mu.Lock()
	for i, old := range w.roots {
		if old.Dir != r.Dir {
			continue
		}
		if old.gen > r.gen {
			w.mu.Unlock()
			return
		}
		w.roots = append(w.roots[:i], w.roots[i+1:]...)
		break
	}
	w.roots = append(w.roots, r)
	var cold *Root
	if len(w.roots) > MaxWarmRoots {
		cold = w.roots[0]
		w.roots = append(w.roots[:0:0], w.roots[1:]...)
	}
	w.mu.Unlock()
	if cold != nil {
		cold.index.forget()
		cold.values.forget()
		cold.latest.forget()
	}
}
