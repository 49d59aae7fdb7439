// Package testfs writes the files tests need: a chart as a map from
// slash-separated names to contents. It is for tests only.
package testfs

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes each file of files (slash-separated name → content) under
// dir, making the folders they need, and returns dir; it fails the test on
// an error.
func Write(t testing.TB, dir string, files map[string]string) string {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
