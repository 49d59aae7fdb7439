package cache

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render"
)

// ParseCacheBytes bounds the template sources whose parse trees a
// workspace keeps, per Helm mode: twice the largest chart's templates
// (kube-prometheus-stack's are 2 MiB), so that the charts being worked on
// keep theirs, while a workspace of many charts does not keep the trees
// of all (they take three to four times their sources' size: 28 MB for
// the corpus's 25 charts).
const ParseCacheBytes = 4 << 20

// Workspace is the mutable state behind the snapshots: folders, settings
// and open documents. Its methods are safe for concurrent use; each change
// returns the new current snapshot.
type Workspace struct {
	mu      sync.Mutex
	current *Snapshot
	// parses holds the parse trees of both Helm modes across snapshots.
	parses [2]*render.ParseCache
	warm   *warmth
}

// NewWorkspace returns a workspace without folders, whose lint runs rules.
func NewWorkspace(rules []*lint.Rule) *Workspace {
	w := &Workspace{parses: [2]*render.ParseCache{
		render.NewBoundedParseCache(false, ParseCacheBytes),
		render.NewBoundedParseCache(true, ParseCacheBytes),
	}, warm: &warmth{}}
	w.current = &Snapshot{ov: overlays{}, rules: rules}
	return w
}

// Snapshot returns the current snapshot.
func (w *Workspace) Snapshot() *Snapshot {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.current
}

// SetFolders replaces the workspace folders (absolute paths) and searches
// them for charts.
func (w *Workspace) SetFolders(folders []string) *Snapshot {
	return w.update(func(s *Snapshot) {
		s.Folders = cleanPaths(folders)
		s.roots = w.freshRoots(s, s.ov)
	})
}

// SetSettings replaces the editor's settings.
func (w *Workspace) SetSettings(settings Settings) *Snapshot {
	return w.update(func(s *Snapshot) {
		s.Settings = settings
		s.roots = w.freshRoots(s, s.ov)
	})
}

// Open records a document opened in the editor. A document of a chart
// outside the workspace folders (an editor opened on a single file, or on
// another folder) brings that chart in as a folder of its own.
func (w *Workspace) Open(path string, version int32, text []byte) *Snapshot {
	return w.update(func(s *Snapshot) {
		ov := s.ov.with(path, &Overlay{Path: path, Version: version, Text: bounded(text)})
		if !s.InWorkspace(path) {
			if dir, ok := chartFolderOf(ov, path); ok {
				s.Folders = append(slices.Clone(s.Folders), dir)
				s.ov, s.roots = ov, w.freshRoots(s, ov)
				return
			}
		}
		w.changeDocument(s, ov, path)
	})
}

// maxChartDepth bounds how many folders above a document chartFolderOf
// looks at.
const maxChartDepth = 64

// chartFolderOf is the outermost folder above path that holds a Chart.yaml
// (a subchart's file is its parent chart's), if any.
func chartFolderOf(ov overlays, path string) (string, bool) {
	found := ""
	for dir, i := filepath.Dir(path), 0; i < maxChartDepth; dir, i = filepath.Dir(dir), i+1 {
		if fileExists(ov, filepath.Join(dir, "Chart.yaml")) {
			found = dir
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	return found, found != ""
}

// Change applies an editor's changes to an open document: each replaces a
// range of the text the previous ones left (the whole text without a range).
func (w *Workspace) Change(path string, version int32, changes []TextChange) (*Snapshot, error) {
	if _, ok := w.Snapshot().Overlay(path); !ok {
		return nil, fmt.Errorf("%s: changed but not open", path)
	}
	return w.update(func(s *Snapshot) {
		o, ok := s.ov[path]
		if !ok {
			return // closed meanwhile
		}
		text := o.Text
		for _, c := range changes {
			text = c.apply(text)
		}
		w.changeDocument(s, s.ov.with(path, &Overlay{Path: path, Version: version, Text: bounded(text)}), path)
	}), nil
}

// Close records a document closed in the editor: the disk's content
// applies again.
func (w *Workspace) Close(path string) *Snapshot {
	return w.update(func(s *Snapshot) {
		w.changeDocument(s, s.ov.with(path, nil), path)
	})
}

// DiskChanged records files created, changed or deleted on disk.
func (w *Workspace) DiskChanged(paths []string) *Snapshot {
	return w.update(func(s *Snapshot) {
		w.changeFiles(s, s.ov, paths...)
	})
}

// Reread reads the chart holding path from disk again, whole, for clients
// that do not report changes on disk: what changed there since is picked
// up when a file of the chart is opened or saved.
func (w *Workspace) Reread(path string) *Snapshot {
	return w.update(func(s *Snapshot) {
		roots := slices.Clone(s.roots)
		for i, r := range roots {
			if s.Root(path) == r {
				next := newRoot(r.Dir, r.Config, s.ov, r.parses, r.warm)
				next.inherit(r)
				roots[i] = next
			}
		}
		s.roots = roots
	})
}

// update makes the next snapshot: a copy of the current one that change
// modifies.
func (w *Workspace) update(change func(*Snapshot)) *Snapshot {
	w.mu.Lock()
	defer w.mu.Unlock()
	next := *w.current
	next.ID++
	change(&next)
	w.current = &next
	return &next
}

// changeFiles gives s the open documents ov and the roots as they are once
// the files at paths changed: roots the files do not concern are kept;
// charts appearing or disappearing, or a configuration file changing,
// make the roots afresh.
func (w *Workspace) changeFiles(s *Snapshot, ov overlays, paths ...string) {
	s.ov = ov
	for _, p := range paths {
		if changesRoots(s, p) {
			s.roots = w.freshRoots(s, ov)
			return
		}
	}
	roots := slices.Clone(s.roots)
	for i, r := range roots {
		var mine []string
		for _, p := range paths {
			if s.Root(p) == r || slices.Contains(r.Config.ValuesFiles, p) {
				mine = append(mine, p)
			}
		}
		if len(mine) > 0 {
			roots[i] = r.withChanges(mine, ov)
		}
	}
	s.roots = roots
}

// changesRoots reports whether a change to path may change which root
// charts there are, or their configuration: a configuration file, or a
// Chart.yaml that is neither a subchart's nor an existing root's.
func changesRoots(s *Snapshot, path string) bool {
	switch filepath.Base(path) {
	case lint.ConfigFile:
		return true
	case "Chart.yaml":
		dir := filepath.Dir(path)
		if isSubchart(rootDirs(s.roots), dir) {
			return false
		}
		if r := s.Root(path); r != nil && r.Dir == dir {
			return !fileExists(s.ov, path)
		}
		return true
	}
	return false
}

// changeDocument gives s the open documents ov, where the document at path
// was opened, changed or closed. A document whose text is what its root
// already loaded (the usual open of a saved file, and its close) changes
// nothing else: the roots and all they computed are kept.
func (w *Workspace) changeDocument(s *Snapshot, ov overlays, path string) {
	if r := s.Root(path); r != nil && r.holds(path, ov) {
		s.ov = ov
		return
	}
	w.changeFiles(s, ov, path)
}

func fileExists(ov overlays, path string) bool {
	if _, ok := ov[path]; ok {
		return true
	}
	_, err := os.Stat(path)
	return err == nil
}

func rootDirs(roots []*Root) []string {
	dirs := make([]string, len(roots))
	for i, r := range roots {
		dirs[i] = r.Dir
	}
	return dirs
}

// freshRoots searches the folders for charts and makes their roots anew.
func (w *Workspace) freshRoots(s *Snapshot, ov overlays) []*Root {
	var roots []*Root
	for _, dir := range findCharts(s.Folders, ov) {
		file, err := findConfigFile(ov, dir)
		cfg := resolveConfig(s.Settings, s.Folders, dir, file, err, s.Rules())
		roots = append(roots, newRoot(dir, cfg, ov, w.parses[boolIndex(cfg.Helm3)], w.warm))
	}
	return roots
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// findConfigFile reads the .chartwright.yaml that applies to the chart
// folder dir: the first in dir and its parents; nil when there is none.
func findConfigFile(ov overlays, dir string) (*lint.Config, error) {
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, lint.ConfigFile)
		data, err := ov.readFile(p)
		if err == nil {
			return lint.ParseConfig(p, data)
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, &lint.ConfigError{Path: p, Message: err.Error()}
		}
		if filepath.Dir(d) == d {
			return nil, nil
		}
	}
}

func cleanPaths(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Clean(p)
	}
	return out
}

// bounded returns text, or nothing when it is larger than MaxFileSize: a
// document that large is no chart file, and holding it would cost memory.
func bounded(text []byte) []byte {
	if len(text) > MaxFileSize {
		return []byte{}
	}
	return text
}

// TextChange is one change of a document: Range (nil for the whole text)
// replaced by Text.
type TextChange struct {
	Range *source.UTF16Range
	Text  string
}

// apply returns text with the change made.
func (c TextChange) apply(text []byte) []byte {
	if c.Range == nil {
		return []byte(c.Text)
	}
	f := source.NewFile("", text)
	start, end := f.FromUTF16(c.Range.Start), f.FromUTF16(c.Range.End)
	if end < start {
		start, end = end, start
	}
	var b bytes.Buffer
	b.Grow(len(text) - (end - start) + len(c.Text))
	b.Write(text[:start])
	b.WriteString(c.Text)
	b.Write(text[end:])
	return b.Bytes()
}
