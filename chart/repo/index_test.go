package repo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chartwright/chartwright/internal/testfs"

	"github.com/chartwright/chartwright/chart"
)

// makeChart writes a minimal chart directory and returns its path.
func makeChart(t testing.TB, name, version string, extra map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	files := map[string]string{
		"Chart.yaml":        fmt.Sprintf("apiVersion: v2\nname: %s\nversion: %s\n", name, version),
		"values.yaml":       "replicas: 1\n",
		"templates/cm.yaml": "kind: ConfigMap\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	return testfs.Write(t, dir, files)
}

// packageTo packages a minimal chart into dest and returns the archive path.
func packageTo(t testing.TB, dest, name, version string) string {
	t.Helper()
	p, err := chart.PackageDir(makeChart(t, name, version, nil), dest, chart.PackageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func loadIndex(t *testing.T, name string) *chart.IndexFile {
	t.Helper()
	idx, skipped, err := chart.LoadIndexFile(name)
	if err != nil || len(skipped) > 0 {
		t.Fatalf("load %s: %v %v", name, err, skipped)
	}
	return idx
}

func TestUpdateIndexConcurrentMergesLoseNothing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "index.yaml")
	// An entry published earlier whose archive is no longer in the folder:
	// only --merge keeps it.
	remote := chart.NewIndex(time.Now())
	if err := remote.Add(&chart.Metadata{APIVersion: "v2", Name: "remote", Version: "1.0.0"}, "remote-1.0.0.tgz", "https://example.com", "abc", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := WriteIndex(out, remote, false); err != nil {
		t.Fatal(err)
	}
	const runners, rounds = 2, 10
	var wg sync.WaitGroup
	errs := make(chan error, runners*rounds)
	for r := range runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				// Stage, index, then move the archive away (as a pipeline
				// that uploads to object storage does): from then on only
				// the merged index remembers it.
				archive := packageTo(t, dir, fmt.Sprintf("runner%d", r), fmt.Sprintf("1.0.%d", i))
				if _, _, err := UpdateIndex(dir, IndexOptions{Merge: out}); err != nil {
					errs <- err
				}
				if err := os.Remove(archive); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	idx := loadIndex(t, out)
	if len(idx.Entries["remote"]) != 1 {
		t.Errorf("the merged entry was lost: %v", idx.Entries["remote"])
	}
	for r := range runners {
		if got := len(idx.Entries[fmt.Sprintf("runner%d", r)]); got != rounds {
			t.Errorf("runner%d: %d versions in the index, want %d", r, got, rounds)
		}
	}
}

func TestUpdateIndexKeepsCreatedOfUnchangedArchives(t *testing.T) {
	dir := t.TempDir()
	packageTo(t, dir, "a", "1.0.0")
	t1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, _, err := UpdateIndex(dir, IndexOptions{Now: func() time.Time { return t1 }}); err != nil {
		t.Fatal(err)
	}
	packageTo(t, dir, "b", "1.0.0")
	t2 := t1.Add(time.Hour)
	idx, _, err := UpdateIndex(dir, IndexOptions{Now: func() time.Time { return t2 }})
	if err != nil {
		t.Fatal(err)
	}
	if got := idx.Entries["a"][0].Created; !got.Equal(t1) {
		t.Errorf("a created %v, want the first run's %v", got, t1)
	}
	if got := idx.Entries["b"][0].Created; !got.Equal(t2) {
		t.Errorf("b created %v, want %v", got, t2)
	}
	if !idx.Generated.Equal(t2) {
		t.Errorf("generated %v, want %v", idx.Generated, t2)
	}
}

func TestUpdateIndexMergeFileCreated(t *testing.T) {
	dir := t.TempDir()
	packageTo(t, dir, "a", "1.0.0")
	merge := filepath.Join(t.TempDir(), "old.json")
	if _, _, err := UpdateIndex(dir, IndexOptions{Merge: merge, JSON: true, URL: "https://c.example.com/x"}); err != nil {
		t.Fatal(err)
	}
	if idx := loadIndex(t, merge); len(idx.Entries) != 0 {
		t.Errorf("new merge index has entries: %v", idx.Entries)
	}
	idx := loadIndex(t, filepath.Join(dir, "index.yaml"))
	if got := idx.Entries["a"][0].URLs[0]; got != "https://c.example.com/x/a-1.0.0.tgz" {
		t.Errorf("url %s", got)
	}
	os.WriteFile(merge, []byte("apiVersion: v1\nentries: [\n"), 0o644)
	if _, _, err := UpdateIndex(dir, IndexOptions{Merge: merge}); err == nil {
		t.Error("a corrupt merge index was accepted")
	}
}

// TestUpdateIndexMergeFolderMissing: a merge index in a folder that does
// not exist is no error, as helm v4.3.1 and v3.22.0 repo index --merge
// take it: nothing to merge, the folder not made, index.yaml written.
func TestUpdateIndexMergeFolderMissing(t *testing.T) {
	dir := t.TempDir()
	packageTo(t, dir, "a", "1.0.0")
	nowhere := filepath.Join(t.TempDir(), "nowhere")
	if _, _, err := UpdateIndex(dir, IndexOptions{Merge: filepath.Join(nowhere, "old.yaml")}); err != nil {
		t.Fatal(err)
	}
	if idx := loadIndex(t, filepath.Join(dir, "index.yaml")); len(idx.Entries["a"]) != 1 {
		t.Errorf("entries %v", idx.Entries)
	}
	if _, err := os.Stat(nowhere); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the merge index's folder: %v, want none", err)
	}
}

// TestUpdateIndexLogsDroppedMergeEntries: the entries of the merge index
// that loading drops are logged as helm repo index --merge logs them (the
// lines of helm v4.3.1 and v3.22.0), and kept out of the result.
func TestUpdateIndexLogsDroppedMergeEntries(t *testing.T) {
	dir := t.TempDir()
	packageTo(t, dir, "a", "1.0.0")
	merge := filepath.Join(t.TempDir(), "old.yaml")
	data := "apiVersion: v1\nentries:\n  nullent:\n  - null\n  badver:\n  - apiVersion: v2\n    name: badver\n    version: notsemver\n    urls: [b.tgz]\n"
	want := map[chart.HelmVersion]string{
		chart.Helm4: `level=WARN msg="skipping loading invalid entry for chart" name=badver version=notsemver source=` + merge + ` error="validation: chart.metadata.version \"notsemver\" is invalid"` + "\n" +
			`level=WARN msg="skipping loading invalid entry for chart: empty entry" name=nullent source=` + merge + "\n",
		chart.Helm3: `index.go:371: skipping loading invalid entry for chart "badver" "notsemver" from ` + merge + `: validation: chart.metadata.version "notsemver" is invalid` + "\n" +
			`index.go:359: skipping loading invalid entry for chart "nullent" from ` + merge + ": empty entry\n",
	}
	for helm, lines := range want {
		os.WriteFile(merge, []byte(data), 0o644)
		var log strings.Builder
		idx, _, err := UpdateIndex(dir, IndexOptions{Merge: merge, Helm: helm, Log: &log})
		if err != nil {
			t.Fatal(err)
		}
		if log.String() != lines {
			t.Errorf("helm %d logged:\n%s\nwant:\n%s", helm, log.String(), lines)
		}
		if len(idx.Entries) != 1 || len(idx.Entries["a"]) != 1 {
			t.Errorf("helm %d: entries %v", helm, idx.Entries)
		}
	}
}

// TestUpdateIndexLogsMergeFallbacks: a version of the merge index that the
// directory has only as another version matching it as a constraint is not
// merged, and Helm 4 logs the fallback (the lines of helm v4.3.1; Helm 3 is
// silent); the merge index is named as given.
func TestUpdateIndexLogsMergeFallbacks(t *testing.T) {
	dir := t.TempDir()
	packageTo(t, dir, "a", "1.0.0+b1")
	packageTo(t, dir, "a", "2.0.0")
	t.Chdir(t.TempDir())
	entry := "  - apiVersion: v2\n    name: a\n    version: %s\n    urls: [a.tgz]\n"
	data := "apiVersion: v1\nentries:\n  a:\n" + fmt.Sprintf(entry, "1.0.0+b2") + fmt.Sprintf(entry, "v2.0.0") + fmt.Sprintf(entry, "3.0.0") +
		"  bad:\n  - null\n"
	want := map[chart.HelmVersion]string{
		chart.Helm4: `level=WARN msg="skipping loading invalid entry for chart: empty entry" name=bad source=old.yaml` + "\n" +
			`level=WARN msg="unable to find exact version requested; falling back to closest available version" chart=a requested=v2.0.0 selected=2.0.0` + "\n" +
			`level=WARN msg="unable to find exact version requested; falling back to closest available version" chart=a requested=1.0.0+b2 selected=1.0.0+b1` + "\n",
		chart.Helm3: `index.go:359: skipping loading invalid entry for chart "bad" from old.yaml: empty entry` + "\n",
	}
	for helm, lines := range want {
		os.WriteFile("old.yaml", []byte(data), 0o644)
		var log strings.Builder
		idx, _, err := UpdateIndex(dir, IndexOptions{Merge: "old.yaml", Helm: helm, Log: &log})
		if err != nil {
			t.Fatal(err)
		}
		if log.String() != lines {
			t.Errorf("helm %d logged:\n%s\nwant:\n%s", helm, log.String(), lines)
		}
		var versions []string
		for _, cv := range idx.Entries["a"] {
			versions = append(versions, cv.Version)
		}
		if got := strings.Join(versions, " "); got != "3.0.0 2.0.0 1.0.0+b1" {
			t.Errorf("helm %d: versions %s, want 3.0.0 2.0.0 1.0.0+b1", helm, got)
		}
	}
}
