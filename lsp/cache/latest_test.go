package cache

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLatestIndex edits a template: until the new root's index is
// computed, the root before answers, and the new one's is computed in the
// background; a fresh root with no index before computes its own.
func TestLatestIndex(t *testing.T) {
	folder := copyCharts(t, "shop")
	w, s0 := newWorkspace(t, folder)
	tpl := filepath.Join(folder, "shop/templates/service.yaml")
	first := s0.Root(tpl)
	if ix, from := first.LatestIndex(); ix == nil || from != first || ix != first.Index() {
		t.Fatalf("fresh root: index %p from %p, want its own", ix, from)
	}
	text, err := os.ReadFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	s1 := w.Open(tpl, 1, append([]byte("# edited\n"), text...))
	second := s1.Root(tpl)
	if second == first {
		t.Fatal("the edit kept the root")
	}
	if ix, from := second.LatestIndex(); from != first || ix != first.Index() {
		t.Errorf("edited root: index from %p, want the root before's %p", from, first)
	}
	own := second.Index()
	if ix, from := second.LatestIndex(); from != second || ix != own {
		t.Errorf("edited root once indexed: index from %p, want its own", from)
	}
	first.latest.record(first, first.Index()) // an older root computed late
	s2 := w.Open(tpl, 2, text)
	if _, from := s2.Root(tpl).LatestIndex(); from != second {
		t.Errorf("after an older root's late record: index from %p, want the newest %p", from, second)
	}
}

// TestSymbolsMemo checks that a root's symbols are built once, shared with
// the snapshots that share the root, and built again for an edited root.
func TestSymbolsMemo(t *testing.T) {
	folder := copyCharts(t, "shop", "webapp")
	w, s0 := newWorkspace(t, folder)
	builds := 0
	build := func(r *Root) []Symbol { builds++; return []Symbol{{Name: filepath.Base(r.Dir)}} }
	shop := filepath.Join(folder, "shop/values.yaml")
	if got := s0.Root(shop).Symbols(build); len(got) != 1 || got[0].Name != "shop" {
		t.Fatalf("symbols %+v", got)
	}
	s0.Root(shop).Symbols(build)
	s1 := w.Open(filepath.Join(folder, "webapp/values.yaml"), 1, []byte("a: 1\n"))
	s1.Root(shop).Symbols(build)
	if builds != 1 {
		t.Errorf("%d builds for an untouched root, want 1", builds)
	}
	s2 := w.Open(shop, 1, []byte("a: 1\n"))
	s2.Root(shop).Symbols(build)
	if builds != 2 {
		t.Errorf("%d builds after the root's edit, want 2", builds)
	}
}
