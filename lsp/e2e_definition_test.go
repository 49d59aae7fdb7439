package lsp_test

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestDefinitionE2E asks for definitions over the server's pipes: a
// subchart's value read by its parent through the alias, include and
// template names, a file matched by .Files.Glob, a define inside a .tgz
// (none: archives cannot be opened).
func TestDefinitionE2E(t *testing.T) {
	c, folder := session(t, nil, "shop", "webapp")
	ctx := withTimeout(t)
	tests := []struct {
		file, context string
		want          []string
	}{
		{"shop/templates/deployment.yaml", "{{ .stor", []string{"shop/values.yaml:30:2-30:9", "shop/charts/db-folder/values.yaml:1:0-1:7"}},
		{"webapp/charts/cache/templates/statefulset.yaml", ".Values.maxMem", []string{"webapp/values.yaml:30:2-30:11", "webapp/charts/cache/values.yaml:0:0-0:9"}},
		{"shop/templates/NOTES.txt", `include "shop.full`, []string{"shop/templates/_helpers.tpl:1:11-1:26"}},
		{"shop/templates/service.yaml", `template "shop.full`, []string{"shop/templates/_helpers.tpl:1:11-1:26"}},
		{"webapp/templates/configmap.yaml", `.Files.Glob "files/*.pro`, []string{"webapp/files/app.properties:0:0-0:0"}},
		{"webapp/values.yaml", "  pullPol", []string{"webapp/values.schema.json:12:8-12:20"}},
		{"shop/templates/_helpers.tpl", `include "common.lab`, nil},
	}
	for _, tt := range tests {
		path := filepath.Join(folder, tt.file)
		var got []navLocation
		if err := c.Call(ctx, "textDocument/definition", navParams(path, navPosition(t, read(t, path), tt.context)), &got); err != nil {
			t.Fatal(err)
		}
		if d := describeNavLocations(t, folder, got); !slices.Equal(d, tt.want) {
			t.Errorf("%s after %q\n got: %q\nwant: %q", tt.file, tt.context, d, tt.want)
		}
	}
}
