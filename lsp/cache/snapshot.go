package cache

import (
	"cmp"
	"path/filepath"
	"slices"

	"github.com/chartwright/chartwright/lint"
)

// Snapshot is a consistent, immutable view of the workspace: folders,
// settings, open documents, and the root charts with what is computed
// about them. It is safe for concurrent use.
type Snapshot struct {
	// ID grows with every snapshot of a workspace.
	ID       uint64
	Folders  []string
	Settings Settings

	ov    overlays
	roots []*Root
	rules []*lint.Rule
}

// Roots returns the root charts, by folder.
func (s *Snapshot) Roots() []*Root { return s.roots }

// Root returns the root chart whose tree holds the file or folder at path,
// nil when no chart of the workspace holds it.
func (s *Snapshot) Root(path string) *Root {
	dirs := make([]string, len(s.roots))
	for i, r := range s.roots {
		dirs[i] = r.Dir
	}
	dir := chartHolding(dirs, path)
	if dir == "" {
		return nil
	}
	i, _ := slices.BinarySearchFunc(s.roots, dir, func(r *Root, d string) int {
		return cmp.Compare(r.Dir, d)
	})
	return s.roots[i]
}

// ReadFile returns the content of a file: the open document's, else the
// disk's.
func (s *Snapshot) ReadFile(path string) ([]byte, error) { return s.ov.readFile(path) }

// Overlay returns the open document at path.
func (s *Snapshot) Overlay(path string) (*Overlay, bool) {
	o, ok := s.ov[path]
	return o, ok
}

// Overlays returns the open documents, by path.
func (s *Snapshot) Overlays() []*Overlay {
	out := make([]*Overlay, 0, len(s.ov))
	for _, o := range s.ov {
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b *Overlay) int { return cmp.Compare(a.Path, b.Path) })
	return out
}

// Rules are the lint rules the server runs.
func (s *Snapshot) Rules() []*lint.Rule { return s.rules }

// InWorkspace reports whether path is inside a workspace folder.
func (s *Snapshot) InWorkspace(path string) bool {
	return under(path, s.Folders) || slices.Contains(s.Folders, filepath.Clean(path))
}
