package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/testfs"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/lsp/cache"
)

// Helpers of the navigation features' tests (cursor, hover, definition,
// references, rename, highlight).

// navWorkspace copies testdata charts into a new workspace folder, writes
// the extra files (folder-relative path → text) and returns the workspace,
// its snapshot with the settings, and the folder.
func navWorkspace(t testing.TB, settings cache.Settings, extra map[string]string, charts ...string) (*cache.Workspace, *cache.Snapshot, string) {
	t.Helper()
	folder := t.TempDir()
	for _, name := range charts {
		if err := os.CopyFS(filepath.Join(folder, name), os.DirFS(filepath.Join("../testdata/charts", name))); err != nil {
			t.Fatal(err)
		}
	}
	testfs.Write(t, folder, extra)
	w := cache.NewWorkspace(rules.All())
	w.SetFolders([]string{folder})
	return w, w.SetSettings(settings), folder
}

// navDoc returns the document at rel, a path relative to the folder.
func navDoc(t testing.TB, snap *cache.Snapshot, folder, rel string) *cache.Document {
	t.Helper()
	doc, err := snap.Document(filepath.Join(folder, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// navOffset is the offset right after the first occurrence of context in
// f, moved back by back bytes.
func navOffset(t testing.TB, f *source.File, context string, back int) int {
	t.Helper()
	i := strings.Index(string(f.Data), context)
	if i < 0 {
		t.Fatalf("%q is not in %s", context, f.Path)
	}
	return i + len(context) - back
}

// describeLocations renders locations as "path:line:char-line:char", the
// path relative to folder, the range as LSP sends it (0-based, UTF-16).
func describeLocations(folder string, locs []location) []string {
	var out []string
	for _, l := range locs {
		rel, _ := filepath.Rel(folder, l.path)
		r := spanRange(l.span)
		out = append(out, fmt.Sprintf("%s:%d:%d-%d:%d", filepath.ToSlash(rel), r.Start.Line, r.Start.Character, r.End.Line, r.End.Character))
	}
	return out
}
