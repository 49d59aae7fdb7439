//go:build unix

package chart

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestLoadIrregularFile loads a chart holding a named pipe: as in Helm,
// the load fails naming the file by its absolute path.
func TestLoadIrregularFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Chart.yaml"), []byte(goodChartYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	_, err := Load(dir, Options{})
	if want := "cannot load irregular file " + pipe + " as it has file mode type bits set"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}
