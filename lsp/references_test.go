package lsp

import (
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
)

// TestReferences checks the references of values paths, template names
// and variables, with and without their declarations.
func TestReferences(t *testing.T) {
	_, snap, folder := navWorkspace(t, cache.Settings{ValuesFiles: map[string][]string{"shop": {"prod.yaml"}}}, map[string]string{
		"shop/prod.yaml":            "orders:\n  storage: 20Gi\n  enabled: false\n",
		"shop/ci/small.yaml":        "orders:\n  storage: 1Ti\n",
		"shop/templates/files.yaml": "{{- $x := .Values.greeting }}\nx: {{ $x }} {{ $x | quote }}\n{{- range $x := .Values.env }}{{ $x.name }}{{ end }}\n",
	}, "shop", "webapp")
	tests := []struct {
		file, context string
		declaration   bool
		want          []string
	}{
		// A subchart's value: its default, the parent's override, the
		// extra and ci files, the parent's template through the alias.
		{"shop/charts/db-folder/templates/statefulset.yaml", ".Values.stor", true, []string{
			"shop/charts/db-folder/templates/statefulset.yaml:31:32-31:39", "shop/charts/db-folder/values.yaml:1:0-1:7",
			"shop/ci/small.yaml:1:2-1:9", "shop/prod.yaml:1:2-1:9",
			"shop/templates/deployment.yaml:33:25-33:32", "shop/values.yaml:30:2-30:9"}},
		{"shop/charts/db-folder/templates/statefulset.yaml", ".Values.stor", false, []string{
			"shop/charts/db-folder/templates/statefulset.yaml:31:32-31:39",
			"shop/ci/small.yaml:1:2-1:9", "shop/prod.yaml:1:2-1:9",
			"shop/templates/deployment.yaml:33:25-33:32", "shop/values.yaml:30:2-30:9"}},
		// The alias itself, named by the parent's with and Chart.yaml's
		// condition; the root's values.yaml declares it.
		{"shop/templates/deployment.yaml", "with .Values.ord", false, []string{
			"shop/Chart.yaml:10:15-10:21", "shop/ci/small.yaml:0:0-0:6", "shop/prod.yaml:0:0-0:6",
			"shop/templates/deployment.yaml:30:29-30:35"}},
		{"shop/values.yaml", "  enab", false, []string{
			"shop/Chart.yaml:10:22-10:29", "shop/prod.yaml:2:2-2:9", "shop/templates/deployment.yaml:31:20-31:27",
			"shop/values.yaml:29:2-29:9"}},
		// Globals everywhere.
		{"shop/values.yaml", "  regi", true, []string{
			"shop/charts/db-folder/templates/statefulset.yaml:5:30-5:36", "shop/templates/_helpers.tpl:8:26-8:32", "shop/values.yaml:25:2-25:8"}},
		// A list element's key.
		{"shop/values.yaml", "  - name: LOG", false, []string{
			"shop/templates/deployment.yaml:27:24-27:28", "shop/templates/files.yaml:2:36-2:40"}},
		// A define, through include and template, NOTES.txt included.
		{"shop/templates/_helpers.tpl", `define "shop.full`, true, []string{
			"shop/templates/NOTES.txt:0:20-0:35", "shop/templates/_helpers.tpl:1:11-1:26",
			"shop/templates/deployment.yaml:4:19-4:34", "shop/templates/service.yaml:3:20-3:35"}},
		{"shop/templates/service.yaml", `template "shop.full`, false, []string{
			"shop/templates/NOTES.txt:0:20-0:35", "shop/templates/deployment.yaml:4:19-4:34", "shop/templates/service.yaml:3:20-3:35"}},
		// A define in an archive: only its uses on disk.
		{"shop/templates/_helpers.tpl", `include "common.lab`, true, []string{"shop/templates/_helpers.tpl:7:11-7:26"}},
		// A variable, and another of the same name.
		{"shop/templates/files.yaml", "x: {{ $x", true, []string{
			"shop/templates/files.yaml:0:4-0:6", "shop/templates/files.yaml:1:6-1:8", "shop/templates/files.yaml:1:15-1:17"}},
		{"shop/templates/files.yaml", "x: {{ $x", false, []string{"shop/templates/files.yaml:1:6-1:8", "shop/templates/files.yaml:1:15-1:17"}},
		{"shop/templates/files.yaml", "}}{{ $x", false, []string{"shop/templates/files.yaml:2:33-2:35"}},
		{"shop/templates/deployment.yaml", "| quo", true, nil},
	}
	for _, tt := range tests {
		doc := navDoc(t, snap, folder, tt.file)
		got := describeLocations(folder, referencesAt(doc, navOffset(t, doc.File, tt.context, 0), tt.declaration))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s after %q (declaration %t)\n got: %q\nwant: %q", tt.file, tt.context, tt.declaration, got, tt.want)
		}
	}
}
