package cache

import (
	"os"
	"path/filepath"
	"testing"
)

// warmIndex reports whether a root keeps its refs index.
func warmIndex(r *Root) bool {
	_, _, done := r.index.known()
	return done
}

// TestOnlyRecentRootsKeepIndex indexes more charts than MaxWarmRoots keep:
// the least recently used forget their index and values, and build them
// again when asked, which makes another forget. A root made by an edit
// takes its predecessor's place; a request on an older snapshot does not
// push the newer root out.
func TestOnlyRecentRootsKeepIndex(t *testing.T) {
	folder := t.TempDir()
	n := MaxWarmRoots + 2
	for i := range n {
		dst := filepath.Join(folder, "webapp"+string(rune('a'+i)))
		if err := os.CopyFS(dst, os.DirFS("../../testdata/charts/webapp")); err != nil {
			t.Fatal(err)
		}
	}
	w, s := newWorkspace(t, folder)
	roots := s.Roots()
	if len(roots) != n {
		t.Fatalf("%d roots, want %d", len(roots), n)
	}
	for _, r := range roots {
		if r.Index() == nil || r.Values() == nil {
			t.Fatalf("%s: no index or values", r.Dir)
		}
	}
	for i, r := range roots {
		if want := i >= n-MaxWarmRoots; warmIndex(r) != want {
			t.Errorf("root %d keeps its index: %v, want %v", i, warmIndex(r), want)
		}
	}
	if _, _, done := roots[0].values.known(); done {
		t.Errorf("a cold root keeps its values")
	}
	if roots[0].Index() == nil || !warmIndex(roots[0]) {
		t.Fatalf("a cold root did not index again")
	}
	if warmIndex(roots[2]) {
		t.Errorf("warming a root did not make the least recently used forget")
	}

	// An edit in the most recent root: the new root replaces it.
	last := roots[n-1]
	tpl := filepath.Join(last.Dir, "templates/service.yaml")
	edited := w.Open(tpl, 1, []byte("# edited\n"))
	next := edited.Root(tpl)
	if next == last {
		t.Fatal("the edit kept the root")
	}
	next.Index()
	for _, r := range []*Root{roots[0], roots[n-3], roots[n-2]} {
		if !warmIndex(r) {
			t.Errorf("%s forgot its index when an edited root replaced another", filepath.Base(r.Dir))
		}
	}
	last.Index() // a request on the older snapshot
	next.warm.mu.Lock()
	defer next.warm.mu.Unlock()
	for _, r := range next.warm.roots {
		if r == last {
			t.Errorf("the older root took the place of the newer one")
		}
	}
}
