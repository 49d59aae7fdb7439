package lsp_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// TestPositionsCountWhatTheEditorSent checks that positions count every
// character of the text the editor sent, the same way after didOpen and
// after didChange: a byte order mark it kept is a character of the first
// line (Helm leaves it out of the chart), and a lone carriage return
// ends a line, as LSP says.
func TestPositionsCountWhatTheEditorSent(t *testing.T) {
	c, folder := session(t, nil, "webapp")
	ctx := withTimeout(t)
	type hover struct {
		Range lsptest.Range `json:"range"`
	}
	hoverRange := func(path string, line, char int) string {
		t.Helper()
		var got *hover
		if err := c.Call(ctx, "textDocument/hover", navParams(path, lsptest.Position{Line: line, Character: char}), &got); err != nil {
			t.Fatal(err)
		}
		if got == nil {
			return "none"
		}
		return describeRange(got.Range)
	}

	template := filepath.Join(folder, "webapp/templates/marks.yaml")
	text := "\ufeffa: {{ .Values.replicaCount }}\rb: {{ .Values.replicaCount }}\n"
	if err := c.Open(template, "helm", text); err != nil {
		t.Fatal(err)
	}
	for version, change := range []string{"", text} {
		if change != "" {
			if err := c.Change(template, version+1, nil, change); err != nil {
				t.Fatal(err)
			}
		}
		if got := hoverRange(template, 0, 20); got != "0:15-0:27" {
			t.Errorf("after change %d: hover on the first line %s, want 0:15-0:27 (the mark is a character)", version, got)
		}
		if got := hoverRange(template, 1, 20); got != "1:14-1:26" {
			t.Errorf("after change %d: hover after the lone \\r %s, want 1:14-1:26", version, got)
		}
	}

	// A file on disk is shown by editors without its mark.
	onDisk := filepath.Join(folder, "webapp/charts/cache/values.yaml")
	if err := os.WriteFile(onDisk, []byte("\ufeff"+read(t, onDisk)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.Notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": lsptest.URI(onDisk), "type": 2}}}); err != nil {
		t.Fatal(err)
	}
	statefulset := filepath.Join(folder, "webapp/charts/cache/templates/statefulset.yaml")
	var locations []navLocation
	if err := c.Call(ctx, "textDocument/definition", navParams(statefulset, navPosition(t, read(t, statefulset), ".Values.maxMem")), &locations); err != nil {
		t.Fatal(err)
	}
	if d := describeNavLocations(t, folder, locations); !slices.Contains(d, "webapp/charts/cache/values.yaml:0:0-0:9") {
		t.Errorf("definition of maxMem: %q, want webapp/charts/cache/values.yaml:0:0-0:9 (the mark on disk not counted)", d)
	}

	values := filepath.Join(folder, "webapp/values.yaml")
	valuesText := "\ufeff" + strings.TrimPrefix(read(t, values), "# Number of web pods.\n")
	if err := c.Open(values, "yaml", valuesText); err != nil {
		t.Fatal(err)
	}
	var rng *lsptest.Range
	if err := c.Call(ctx, "textDocument/prepareRename", navParams(values, lsptest.Position{Line: 0, Character: 3}), &rng); err != nil {
		t.Fatal(err)
	}
	if rng == nil || describeRange(*rng) != "0:1-0:13" {
		t.Errorf("prepareRename of replicaCount: %+v, want 0:1-0:13", rng)
	}
	params := navParams(values, lsptest.Position{Line: 0, Character: 3})
	params["newName"] = "replicas"
	var edit struct {
		Changes map[string][]textEdit `json:"changes"`
	}
	if err := c.Call(ctx, "textDocument/rename", params, &edit); err != nil {
		t.Fatal(err)
	}
	if got := applyTextEdits(valuesText, edit.Changes[lsptest.URI(values)]); !strings.HasPrefix(got, "\ufeffreplicas: 2\n") {
		t.Errorf("renamed values.yaml starts %q", got[:min(len(got), 30)])
	}
}
