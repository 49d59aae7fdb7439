//go:build unix

package chart

import (
	"os"
	"syscall"
)

// mapFile maps the file at path privately into memory, or returns nil when
// it cannot, and the caller reads it instead. The mapping is never undone:
// it lives as long as the process, like a file read into memory would in a
// one-shot command; its pages are shared with the page cache and loaded on
// first use. It is writable: a write makes a private copy of the page and
// never reaches the file.
func mapFile(path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() < minMappedSize || fi.Size() != int64(int(fi.Size())) {
		return nil
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
	if err != nil {
		return nil
	}
	return data
}
