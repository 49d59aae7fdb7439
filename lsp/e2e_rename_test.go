package lsp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// TestRenameE2E renames over the server's pipes: prepareRename's range and
// its refusal of a built-in field; a subchart's value renamed in every
// values file and template, applied to the files; a define with a warning
// about include calls of computed names.
func TestRenameE2E(t *testing.T) {
	c, folder := session(t, nil, "shop", "webapp")
	ctx := withTimeout(t)
	deployment := filepath.Join(folder, "shop/templates/deployment.yaml")
	text := read(t, deployment)

	var rng *lsptest.Range
	if err := c.Call(ctx, "textDocument/prepareRename", navParams(deployment, navPosition(t, text, `include "shop.full`)), &rng); err != nil {
		t.Fatal(err)
	}
	if rng == nil || describeRange(*rng) != "4:20-4:33" {
		t.Errorf("prepareRename range %+v, want 4:20-4:33, the name without its quotes", rng)
	}
	err := c.Call(ctx, "textDocument/prepareRename", navParams(deployment, navPosition(t, text, ".Chart.Na")), &rng)
	if e, ok := err.(*lsptest.Error); !ok || e.Code != -32803 || e.Message != ".Chart.Name is a field of Helm's built-in objects: it cannot be renamed" {
		t.Errorf("prepareRename on .Chart.Name: %v, want RequestFailed (-32803) with the reason", err)
	}

	params := navParams(deployment, navPosition(t, text, "{{ .stor"))
	params["newName"] = "size"
	var edit struct {
		Changes map[string][]textEdit `json:"changes"`
	}
	if err := c.Call(ctx, "textDocument/rename", params, &edit); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"shop/templates/deployment.yaml":                   "value: {{ .size | quote }}",
		"shop/charts/db-folder/templates/statefulset.yaml": "storage: {{ .Values.size }}",
		"shop/charts/db-folder/values.yaml":                "size: 1Gi",
		"shop/values.yaml":                                 "  size: 5Gi",
	}
	var files []string
	for uri, edits := range edit.Changes {
		rel, _ := filepath.Rel(lsptest.URI(folder), uri)
		files = append(files, rel)
		path := filepath.Join(folder, rel)
		got := applyTextEdits(read(t, path), edits)
		if len(edits) != 1 || !strings.Contains(got, want[rel]) || strings.Contains(got, "storage: 5Gi") {
			t.Errorf("%s: %d edits, giving\n%s\nwant one edit giving %q", rel, len(edits), got, want[rel])
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(files)
	if len(files) != len(want) {
		t.Errorf("edited %q, want the 4 files of %v", files, want)
	}

	helpers := filepath.Join(folder, "webapp/templates/_helpers.tpl")
	params = navParams(helpers, navPosition(t, read(t, helpers), `define "webapp.lab`))
	params["newName"] = "webapp.tags"
	var defineEdit struct {
		Changes map[string][]textEdit `json:"changes"`
	}
	if err := c.Call(ctx, "textDocument/rename", params, &defineEdit); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, edits := range defineEdit.Changes {
		n += len(edits)
	}
	if n != 4 {
		t.Errorf("%d edits renaming webapp.labels, want the define and 3 includes: %+v", n, defineEdit.Changes)
	}
	m, err := c.WaitNotification(ctx, "window/showMessage", func(m lsptest.Message) bool {
		var p struct{ Message string }
		return json.Unmarshal(m.Params, &p) == nil && strings.Contains(p.Message, "compute the name they call")
	})
	if err != nil {
		t.Errorf("no warning about include calls of computed names: %v", err)
	} else if !strings.Contains(string(m.Params), `\"webapp.labels\"`) {
		t.Errorf("warning %s", m.Params)
	}
}
