package lsp

import (
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
)

// TestDefinition checks where definition goes from every kind of symbol
// that has one.
func TestDefinition(t *testing.T) {
	_, snap, folder := navWorkspace(t, cache.Settings{ValuesFiles: map[string][]string{"shop": {"prod.yaml"}}}, map[string]string{
		"shop/prod.yaml":            "replicaCount: 3\norders:\n  storage: 20Gi\n",
		"shop/ci/small.yaml":        "orders:\n  storage: 1Ti\n",
		"shop/files/a.txt":          "a\n",
		"shop/templates/files.yaml": "a: {{ .Files.Get \"files/a.txt\" }}\n{{- $x := .Values.greeting }}\nx: {{ $x }}\n{{ include \"common.labels\" . }}\n",
	}, "shop", "webapp")
	tests := []struct {
		file, context string
		want          []string
	}{
		// A values path: its key in every values file that sets it.
		{"shop/templates/deployment.yaml", ".Values.replicaCo", []string{"shop/values.yaml:1:0-1:12", "shop/prod.yaml:0:0-0:12"}},
		{"shop/templates/deployment.yaml", "{{ .stor", []string{
			"shop/values.yaml:30:2-30:9", "shop/charts/db-folder/values.yaml:1:0-1:7", "shop/prod.yaml:2:2-2:9", "shop/ci/small.yaml:1:2-1:9"}},
		{"shop/charts/db-folder/templates/statefulset.yaml", ".Values.us", []string{"shop/charts/db-folder/values.yaml:3:0-3:4"}},
		{"shop/charts/db-folder/templates/statefulset.yaml", ".Values.global.reg", []string{"shop/values.yaml:25:2-25:8"}},
		{"shop/templates/deployment.yaml", "{{ .nam", []string{"shop/values.yaml:18:4-18:8", "shop/values.yaml:20:4-20:8"}},
		{"shop/templates/deployment.yaml", ".Values.gree", []string{"shop/values.yaml:10:0-10:8"}},
		{"webapp/charts/cache/templates/statefulset.yaml", ".Values.maxMem", []string{"webapp/values.yaml:30:2-30:11", "webapp/charts/cache/values.yaml:0:0-0:9"}},
		// A key of a values file: the default it overrides; on the
		// default, its schema, else itself.
		{"shop/values.yaml", "  stor", []string{"shop/charts/db-folder/values.yaml:1:0-1:7"}},
		{"shop/ci/small.yaml", "  stor", []string{"shop/charts/db-folder/values.yaml:1:0-1:7"}},
		{"shop/prod.yaml", "replica", []string{"shop/values.yaml:1:0-1:12"}},
		{"shop/charts/db-folder/values.yaml", "stor", []string{"shop/charts/db-folder/values.yaml:1:0-1:7"}},
		{"webapp/values.yaml", "  pullPol", []string{"webapp/values.schema.json:12:8-12:20"}},
		{"webapp/values.yaml", "replicaC", []string{"webapp/values.schema.json:5:4-5:18"}},
		// Templates: include and template calls, a library in an archive.
		{"shop/templates/deployment.yaml", `include "shop.full`, []string{"shop/templates/_helpers.tpl:1:11-1:26"}},
		{"shop/templates/service.yaml", `template "shop.full`, []string{"shop/templates/_helpers.tpl:1:11-1:26"}},
		{"shop/templates/NOTES.txt", `include "shop.full`, []string{"shop/templates/_helpers.tpl:1:11-1:26"}},
		{"shop/templates/_helpers.tpl", `define "shop.lab`, []string{"shop/templates/_helpers.tpl:6:11-6:24"}},
		{"shop/templates/files.yaml", `include "common.lab`, nil},
		{"shop/templates/files.yaml", "{{ $x", []string{"shop/templates/files.yaml:1:4-1:6"}},
		{"shop/templates/files.yaml", `.Files.Get "files/a`, []string{"shop/files/a.txt:0:0-0:0"}},
		{"webapp/templates/configmap.yaml", `.Files.Glob "files/*.pro`, []string{"webapp/files/app.properties:0:0-0:0"}},
		{"shop/templates/deployment.yaml", ".Chart.AppVer", []string{"shop/Chart.yaml:5:0-5:10"}},
		{"shop/templates/deployment.yaml", "replicas: {{ .Val", []string{"shop/values.yaml:0:0-0:0"}},
		// A dependency's condition: the values that enable it.
		{"shop/Chart.yaml", "condition: orders.ena", []string{"shop/values.yaml:29:2-29:9"}},
		{"shop/templates/deployment.yaml", "| quo", nil},
	}
	for _, tt := range tests {
		doc := navDoc(t, snap, folder, tt.file)
		got := describeLocations(folder, definitionAt(doc, navOffset(t, doc.File, tt.context, 0)))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s after %q\n got: %q\nwant: %q", tt.file, tt.context, got, tt.want)
		}
	}
}
