package cache

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// MaxFileSize bounds the files the server reads or holds open: larger
// ones are treated as empty (charts load at most 100 MiB in all).
const MaxFileSize = 16 << 20

// Overlay is the content of a document open in the editor.
type Overlay struct {
	Path    string
	Version int32
	Text    []byte
}

// overlays maps absolute paths to open documents. It is never modified
// once a snapshot holds it: changes copy it.
type overlays map[string]*Overlay

// with returns a copy holding o (or, when o's Text is nil, without its path).
func (ov overlays) with(path string, o *Overlay) overlays {
	next := make(overlays, len(ov)+1)
	for k, v := range ov {
		next[k] = v
	}
	if o == nil {
		delete(next, path)
	} else {
		next[path] = o
	}
	return next
}

// readFile returns the content of path: the open document's, else the
// disk's, within MaxFileSize.
func (ov overlays) readFile(path string) ([]byte, error) {
	if o, ok := ov[path]; ok {
		return o.Text, nil
	}
	return readDisk(path)
}

func readDisk(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: larger than %d MiB", path, MaxFileSize>>20)
	}
	return data, nil
}

// folderFS is a chart folder as an fs.FS: the disk, with the documents
// open in the editor laid over it (those not yet saved included).
type folderFS struct {
	dir string
	ov  overlays
}

var (
	_ fs.ReadDirFS  = folderFS{}
	_ fs.ReadFileFS = folderFS{}
	_ fs.StatFS     = folderFS{}
)

func (f folderFS) path(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return filepath.Join(f.dir, filepath.FromSlash(name)), nil
}

func (f folderFS) Open(name string) (fs.File, error) {
	p, err := f.path(name)
	if err != nil {
		return nil, err
	}
	if o, ok := f.ov[p]; ok {
		return &memFile{Reader: bytes.NewReader(o.Text), info: memInfo{name: filepath.Base(p), size: int64(len(o.Text))}}, nil
	}
	return os.Open(p)
}

func (f folderFS) ReadFile(name string) ([]byte, error) {
	p, err := f.path(name)
	if err != nil {
		return nil, err
	}
	return f.ov.readFile(p)
}

func (f folderFS) Stat(name string) (fs.FileInfo, error) {
	p, err := f.path(name)
	if err != nil {
		return nil, err
	}
	if o, ok := f.ov[p]; ok {
		return memInfo{name: filepath.Base(p), size: int64(len(o.Text))}, nil
	}
	fi, err := os.Stat(p)
	if os.IsNotExist(err) && f.holdsUnder(p) {
		return memInfo{name: filepath.Base(p), dir: true}, nil
	}
	return fi, err
}

// ReadDir lists the folder on disk and the open documents in it that are
// not on disk yet — and the folders, not on disk yet either, that hold
// such documents deeper down — sorted by name.
func (f folderFS) ReadDir(name string) ([]fs.DirEntry, error) {
	p, err := f.path(name)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(p)
	if err != nil && !(os.IsNotExist(err) && f.holdsUnder(p)) {
		return nil, err
	}
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Name()] = true
	}
	for path, o := range f.ov {
		rest, ok := strings.CutPrefix(path, p+string(filepath.Separator))
		if !ok {
			continue
		}
		name, deeper, _ := strings.Cut(rest, string(filepath.Separator))
		if seen[name] {
			continue
		}
		seen[name] = true
		entries = append(entries, fs.FileInfoToDirEntry(memInfo{name: name, size: int64(len(o.Text)), dir: deeper != ""}))
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// holdsUnder reports whether an open document lies under dir.
func (f folderFS) holdsUnder(dir string) bool {
	for path := range f.ov {
		if strings.HasPrefix(path, dir+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// memFile is an open document read as a file.
type memFile struct {
	*bytes.Reader
	info memInfo
}

func (m *memFile) Stat() (fs.FileInfo, error) { return m.info, nil }
func (m *memFile) Close() error               { return nil }

// memInfo describes an open document, or a folder holding open documents
// that is not on disk.
type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
