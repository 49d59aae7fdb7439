package repo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/chartwright/chartwright/chart"
)

// createdFile persists each archive's created time, by digest, so that
// the index keeps them across restarts. Hidden: never served or indexed.
const createdFile = ".chartwright-created.json"

// catalog is what the server knows about the folder's archives. It is
// guarded by Server.mu.
type catalog struct {
	entries map[string]*entry    // by slash-separated path in the folder
	created map[string]time.Time // by digest, as persisted in createdFile
	stamp   string               // the folder's fingerprint at the last scan
}

// entry is what the server knows about one archive.
type entry struct {
	size    int64
	mod     time.Time
	digest  string
	md      *chart.Metadata // nil when the archive does not load
	created time.Time
}

// newCatalog reads the created times of an index.yaml found in root
// (written by chartwright index or helm), then those persisted in
// createdFile, which take precedence.
func newCatalog(root *os.Root) catalog {
	c := catalog{entries: map[string]*entry{}, created: map[string]time.Time{}}
	if data, err := root.ReadFile("index.yaml"); err == nil {
		if prev, _, err := chart.LoadIndex(data); err == nil {
			for _, vs := range prev.Entries {
				for _, cv := range vs {
					if cv.Digest != "" && !cv.Created.IsZero() {
						c.created[cv.Digest] = cv.Created
					}
				}
			}
		}
	}
	var persisted map[string]time.Time
	if data, err := root.ReadFile(createdFile); err == nil && json.Unmarshal(data, &persisted) == nil {
		maps.Copy(c.created, persisted)
	}
	return c
}

// Rescan brings the index up to date with the folder now, instead of at
// the next poll.
func (s *Server) Rescan() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rescanLocked()
}

// poll rescans the folder when its fingerprint (the modification times of
// the folder and its subfolders, which change when a file is added,
// renamed or removed) changes, and every tenth tick anyway, which catches
// an archive rewritten in place.
func (s *Server) poll() {
	defer s.polling.Done()
	tick := time.NewTicker(s.opts.PollInterval)
	defer tick.Stop()
	for n := 1; ; n++ {
		select {
		case <-s.stop:
			return
		case <-tick.C:
		}
		stamp := s.fingerprint()
		s.mu.Lock()
		if stamp != s.catalog.stamp || n%10 == 0 {
			if err := s.rescanLocked(); err != nil {
				s.opts.Logger.Warn("rescan failed", "error", err)
			}
		}
		s.mu.Unlock()
	}
}

// fingerprint lists the modification times of the folder and its visible
// subfolders: a cheap test of whether a rescan is needed.
func (s *Server) fingerprint() string {
	var b strings.Builder
	dirs, _ := fs.ReadDir(s.root.FS(), ".")
	for _, d := range append([]fs.DirEntry{nil}, dirs...) {
		name := "."
		if d != nil {
			if !d.IsDir() || !visibleName(d.Name()) {
				continue
			}
			name = d.Name()
		}
		if fi, err := s.root.Stat(name); err == nil {
			fmt.Fprintf(&b, "%s %d\n", name, fi.ModTime().UnixNano())
		}
	}
	return b.String()
}

// rescanLocked stats every archive; those whose size and modification time
// are unchanged are not read again. The index is rebuilt only if some
// archive appeared, changed or vanished.
func (s *Server) rescanLocked() error {
	stamp := s.fingerprint()
	names, err := s.archives()
	if err != nil {
		return err
	}
	c := &s.catalog
	changed := len(names) != len(c.entries) || s.current.Load() == nil
	next := make(map[string]*entry, len(names))
	for _, name := range names {
		fi, err := s.root.Stat(name)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		old := c.entries[name]
		if old != nil && old.size == fi.Size() && old.mod.Equal(fi.ModTime()) {
			next[name] = old
			continue
		}
		changed = true
		e, err := s.load(name, fi)
		if err != nil {
			s.opts.Logger.Warn("archive skipped", "file", name, "error", err)
			next[name] = &entry{size: fi.Size(), mod: fi.ModTime()} // remembered, not indexed
			continue
		}
		next[name] = e
	}
	c.entries, c.stamp = next, stamp
	if !changed {
		return nil
	}
	return s.publishLocked()
}

// archives lists the *.tgz files of the folder and its direct subfolders,
// leaving out hidden files and folders, which are never served.
func (s *Server) archives() ([]string, error) {
	var out []string
	for _, pattern := range []string{"*.tgz", "*/*.tgz"} {
		m, err := fs.Glob(s.root.FS(), pattern)
		if err != nil {
			return nil, err
		}
		for _, name := range m {
			if !strings.HasPrefix(name, ".") && !strings.Contains(name, "/.") {
				out = append(out, name)
			}
		}
	}
	return out, nil
}

func (s *Server) load(name string, fi fs.FileInfo) (*entry, error) {
	if fi.Size() > chart.MaxChartSize {
		return nil, fmt.Errorf("archive larger than %d bytes", chart.MaxChartSize)
	}
	data, err := s.root.ReadFile(name)
	if err != nil {
		return nil, err
	}
	c, err := chart.LoadArchive(bytes.NewReader(data), s.loadOptions())
	if err != nil {
		return nil, err
	}
	return &entry{size: fi.Size(), mod: fi.ModTime(), digest: chart.Digest(data), md: c.Metadata}, nil
}

func (s *Server) loadOptions() chart.Options {
	return chart.Options{FirstValuesDocument: s.opts.Helm == chart.Helm3}
}

// sameVersion lists the archives holding chart name at version, the one a
// client would be served first.
func (s *Server) sameVersionLocked(name, version string) []string {
	var out []string
	for _, f := range preferredOrder(s.catalog.entries) {
		if e := s.catalog.entries[f]; e.md != nil && e.md.Name == name && e.md.Version == version {
			out = append(out, f)
		}
	}
	return out
}

// preferredOrder sorts archive paths with the folder's own archives first,
// then by path: of two archives for one chart version, the first is
// indexed.
func preferredOrder(m map[string]*entry) []string {
	names := slices.Collect(maps.Keys(m))
	slices.SortFunc(names, func(a, b string) int {
		if da, db := strings.Contains(a, "/"), strings.Contains(b, "/"); da != db {
			if da {
				return 1
			}
			return -1
		}
		return strings.Compare(a, b)
	})
	return names
}

// publishLocked builds the index from the catalog, one archive per chart
// version, persists the created times and makes the index the one served.
func (s *Server) publishLocked() error {
	c := &s.catalog
	now := s.opts.Now()
	idx := chart.NewIndex(now)
	seen := map[string]string{}
	created := map[string]time.Time{}
	for _, name := range preferredOrder(c.entries) {
		e := c.entries[name]
		if e.md == nil {
			continue
		}
		key := e.md.Name + "\x00" + e.md.Version
		if first, dup := seen[key]; dup {
			s.opts.Logger.Warn("archive not indexed: another archive holds this chart version", "file", name, "indexed", first)
			continue
		}
		seen[key] = name
		if e.created.IsZero() {
			e.created = c.created[e.digest]
		}
		if e.created.IsZero() {
			e.created = now
		}
		created[e.digest] = e.created
		md := *e.md
		dir, file := path.Split(name)
		if err := idx.Add(&md, file, chart.URLJoin(s.opts.URL, strings.TrimSuffix(dir, "/")), e.digest, e.created); err != nil {
			s.opts.Logger.Warn("archive not indexed", "file", name, "error", err)
		}
	}
	idx.SortEntries()
	data, err := idx.EncodeYAML()
	if err != nil {
		return err
	}
	if !maps.EqualFunc(created, c.created, time.Time.Equal) {
		if err := s.saveCreatedLocked(created); err != nil {
			return err
		}
		c.created = created
	}
	s.current.Store(&published{index: idx, yaml: data})
	return nil
}

// saveCreatedLocked persists the created times of the indexed archives.
// Atomic but not fsynced: it is written under the lock on every upload,
// and a power cut that loses it costs only created times.
func (s *Server) saveCreatedLocked(created map[string]time.Time) error {
	data, err := json.Marshal(created)
	if err != nil {
		return err
	}
	return s.writeFileLocked(createdFile, data, nil)
}
