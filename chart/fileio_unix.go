//go:build unix

package chart

import (
	"io/fs"
	"syscall"
)

// mapFile maps the file at path privately into memory, or returns nil when
// it cannot, and the caller reads it instead. The mapping is never undone:
// it lives as long as the process, like a file read into memory would in a
// one-shot command; its pages are shared with the page cache and loaded on
// first use. It is writable: a write makes a private copy of the page and
// never reaches the file.
func mapFile(path string) []byte {
	fd, err := open(path)
	if err != nil {
		return nil
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size < minMappedSize || st.Size != int64(int(st.Size)) {
		return nil
	}
	data, err := syscall.Mmap(fd, 0, int(st.Size), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
	if err != nil {
		return nil
	}
	return data
}

// readFile reads the file at path to its end, as os.ReadFile does, with
// bare system calls: open, fstat, reads, close. os.File also offers each
// file to the network poller, which refuses regular files (an epoll_ctl
// and three fcntl calls): twice the system calls, for each of a chart's
// files. Errors name the file as name.
func readFile(path, name string) ([]byte, error) {
	fd, err := open(path)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	size := 0
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) == nil && st.Size == int64(int(st.Size)) {
		size = int(st.Size)
	}
	data := make([]byte, 0, max(size+1, 512)) // one byte more: the read at the end finds EOF
	for {
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		case n == 0:
			return data, nil
		}
		data = data[:len(data)+n]
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew: room to read on
		}
	}
}

// open opens the file at path for reading, retrying when a signal
// interrupts the call.
func open(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}
