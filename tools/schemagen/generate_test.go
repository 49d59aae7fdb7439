package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedDataIsReproducible regenerates every output in memory and
// compares it byte for byte with the committed files. It downloads the
// pinned modules through the Go module proxy when they are not cached.
func TestCommittedDataIsReproducible(t *testing.T) {
	files, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("generate produced no files")
	}
	for _, f := range files {
		committed, err := os.ReadFile(filepath.Join("..", "..", f.path))
		if err != nil {
			t.Errorf("%s: %v", f.path, err)
			continue
		}
		if !bytes.Equal(committed, f.data) {
			t.Errorf("%s is stale: regenerate with `cd tools/schemagen && go run . -root ../..` (%d bytes committed, %d generated)",
				f.path, len(committed), len(f.data))
		}
	}
}

func TestCleanDoc(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Name of the thing.\nMore text.\n+optional\n", "Name of the thing. More text."},
		{"First.\n\nSecond para.\n", "First.\n\nSecond para."},
		{"Visible.\n---\nHidden.\n", "Visible."},
		{"TODO: fix\nKept.\n", "Kept."},
	}
	for _, tt := range tests {
		if got := cleanDoc(tt.in); got != tt.want {
			t.Errorf("cleanDoc(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
