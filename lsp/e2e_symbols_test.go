package lsp_test

import (
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// documentSymbol is LSP's DocumentSymbol.
type documentSymbol struct {
	Name           string           `json:"name"`
	Detail         string           `json:"detail"`
	Kind           int              `json:"kind"`
	Range          lsptest.Range    `json:"range"`
	SelectionRange lsptest.Range    `json:"selectionRange"`
	Children       []documentSymbol `json:"children"`
}

func rangeText(r lsptest.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character)
}

// documentSymbols asks for a document's symbols, written as "name (detail)
// kind range selection", children indented.
func documentSymbols(t *testing.T, c *lsptest.Client, path string) []string {
	t.Helper()
	var res []documentSymbol
	if err := c.Call(withTimeout(t), "textDocument/documentSymbol", map[string]any{
		"textDocument": map[string]any{"uri": lsptest.URI(path)},
	}, &res); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func([]documentSymbol, string)
	walk = func(symbols []documentSymbol, indent string) {
		for _, s := range symbols {
			out = append(out, fmt.Sprintf("%s%s (%s) %d %s %s", indent, s.Name, s.Detail, s.Kind, rangeText(s.Range), rangeText(s.SelectionRange)))
			walk(s.Children, indent+"  ")
		}
	}
	walk(res, "")
	return out
}

// TestDocumentSymbolsEndToEnd outlines a template, a values file with
// non-ASCII text and Chart.yaml's aliased dependency.
func TestDocumentSymbolsEndToEnd(t *testing.T) {
	c, folder := session(t, nil, "shop")
	for rel, want := range map[string][]string{
		"shop/templates/_helpers.tpl": {
			"shop.fullname (The release-qualified name of the shop, at most 63 characte…) 12 1:0-3:11 1:11-1:26",
			"shop.labels (Labels shared by every object of the shop.) 12 6:0-9:11 6:11-6:24"},
		"shop/templates/deployment.yaml": {`Deployment {{ include "shop.fullname" . }} (apps/v1) 5 0:0-35:22 4:8-4:39`},
		"shop/values.yaml": {
			"replicaCount (2) 16 1:0-1:15 1:0-1:12",
			"image (map) 19 3:0-7:9 3:0-3:5",
			"  repository (ghcr.io/example/shop) 15 5:2-5:34 5:2-5:12",
			`  tag ("") 15 7:2-7:9 7:2-7:5`,
			`greeting ("Grüß Gott 👋") 15 10:0-10:24 10:0-10:8`,
			"service (map) 19 12:0-14:12 12:0-12:7",
			"  type (ClusterIP) 15 13:2-13:17 13:2-13:6",
			"  port (8080) 16 14:2-14:12 14:2-14:6",
			"env (list) 18 17:0-21:14 17:0-17:3",
			"  [0] (map) 19 18:2-19:15 18:2-18:3",
			"    name (LOG_LEVEL) 15 18:4-18:19 18:4-18:8",
			"    value (info) 15 19:4-19:15 19:4-19:9",
			"  [1] (map) 19 20:2-21:14 20:2-20:3",
			"    name (CURRENCY) 15 20:4-20:18 20:4-20:8",
			"    value (EUR) 15 21:4-21:14 21:4-21:9",
			"global (map) 19 23:0-25:19 23:0-23:6",
			"  region (eu-west-1) 15 25:2-25:19 25:2-25:8",
			"orders (map) 19 28:0-30:14 28:0-28:6",
			"  enabled (true) 17 29:2-29:15 29:2-29:9",
			"  storage (5Gi) 15 30:2-30:14 30:2-30:9"},
	} {
		if got := documentSymbols(t, c, filepath.Join(folder, rel)); !slices.Equal(got, want) {
			t.Errorf("symbols of %s\n got: %q\nwant: %q", rel, got, want)
		}
	}
	got := documentSymbols(t, c, filepath.Join(folder, "shop/Chart.yaml"))
	want := []string{"dependencies (list) 18 6:0-12:18 6:0-6:12", "  orders (database 1.2.0) 2 7:2-10:29 7:2-7:3", "  common (1.0.0) 2 11:2-12:18 11:2-11:3"}
	if len(got) != 9 || !slices.Equal(got[6:], want) {
		t.Errorf("symbols of Chart.yaml\n got: %q\nwant 9 ending with %q", got, want)
	}
}

// TestWorkspaceSymbolsEndToEnd searches two workspace folders.
func TestWorkspaceSymbolsEndToEnd(t *testing.T) {
	c, folder := session(t, nil, "shop", "webapp")
	for query, want := range map[string][]string{
		"FULLNAME": {
			"shop.fullname 12 shop (templates/_helpers.tpl) shop/templates/_helpers.tpl 1:11-1:26",
			"webapp.fullname 12 webapp (templates/_helpers.tpl) webapp/templates/_helpers.tpl 1:11-1:28"},
		"image.tag": {
			"image.tag 7 shop (values.yaml) shop/values.yaml 7:2-7:5",
			"image.tag 7 webapp (values.yaml) webapp/values.yaml 7:2-7:5"},
		"maxmem": {
			"maxMemory 7 cache (charts/cache/values.yaml) webapp/charts/cache/values.yaml 0:0-0:9",
			"redis.maxMemory 7 webapp (values.yaml) webapp/values.yaml 30:2-30:11"},
	} {
		var res []struct {
			Name          string `json:"name"`
			Kind          int    `json:"kind"`
			ContainerName string `json:"containerName"`
			Location      struct {
				URI   string        `json:"uri"`
				Range lsptest.Range `json:"range"`
			} `json:"location"`
		}
		if err := c.Call(withTimeout(t), "workspace/symbol", map[string]any{"query": query}, &res); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range res[:min(2, len(res))] {
			u, err := url.Parse(s.Location.URI)
			if err != nil {
				t.Fatal(err)
			}
			rel, err := filepath.Rel(folder, filepath.FromSlash(u.Path))
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%s %d %s %s %s", s.Name, s.Kind, s.ContainerName, filepath.ToSlash(rel), rangeText(s.Location.Range)))
		}
		if !slices.Equal(got, want) {
			t.Errorf("workspace symbols of %q\n got: %q\nwant: %q", query, got, want)
		}
	}
}
