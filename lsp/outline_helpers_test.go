package lsp

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/lsp/cache"
)

// outlineWorkspace copies testdata charts into a workspace folder and
// returns the workspace, its snapshot and the folder.
func outlineWorkspace(t testing.TB, charts ...string) (*cache.Workspace, *cache.Snapshot, string) {
	t.Helper()
	folder := t.TempDir()
	for _, name := range charts {
		if err := os.CopyFS(filepath.Join(folder, name), os.DirFS(filepath.Join("../testdata/charts", name))); err != nil {
			t.Fatal(err)
		}
	}
	ws := cache.NewWorkspace(rules.All())
	return ws, ws.SetFolders([]string{folder}), folder
}

// outlineDocument returns the document at a path relative to the folder.
func outlineDocument(t testing.TB, snap *cache.Snapshot, folder, rel string) *cache.Document {
	t.Helper()
	doc, err := snap.Document(filepath.Join(folder, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
