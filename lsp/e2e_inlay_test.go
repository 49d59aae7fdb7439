package lsp_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// inlayHints asks for the hints of lines [from, to) of a document, written
// as "line:char label (tooltip)".
func inlayHints(t *testing.T, c *lsptest.Client, path string, from, to int) []string {
	t.Helper()
	var res []struct {
		Position    lsptest.Position `json:"position"`
		Label       string           `json:"label"`
		Tooltip     string           `json:"tooltip"`
		PaddingLeft bool             `json:"paddingLeft"`
	}
	if err := c.Call(withTimeout(t), "textDocument/inlayHint", map[string]any{
		"textDocument": map[string]any{"uri": lsptest.URI(path)},
		"range":        lsptest.Range{Start: lsptest.Position{Line: from}, End: lsptest.Position{Line: to}},
	}, &res); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res {
		if !h.PaddingLeft {
			t.Errorf("hint %+v without padding", h)
		}
		out = append(out, fmt.Sprintf("%d:%d %s (%s)", h.Position.Line, h.Position.Character, h.Label, h.Tooltip))
	}
	return out
}

// TestInlayHintsEndToEnd shows the values shop's deployment reads, in a
// range of lines with non-ASCII text; then the aliased subchart's, with
// the parent's overrides; then the hints after an unsaved edit.
func TestInlayHintsEndToEnd(t *testing.T) {
	c, folder := session(t, nil, "shop")
	deployment := filepath.Join(folder, "shop/templates/deployment.yaml")
	want := []string{
		"22:52 = 8080 (.Values.service.port from values.yaml:15)",
		`25:40 = "Grüß Gott 👋" (.Values.greeting from values.yaml:11)`,
		"26:33 = [2 items] (.Values.env from values.yaml:18)",
	}
	if got := inlayHints(t, c, deployment, 20, 27); !slices.Equal(got, want) {
		t.Errorf("hints of lines 20 to 26\n got: %q\nwant: %q", got, want)
	}
	statefulset := filepath.Join(folder, "shop/charts/db-folder/templates/statefulset.yaml")
	want = []string{
		`5:36 = "eu-west-1" (.Values.global.region from values.yaml:26)`,
		`21:36 = "admin" (.Values.user from charts/db-folder/values.yaml:4)`,
		`31:39 = "5Gi" (.Values.storage from values.yaml:31)`,
	}
	if got := inlayHints(t, c, statefulset, 0, 40); !slices.Equal(got, want) {
		t.Errorf("hints of the subchart's statefulset\n got: %q\nwant: %q", got, want)
	}
	editUnsaved(t, c, deployment, "spec:\n", "spec:\n  # «ü»\n")
	want = []string{"9:35 = 2 (.Values.replicaCount from values.yaml:2)"}
	if got := inlayHints(t, c, deployment, 0, 10); !slices.Equal(got, want) {
		t.Errorf("hints once edited\n got: %q\nwant: %q", got, want)
	}
}
