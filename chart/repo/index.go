package repo

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/helmlog"
)

// IndexOptions adjust [UpdateIndex].
type IndexOptions struct {
	// URL is the repository's base URL (empty: relative URLs).
	URL string
	// Merge names an index whose entries are kept unless the directory has
	// the same chart version (helm repo index --merge). If it does not
	// exist, an empty index is written there first, as Helm does.
	Merge string
	// JSON writes index.yaml in Helm's JSON form.
	JSON bool
	// Helm selects the loader flavour.
	Helm chart.HelmVersion
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log, when set, gets what Helm logs while it merges: the entries of the
	// Merge index that it drops, a line each.
	Log io.Writer
}

// UpdateIndex writes dir/index.yaml for the archives in dir, as helm repo
// index does, with two differences that make it safe to run repeatedly and
// concurrently: entries whose archive digest did not change keep their
// created time (from the merge index, else from the existing index.yaml),
// and the whole scan-read-merge-write runs under an advisory lock on a
// file beside each index involved, so two concurrent runs never lose each
// other's entries. The write is atomic. It returns the index written and
// the archives that were skipped because they do not load.
func UpdateIndex(dir string, opts IndexOptions) (*chart.IndexFile, []string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, err
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, nil, err
	} else if !fi.IsDir() {
		return nil, nil, fmt.Errorf("%s is not a directory", dir)
	}
	out := filepath.Join(dir, "index.yaml")
	targets := []string{out}
	if opts.Merge != "" {
		merge, err := filepath.Abs(opts.Merge) // for the lock; logs name it as given, as Helm's do
		if err != nil {
			return nil, nil, err
		}
		if merge != out && isDir(filepath.Dir(merge)) { // no folder, no file to guard: Helm goes on
			targets = append(targets, merge)
		}
	}
	unlock, err := lockAll(targets)
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	return updateIndexLocked(dir, out, opts)
}

func updateIndexLocked(dir, out string, opts IndexOptions) (*chart.IndexFile, []string, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	idx, skipped, err := chart.IndexDirectory(dir, chart.IndexOptions{URL: opts.URL, Now: now, Helm: opts.Helm})
	if err != nil {
		return nil, skipped, err
	}
	if opts.Merge != "" {
		old, dropped, err := loadOrCreate(opts.Merge, opts.JSON, now())
		logDropped(opts, dropped)
		if err != nil {
			return nil, skipped, fmt.Errorf("merge failed: %w", err)
		}
		idx.KeepCreated(old)
		logFallbacks(opts, idx.Merge(old))
	} else if prev, _, err := chart.LoadIndexFile(out); err == nil {
		idx.KeepCreated(prev)
	}
	idx.SortEntries()
	if err := WriteIndex(out, idx, opts.JSON); err != nil {
		return nil, skipped, err
	}
	return idx, skipped, nil
}

// isDir reports whether name is a folder.
func isDir(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.IsDir()
}

// loadOrCreate loads the merge index, or writes an empty one when it does
// not exist (Helm's side effect, kept for compatibility; as in Helm, a
// failure to write it is no error).
func loadOrCreate(name string, asJSON bool, now time.Time) (*chart.IndexFile, []chart.SkippedEntry, error) {
	if _, err := os.Stat(name); errors.Is(err, fs.ErrNotExist) {
		idx := chart.NewIndex(now)
		_ = WriteIndex(name, idx, asJSON) // Helm ignores its failure (a missing folder) and merges nothing
		return idx, nil, nil
	}
	return chart.LoadIndexFile(name)
}

// logDropped writes, as Helm logs them, the entries of the merge index
// that loading it dropped.
func logDropped(opts IndexOptions, dropped []chart.SkippedEntry) {
	if opts.Log == nil {
		return
	}
	log := &helmlog.Log{Helm3: opts.Helm == chart.Helm3}
	for _, e := range dropped {
		if e.Err == nil {
			log.Both("index.go", 359, fmt.Sprintf("skipping loading invalid entry for chart %q from %s: empty entry", e.Name, opts.Merge),
				slog.LevelWarn, "skipping loading invalid entry for chart: empty entry", "name", e.Name, "source", opts.Merge)
			continue
		}
		log.Both("index.go", 371, fmt.Sprintf("skipping loading invalid entry for chart %q %q from %s: %s", e.Name, e.Version, opts.Merge, e.Err),
			slog.LevelWarn, "skipping loading invalid entry for chart", "name", e.Name, "version", e.Version, "source", opts.Merge, "error", e.Err)
	}
	for _, line := range log.Lines {
		fmt.Fprintln(opts.Log, line)
	}
}

// logFallbacks writes, as Helm 4 logs them, the versions of the merge index
// that the new index had only as another version (Helm 3 is silent).
func logFallbacks(opts IndexOptions, fallbacks []chart.Fallback) {
	if opts.Log == nil || opts.Helm == chart.Helm3 {
		return
	}
	log := &helmlog.Log{}
	for _, f := range fallbacks {
		log.Slog(slog.LevelWarn, "unable to find exact version requested; falling back to closest available version",
			"chart", f.Name, "requested", f.Requested, "selected", f.Selected)
	}
	for _, line := range log.Lines {
		fmt.Fprintln(opts.Log, line)
	}
}

// WriteIndex writes idx to name atomically, as YAML or JSON, mode 0644.
func WriteIndex(name string, idx *chart.IndexFile, asJSON bool) error {
	encode := idx.EncodeYAML
	if asJSON {
		encode = idx.EncodeJSON
	}
	data, err := encode()
	if err != nil {
		return fmt.Errorf("encode %s: %w", name, err)
	}
	return chart.WriteFileAtomic(name, 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// lockPath is the lock file guarding name: a hidden file beside it.
func lockPath(name string) string {
	return filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".lock")
}

// lockAll locks the files beside each target in sorted order, so that two
// runs naming the same files cannot deadlock.
func lockAll(targets []string) (unlock func(), err error) {
	paths := make([]string, len(targets))
	for i, t := range targets {
		paths[i] = lockPath(t)
	}
	sort.Strings(paths)
	var unlocks []func()
	release := func() {
		for i := len(unlocks) - 1; i >= 0; i-- {
			unlocks[i]()
		}
	}
	for _, p := range paths {
		u, err := lockFile(p)
		if err != nil {
			release()
			return nil, fmt.Errorf("lock %s: %w", p, err)
		}
		unlocks = append(unlocks, u)
	}
	return release, nil
}
