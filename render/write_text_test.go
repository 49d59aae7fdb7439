package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteIsText checks that Write, which streams the output, prints
// what Text builds: manifests trimmed (trailing space of the last one,
// however far it goes), a newline, then the hooks.
func TestWriteIsText(t *testing.T) {
	m := func(source, content string) *Manifest { return &Manifest{Source: source, Content: content} }
	for _, tt := range []struct {
		name             string
		manifests, hooks []*Manifest
	}{
		{"nothing", nil, nil},
		{"hooks only", nil, []*Manifest{m("c/templates/h.yaml", "kind: Pod")}},
		{"plain", []*Manifest{m("c/templates/a.yaml", "kind: A"), m("c/templates/b.yaml", "kind: B")}, nil},
		{"trailing space", []*Manifest{m("c/templates/a.yaml", "kind: A\n\n  \n")}, []*Manifest{m("c/templates/h.yaml", "kind: H")}},
		{"blank last", []*Manifest{m("c/templates/a.yaml", "kind: A"), m("c/templates/b.yaml", " \n\u00a0")}, nil},
		{"empty last", []*Manifest{m("c/templates/a.yaml", "")}, nil},
	} {
		rel := &Release{Manifests: tt.manifests, Hooks: tt.hooks}
		var b strings.Builder
		if err := rel.Write(&b, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		if want := rel.Text(WriteOptions{}); b.String() != want {
			t.Errorf("%s: Write printed %q, Text is %q", tt.name, b.String(), want)
		}
	}
}

// TestWriteDirAppendsHooksToFilesOnDisk: as helm template --output-dir
// (checked against helm v4.3.1 and v3.22.0), a source with only hooks is
// appended to the file an earlier run left, while a source with a manifest
// is written afresh, its hooks after its manifests.
func TestWriteDirAppendsHooksToFilesOnDisk(t *testing.T) {
	dir := t.TempDir()
	stale := "STALE\n"
	for _, name := range []string{"c/templates/h.yaml", "c/templates/mixed.yaml"} {
		if err := os.MkdirAll(filepath.Join(dir, "c", "templates"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(stale), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hook := func(source, content string) *Manifest { return &Manifest{Source: source, Content: content, Hook: true} }
	rel := &Release{
		Manifests: []*Manifest{{Source: "c/templates/mixed.yaml", Content: "kind: A"}},
		Hooks:     []*Manifest{hook("c/templates/h.yaml", "kind: H1"), hook("c/templates/mixed.yaml", "kind: H2"), hook("c/templates/h.yaml", "kind: H3")},
	}
	var out strings.Builder
	if err := rel.Write(&out, WriteOptions{OutputDir: dir}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"c/templates/h.yaml":     stale + "---\n# Source: c/templates/h.yaml\nkind: H1\n---\n# Source: c/templates/h.yaml\nkind: H3\n",
		"c/templates/mixed.yaml": "---\n# Source: c/templates/mixed.yaml\nkind: A\n---\n# Source: c/templates/mixed.yaml\nkind: H2\n",
	}
	for name, content := range want {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || string(got) != content {
			t.Errorf("%s: %q, %v; want %q", name, got, err, content)
		}
	}
	wrote := "wrote " + dir + "/c/templates/"
	if want := wrote + "mixed.yaml\n" + wrote + "h.yaml\n" + wrote + "mixed.yaml\n" + wrote + "h.yaml\n\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
}
