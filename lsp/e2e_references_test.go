package lsp_test

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestReferencesE2E asks for references over the server's pipes, with and
// without declarations: a define's uses through include and template,
// NOTES.txt included; a subchart's value in its parent's values and
// templates; a global.
func TestReferencesE2E(t *testing.T) {
	c, folder := session(t, nil, "shop", "webapp")
	ctx := withTimeout(t)
	tests := []struct {
		file, context string
		declaration   bool
		want          []string
	}{
		{"shop/templates/_helpers.tpl", `define "shop.full`, true, []string{
			"shop/templates/NOTES.txt:0:20-0:35", "shop/templates/_helpers.tpl:1:11-1:26",
			"shop/templates/deployment.yaml:4:19-4:34", "shop/templates/service.yaml:3:20-3:35"}},
		{"shop/templates/_helpers.tpl", `define "shop.full`, false, []string{
			"shop/templates/NOTES.txt:0:20-0:35", "shop/templates/deployment.yaml:4:19-4:34", "shop/templates/service.yaml:3:20-3:35"}},
		{"webapp/charts/cache/values.yaml", "maxMem", false, []string{
			"webapp/charts/cache/templates/statefulset.yaml:20:43-20:52", "webapp/values.yaml:30:2-30:11"}},
		{"webapp/values.yaml", "  te", true, []string{
			"webapp/charts/cache/templates/statefulset.yaml:5:28-5:32", "webapp/charts/cache/values.yaml:2:2-2:6",
			"webapp/templates/_helpers.tpl:10:24-10:28", "webapp/values.yaml:12:2-12:6"}},
	}
	for _, tt := range tests {
		path := filepath.Join(folder, tt.file)
		params := navParams(path, navPosition(t, read(t, path), tt.context))
		params["context"] = map[string]any{"includeDeclaration": tt.declaration}
		var got []navLocation
		if err := c.Call(ctx, "textDocument/references", params, &got); err != nil {
			t.Fatal(err)
		}
		if d := describeNavLocations(t, folder, got); !slices.Equal(d, tt.want) {
			t.Errorf("%s after %q (declaration %t)\n got: %q\nwant: %q", tt.file, tt.context, tt.declaration, d, tt.want)
		}
	}
}
