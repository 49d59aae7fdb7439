package lsp_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// foldingRanges asks for a document's folding ranges, written as
// "start-end kind".
func foldingRanges(t *testing.T, c *lsptest.Client, path string) []string {
	t.Helper()
	var res []struct {
		StartLine int    `json:"startLine"`
		EndLine   int    `json:"endLine"`
		Kind      string `json:"kind"`
	}
	if err := c.Call(withTimeout(t), "textDocument/foldingRange", map[string]any{
		"textDocument": map[string]any{"uri": lsptest.URI(path)},
	}, &res); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range res {
		out = append(out, strings.TrimSpace(fmt.Sprintf("%d-%d %s", r.StartLine, r.EndLine, r.Kind)))
	}
	return out
}

// TestFoldingRangesEndToEnd folds shop's deployment (template blocks
// inside the YAML) and its values file, then the values file written with
// CRLF line ends and not saved.
func TestFoldingRangesEndToEnd(t *testing.T) {
	c, folder := session(t, nil, "shop")
	deployment := filepath.Join(folder, "shop/templates/deployment.yaml")
	want := []string{"2-6", "5-6", "7-35", "9-11", "10-11", "12-35", "13-15", "14-15", "16-35", "17-35", "18-35", "20-22",
		"21-22", "23-35", "24-25", "26-28 region", "27-28", "30-34 region", "31-33 region", "32-33"}
	if got := foldingRanges(t, c, deployment); !slices.Equal(got, want) {
		t.Errorf("folds of deployment.yaml\n got: %q\nwant: %q", got, want)
	}
	values := filepath.Join(folder, "shop/values.yaml")
	want = []string{"3-7", "12-14", "17-21", "18-19", "20-21", "23-25", "28-30"}
	if got := foldingRanges(t, c, values); !slices.Equal(got, want) {
		t.Errorf("folds of values.yaml\n got: %q\nwant: %q", got, want)
	}
	if err := c.Open(values, "yaml", strings.ReplaceAll(read(t, values), "\n", "\r\n")); err != nil {
		t.Fatal(err)
	}
	if got := foldingRanges(t, c, values); !slices.Equal(got, want) {
		t.Errorf("folds of values.yaml with CRLF\n got: %q\nwant: %q", got, want)
	}
}
