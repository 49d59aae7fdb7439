package chart

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestReadFile checks that readFile reads a file whole, as os.ReadFile
// does, at sizes around its buffer's (512 bytes, the size plus one), and
// names a missing file by the name it was given.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 511, 512, 513, 4095, 4096, 70_000} {
		path := filepath.Join(dir, "f")
		want := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readFile(path, "templates/f.yaml")
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("size %d: readFile = %d bytes, %v; want the file's %d", size, len(got), err, size)
		}
	}
	_, err := readFile(filepath.Join(dir, "missing"), "templates/missing.yaml")
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != "templates/missing.yaml" {
		t.Errorf("readFile(missing) = %v, want a not-exist error naming templates/missing.yaml", err)
	}
}
