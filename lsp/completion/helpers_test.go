package completion

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/lsp/cache"
)

// cursor marks the cursor in the texts of the tests.
const cursor = "‸"

// fixture is a workspace holding copies of testdata charts.
type fixture struct {
	t      *testing.T
	ws     *cache.Workspace
	folder string
}

// newFixture copies testdata charts into a workspace folder and opens it.
func newFixture(t *testing.T, charts ...string) *fixture {
	t.Helper()
	return newFixtureWith(t, nil, charts...)
}

// newFixtureWith copies testdata charts into a workspace folder, writes
// files over them (by path in the folder) and opens it.
func newFixtureWith(t *testing.T, files map[string]string, charts ...string) *fixture {
	t.Helper()
	folder := t.TempDir()
	for _, name := range charts {
		if err := os.CopyFS(filepath.Join(folder, name), os.DirFS(filepath.Join("../../testdata/charts", name))); err != nil {
			t.Fatal(err)
		}
	}
	for rel, text := range files {
		path := filepath.Join(folder, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{t: t, ws: cache.NewWorkspace(rules.All()), folder: folder}
	f.ws.SetFolders([]string{folder})
	return f
}

// read returns the text of a file of the workspace.
func (f *fixture) read(rel string) string {
	f.t.Helper()
	data, err := os.ReadFile(filepath.Join(f.folder, rel))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(data)
}

// edit opens the file at rel with text, in which cursor marks the
// cursor, and returns the document and the cursor's offset.
func (f *fixture) edit(rel, text string) (*cache.Snapshot, *cache.Document, int) {
	f.t.Helper()
	offset := strings.Index(text, cursor)
	if offset < 0 {
		f.t.Fatalf("no cursor in %q", text)
	}
	text = text[:offset] + text[offset+len(cursor):]
	path := filepath.Join(f.folder, rel)
	snap := f.ws.Open(path, 1, []byte(text))
	doc, err := snap.Document(path)
	if err != nil {
		f.t.Fatal(err)
	}
	return snap, doc, offset
}

// complete returns the proposals at the cursor of text, opened as the file
// at rel.
func (f *fixture) complete(rel, text string, opts Options) []Item {
	f.t.Helper()
	snap, doc, offset := f.edit(rel, text)
	list, err := Complete(context.Background(), snap, doc, offset, opts)
	if err != nil {
		f.t.Fatal(err)
	}
	return list.Items
}

// withCursor returns text with the cursor put after the first occurrence
// of before.
func withCursor(t *testing.T, text, before string) string {
	t.Helper()
	i := strings.Index(text, before)
	if i < 0 {
		t.Fatalf("%q not in the text", before)
	}
	i += len(before)
	return text[:i] + cursor + text[i:]
}

// check compares a proposal with what is expected of it: its detail,
// insert text and the text it replaces; doc, when set, must be in its
// documentation.
func check(t *testing.T, items []Item, label, detail, insert, replace, doc string) {
	t.Helper()
	it := item(t, items, label)
	if it.Detail != detail || it.Insert != insert || replaced(it) != replace || !strings.Contains(it.Doc, doc) {
		t.Errorf("%s: detail %q, insert %q, replaces %q, doc %q; want %q, %q, %q, doc with %q",
			label, it.Detail, it.Insert, replaced(it), it.Doc, detail, insert, replace, doc)
	}
}

// wantLabels checks the labels of the proposals, sorted.
func wantLabels(t *testing.T, items []Item, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := labels(items); !slices.Equal(got, want) {
		t.Errorf("labels %q, want %q", got, want)
	}
}

// labels are the labels of items, sorted.
func labels(items []Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Label
	}
	slices.Sort(out)
	return out
}

// item returns the proposal labelled label.
func item(t *testing.T, items []Item, label string) Item {
	t.Helper()
	for _, it := range items {
		if it.Label == label {
			return it
		}
	}
	t.Fatalf("no proposal %q among %q", label, labels(items))
	return Item{}
}

// replaced is the text an item's edit replaces.
func replaced(it Item) string {
	if it.Replace.File == nil {
		return "<none>"
	}
	return string(it.Replace.File.Data[it.Replace.Start:it.Replace.End])
}

// copyShop copies the shop chart into folder.
func copyShop(folder string) error {
	return os.CopyFS(filepath.Join(folder, "shop"), os.DirFS("../../testdata/charts/shop"))
}
