package lsp_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// semanticLegend starts a server to read the legend its initialize result
// declares.
func semanticLegend(t *testing.T) (types, modifiers []string) {
	t.Helper()
	c, err := lsptest.Start(binary, "lsp")
	if err != nil {
		t.Fatal(err)
	}
	ctx := withTimeout(t)
	raw, err := c.Initialize(ctx, nil, t.TempDir())
	if err != nil {
		c.Kill()
		t.Fatal(err)
	}
	defer func() {
		if err := c.Shutdown(ctx); err != nil {
			t.Error(err)
		}
	}()
	var result struct {
		Capabilities struct {
			SemanticTokensProvider struct {
				Legend struct {
					TokenTypes     []string `json:"tokenTypes"`
					TokenModifiers []string `json:"tokenModifiers"`
				} `json:"legend"`
				Full, Range bool
			} `json:"semanticTokensProvider"`
		} `json:"capabilities"`
	}
	if err := json.Unmarshal(raw, &result); err != nil {
		t.Fatal(err)
	}
	p := result.Capabilities.SemanticTokensProvider
	if !p.Full || !p.Range || len(p.Legend.TokenTypes) == 0 {
		t.Fatalf("semantic tokens capability %+v", p)
	}
	return p.Legend.TokenTypes, p.Legend.TokenModifiers
}

// semanticLines asks for a document's semantic tokens (in a range when r
// is not nil) and decodes those of the given lines as "line:char length
// type modifiers".
func semanticLines(t *testing.T, c *lsptest.Client, path string, r *lsptest.Range, types, mods []string, lines ...int) []string {
	t.Helper()
	method, params := "textDocument/semanticTokens/full", map[string]any{"textDocument": map[string]any{"uri": lsptest.URI(path)}}
	if r != nil {
		method, params["range"] = "textDocument/semanticTokens/range", r
	}
	var res struct {
		Data []int `json:"data"`
	}
	if err := c.Call(withTimeout(t), method, params, &res); err != nil {
		t.Fatal(err)
	}
	var out []string
	line, char := 0, 0
	for i := 0; i+4 < len(res.Data); i += 5 {
		if res.Data[i] > 0 {
			char = 0
		}
		line, char = line+res.Data[i], char+res.Data[i+1]
		s := fmt.Sprintf("%d:%d %d %s", line, char, res.Data[i+2], types[res.Data[i+3]])
		for bit, m := range mods {
			if res.Data[i+4]&(1<<bit) != 0 {
				s += " " + m
			}
		}
		if slices.Contains(lines, line) {
			out = append(out, s)
		}
	}
	return out
}

// TestSemanticTokensEndToEnd colors a template of shop whose line 4
// follows non-ASCII text, in full and in a range, then after an unsaved
// edit.
func TestSemanticTokensEndToEnd(t *testing.T) {
	types, mods := semanticLegend(t)
	c, folder := session(t, nil, "shop")
	path := filepath.Join(folder, "shop/templates/deployment.yaml")
	line4 := []string{"4:8 2 macro", "4:11 7 function", "4:19 15 string", "4:35 1 variable", "4:37 2 macro"}
	line8 := []string{"8:12 2 macro", "8:15 7 namespace defaultLibrary", "8:22 13 property", "8:36 2 macro"}
	if got := semanticLines(t, c, path, nil, types, mods, 4, 8); !slices.Equal(got, append(line4, line8...)) {
		t.Errorf("full tokens of lines 4 and 8\n got: %q\nwant: %q %q", got, line4, line8)
	}
	r := &lsptest.Range{Start: lsptest.Position{Line: 8}, End: lsptest.Position{Line: 9}}
	if got := semanticLines(t, c, path, r, types, mods, 4, 8); !slices.Equal(got, line8) {
		t.Errorf("tokens in lines 8 to 9\n got: %q\nwant: %q", got, line8)
	}
	editUnsaved(t, c, path, "{{ .Values.replicaCount }}", "{{ $n := 2 }}")
	want := []string{"8:12 2 macro", "8:15 2 variable declaration", "8:18 2 operator", "8:21 1 number", "8:23 2 macro"}
	if got := semanticLines(t, c, path, nil, types, mods, 8); !slices.Equal(got, want) {
		t.Errorf("tokens of line 8 once edited\n got: %q\nwant: %q", got, want)
	}
}

// editUnsaved opens a template and replaces the first old in its text with
// new, without saving.
func editUnsaved(t *testing.T, c *lsptest.Client, path, old, new string) {
	t.Helper()
	text := read(t, path)
	if err := c.Open(path, "helm", text); err != nil {
		t.Fatal(err)
	}
	if err := c.Change(path, 2, nil, strings.Replace(text, old, new, 1)); err != nil {
		t.Fatal(err)
	}
}
