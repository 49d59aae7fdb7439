package lsp

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
)

// renameFiles are files added to the testdata charts for the rename
// tests: an extra values file, a ci file, a quoted key read with index, a
// key read in tpl text, a CRLF template with non-ASCII text.
var renameFiles = map[string]string{
	"shop/prod.yaml":             "orders:\n  storage: 20Gi\n",
	"shop/ci/small.yaml":         "orders:\n  'storage': 1Ti\n\"quoted-key\": 2\n",
	"shop/templates/quoted.yaml": "q: {{ index .Values \"quoted-key\" }}\n",
	"shop/templates/tpl.yaml":    "t: {{ tpl \"{{ .Values.tplOnly }}\" . }}\n",
	"shop/templates/crlf.yaml":   "# «Ünï»\r\n{{- $x := .Values.greeting }}\r\nx: «{{ $x }}» {{ $x | quote }}\r\n",
	"shop/values-quoted.yaml":    "\"quoted-key\": 1\ntplOnly: 1\n",
}

// describeEdits renders edits as "path:line:char-line:char=text".
func describeEdits(folder string, edits []fileEdit) []string {
	var out []string
	for _, e := range edits {
		rel, _ := filepath.Rel(folder, e.path)
		r := spanRange(e.span)
		out = append(out, fmt.Sprintf("%s:%d:%d-%d:%d=%s", filepath.ToSlash(rel), r.Start.Line, r.Start.Character, r.End.Line, r.End.Character, e.text))
	}
	return out
}

// TestPrepareRename checks what can be renamed, the range the editor
// offers for it, and why the rest cannot.
func TestPrepareRename(t *testing.T) {
	_, snap, folder := navWorkspace(t, cache.Settings{ValuesFiles: map[string][]string{"shop": {"prod.yaml"}}}, renameFiles, "shop", "webapp")
	tests := []struct {
		file, context string
		want          string // the range, or the error
	}{
		{"shop/templates/deployment.yaml", "{{ .stor", "33:25-33:32"},
		{"shop/templates/deployment.yaml", `include "shop.full`, "4:20-4:33"},
		{"shop/templates/quoted.yaml", `"quoted-k`, "0:21-0:31"},
		{"shop/ci/small.yaml", "'stor", "1:3-1:10"},
		{"shop/templates/crlf.yaml", "«{{ $x", "2:7-2:9"},
		{"shop/templates/deployment.yaml", ".Chart.Na", "error: .Chart.Name is a field of Helm's built-in objects: it cannot be renamed"},
		{"shop/templates/deployment.yaml", "| quo", "error: quote is a template function: it cannot be renamed"},
		{"shop/templates/deployment.yaml", "{{ .nam", "27:24-27:28"},
		{"shop/values.yaml", "  - na", "18:4-18:8"},
		{"shop/values.yaml", "  -", "error: a list element or a ranged value has no name to rename"},
		{"shop/values.yaml", "\norde", "error: orders holds the values of the subchart database: rename its alias in Chart.yaml instead"},
		{"shop/values.yaml", "\nglob", "error: global is where Helm shares values with every chart: it cannot be renamed"},
		{"shop/templates/_helpers.tpl", `include "common.lab`, "error: common.labels is also written in charts/common-1.0.0.tgz/templates/_labels.tpl, inside an archive that cannot be edited"},
		{"shop/templates/tpl.yaml", `"{{ .Values.tplO`, "error: nothing here can be renamed: rename works on values keys, template names and variables"},
		{"shop/values-quoted.yaml", "tplOn", "error: templates/tpl.yaml:1:7 reads .Values.tplOnly in tpl text, which rename does not rewrite"},
		{"webapp/templates/deployment.yaml", "(print $", "error: $ is the template's top-level object: it cannot be renamed"},
		{"shop/Chart.yaml", "appVers", "error: nothing here can be renamed: rename works on values keys, template names and variables"},
	}
	for _, tt := range tests {
		doc := navDoc(t, snap, folder, tt.file)
		got := ""
		sp, err := prepareRenameAt(doc, navOffset(t, doc.File, tt.context, 0))
		if err != nil {
			got = "error: " + err.Error()
		} else {
			r := spanRange(sp)
			got = fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character)
		}
		if got != tt.want {
			t.Errorf("%s after %q\n got: %s\nwant: %s", tt.file, tt.context, got, tt.want)
		}
	}
}

// TestRename checks the edits of renames of values keys, template names
// and variables, and the new names refused.
func TestRename(t *testing.T) {
	_, snap, folder := navWorkspace(t, cache.Settings{ValuesFiles: map[string][]string{"shop": {"prod.yaml"}}}, renameFiles, "shop", "webapp")
	tests := []struct {
		file, context, newName string
		want                   []string
		warning                string
	}{
		// A subchart's key: its default, the parent's override, the extra
		// and ci files (quoted as there), the parent's and its own
		// templates.
		{"shop/charts/db-folder/values.yaml", "stor", "size", []string{
			"shop/charts/db-folder/templates/statefulset.yaml:31:32-31:39=size",
			"shop/charts/db-folder/values.yaml:1:0-1:7=size",
			"shop/ci/small.yaml:1:2-1:11='size'",
			"shop/prod.yaml:1:2-1:9=size",
			"shop/templates/deployment.yaml:33:25-33:32=size",
			"shop/values.yaml:30:2-30:9=size"}, ""},
		// A key of a subchart enabled by a condition of Chart.yaml.
		{"shop/values.yaml", "  enab", "on", []string{
			"shop/Chart.yaml:10:22-10:29=on", "shop/templates/deployment.yaml:31:20-31:27=on", "shop/values.yaml:29:2-29:9=\"on\""}, ""},
		// A quoted key, read with index.
		{"shop/templates/quoted.yaml", `"quoted-k`, "other-key", []string{
			"shop/ci/small.yaml:2:0-2:12=\"other-key\"", "shop/templates/quoted.yaml:0:20-0:32=\"other-key\"",
			"shop/values-quoted.yaml:0:0-0:12=\"other-key\""}, ""},
		// Globals, in every chart.
		{"shop/templates/_helpers.tpl", ".Values.global.reg", "zone", []string{
			"shop/charts/db-folder/templates/statefulset.yaml:5:30-5:36=zone", "shop/templates/_helpers.tpl:8:26-8:32=zone",
			"shop/values.yaml:25:2-25:8=zone"}, ""},
		// A key of a list's items, in every item.
		{"shop/values.yaml", "  - name: CURR", "key", []string{
			"shop/templates/deployment.yaml:27:24-27:28=key", "shop/values.yaml:18:4-18:8=key", "shop/values.yaml:20:4-20:8=key"}, ""},
		// A define and its include and template calls, NOTES.txt's too.
		{"shop/templates/service.yaml", `template "shop.full`, "shop.name", []string{
			"shop/templates/NOTES.txt:0:20-0:35=\"shop.name\"", "shop/templates/_helpers.tpl:1:11-1:26=\"shop.name\"",
			"shop/templates/deployment.yaml:4:19-4:34=\"shop.name\"", "shop/templates/service.yaml:3:20-3:35=\"shop.name\""}, ""},
		{"webapp/templates/_helpers.tpl", `define "webapp.lab`, "webapp.tags", []string{
			"webapp/templates/_helpers.tpl:6:11-6:26=\"webapp.tags\"", "webapp/templates/deployment.yaml:5:16-5:31=\"webapp.tags\"",
			"webapp/templates/deployment.yaml:14:20-14:35=\"webapp.tags\"", "webapp/templates/service.yaml:5:16-5:31=\"webapp.tags\""},
			`1 include or template calls compute the name they call: rename could not check whether they call "webapp.labels"`},
		// A variable on a CRLF line with non-ASCII text, "$" added.
		{"shop/templates/crlf.yaml", "«{{ $x", "greet", []string{
			"shop/templates/crlf.yaml:1:4-1:6=$greet", "shop/templates/crlf.yaml:2:7-2:9=$greet", "shop/templates/crlf.yaml:2:17-2:19=$greet"}, ""},
		// New names that cannot be written there.
		{"shop/templates/deployment.yaml", ".Values.image.ta", "my-tag", []string{
			`error: "my-tag" is not a field name, and templates/deployment.yaml:20:67 reads it as a field: write index .Values "my-tag" there first`}, ""},
		{"shop/templates/deployment.yaml", ".Values.image.ta", "repository", []string{"error: values.yaml has image.repository already"}, ""},
		{"shop/templates/deployment.yaml", `include "shop.full`, "shop.labels", []string{`error: a template named "shop.labels" exists already`}, ""},
		{"shop/values.yaml", "  enab", "a.b", []string{`error: "a.b" cannot be written in the condition at Chart.yaml:11:23`}, ""},
		{"shop/templates/crlf.yaml", "«{{ $x", "1x", []string{`error: "$1x" is not a variable's name`}, ""},
		{"shop/templates/tpl.yaml", `t: {{ tp`, "x", []string{"error: tpl is a template function: it cannot be renamed"}, ""},
	}
	for _, tt := range tests {
		doc := navDoc(t, snap, folder, tt.file)
		edits, warning, err := renameAt(doc, navOffset(t, doc.File, tt.context, 0), tt.newName)
		got := describeEdits(folder, edits)
		if err != nil {
			got = []string{"error: " + err.Error()}
		}
		if !slices.Equal(got, tt.want) || warning != tt.warning {
			t.Errorf("%s after %q to %q\n got: %q %q\nwant: %q %q", tt.file, tt.context, tt.newName, got, warning, tt.want, tt.warning)
		}
	}
}
