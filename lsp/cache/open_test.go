package cache

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOpenSavedKeepsRoot opens a template with the text its chart loaded:
// the root, and all it computed, is kept; open with other text, or with
// the disk's text once the disk changed under a loaded chart, and the root
// is made anew with that text.
func TestOpenSavedKeepsRoot(t *testing.T) {
	folder := copyCharts(t, "webapp")
	w, s0 := newWorkspace(t, folder)
	tpl := filepath.Join(folder, "webapp/templates/service.yaml")
	text, err := os.ReadFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	root := s0.Root(tpl)
	index := root.Index()

	s1 := w.Open(tpl, 1, text)
	if s1.Root(tpl) != root || s1.Root(tpl).Index() != index {
		t.Errorf("opening the saved text made the root anew")
	}
	if o, ok := s1.Overlay(tpl); !ok || o.Version != 1 {
		t.Errorf("the open document is not recorded: %v %v", o, ok)
	}
	s2 := w.Close(tpl)
	if s2.Root(tpl) != root {
		t.Errorf("closing a document left unchanged made the root anew")
	}

	edited := append([]byte("# edited\n"), text...)
	s3 := w.Open(tpl, 1, edited)
	if s3.Root(tpl) == root {
		t.Fatalf("opening with other text kept the root")
	}
	if _, f := s3.Root(tpl).FileAt(tpl); f == nil || string(f.Data) != string(edited) {
		t.Errorf("the new root does not hold the opened text")
	}
	s4 := w.Close(tpl)
	if _, f := s4.Root(tpl).FileAt(tpl); f == nil || string(f.Data) != string(text) {
		t.Errorf("after closing, the root does not hold the disk's text")
	}

	// The disk changes and the client, which does not watch files, says
	// nothing until it opens the file: the root loaded before is stale.
	if err := os.WriteFile(tpl, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	stale := s4.Root(tpl)
	s5 := w.Open(tpl, 1, edited)
	if s5.Root(tpl) == stale {
		t.Errorf("opening a file changed on disk kept the root that loaded the old text")
	}
	if _, f := s5.Root(tpl).FileAt(tpl); f == nil || string(f.Data) != string(edited) {
		t.Errorf("the root does not hold the file as changed on disk")
	}
}
