package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestChartSize(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Chart.yaml", 1000)     // not counted
	write("values.yaml", 5000)    // not counted
	write("files/big.json", 9000) // not counted
	write("templates/a.yaml", 100)
	write("templates/sub/b.tpl", 200)
	write("charts/sub/templates/c.yaml", 300)
	write("charts/sub/values.yaml", 400)
	write("charts/dep-1.0.0.tgz", 50) // an archive counts archiveRatio times
	want := int64(100 + 200 + 300 + 400 + 50*archiveRatio)
	if got := chartSize(dir, 1<<20); got != want {
		t.Errorf("chartSize = %d, want %d", got, want)
	}
	if got := chartSize(dir, 250); got < 250 || got >= want {
		t.Errorf("chartSize with limit 250 = %d, want it to stop at the first file past the limit", got)
	}
	archive := filepath.Join(dir, "charts", "dep-1.0.0.tgz")
	if got := chartSize(archive, 1<<20); got != 50*archiveRatio {
		t.Errorf("chartSize(archive) = %d, want %d", got, 50*archiveRatio)
	}
	if got := chartSize(filepath.Join(dir, "missing"), 1<<20); got != 0 {
		t.Errorf("chartSize(missing) = %d, want 0", got)
	}
}
