package lsp

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
)

// TestNavigationAtEveryOffset runs every navigation feature at every
// offset of every file of the testdata charts, and of templates and
// values files that do not parse: none may panic, and what they return
// must lie in real files.
func TestNavigationAtEveryOffset(t *testing.T) {
	_, snap, folder := navWorkspace(t, cache.Settings{}, map[string]string{
		"shop/templates/broken.yaml": "a: {{ .Values.image.tag | quote \nb: {{ include \"shop.labels\" (dict \"x\" .Values.env) }\n{{ range $k, $v := .Values.env }}{{ $v.name",
		"shop/values-broken.yaml":    "image:\n  tag: [1, 2\n  - x: {\nenv:\n- a\n",
		"shop/.chartwright.yaml":     "rules:\n  values-unused: off\nvalues: [prod.yaml]\nkubeVersion: 1.33\n",
	}, "shop", "webapp")
	ctx := context.Background()
	err := filepath.WalkDir(folder, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) == ".tgz" {
			return err
		}
		doc, err := snap.Document(path)
		if err != nil {
			return err
		}
		for off := 0; off <= len(doc.File.Data); off++ {
			if _, err := hoverAt(ctx, snap, doc, off); err != nil {
				t.Errorf("hover at %s:%d: %v", path, off, err)
			}
			for _, l := range append(definitionAt(doc, off), referencesAt(doc, off, true)...) {
				if l.span.File != nil && l.span.End > len(l.span.File.Data) {
					t.Errorf("a location from %s:%d is out of its file: %+v", path, off, l)
				}
			}
			highlightsAt(doc, off)
			if _, err := prepareRenameAt(doc, off); err == nil {
				if _, _, err := renameAt(doc, off, "renamed"); err != nil && err.Error() == "" {
					t.Errorf("rename at %s:%d: empty error", path, off)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
