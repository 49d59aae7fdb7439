package lsp_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// signatureHelp is the part of a signature help answer the tests read.
type signatureHelp struct {
	Signatures []struct {
		Label         string `json:"label"`
		Documentation *struct {
			Value string `json:"value"`
		} `json:"documentation"`
		Parameters []struct {
			Label [2]int `json:"label"`
		} `json:"parameters"`
	} `json:"signatures"`
	ActiveParameter int `json:"activeParameter"`
}

// TestSignatureHelp checks the signature of the function whose arguments
// the cursor is in, the parameters located in its label by UTF-16
// offsets, and the active one; and no answer outside a call.
func TestSignatureHelp(t *testing.T) {
	c, folder := session(t, map[string]any{}, "shop")
	path := filepath.Join(folder, "shop/templates/service.yaml")
	openDocument(t, c, path)
	tests := []struct {
		text, label string
		params      []string
		active      int
	}{
		{"name: «é» {{ include \"shop.fullname\" ‸ }}", "include(name string, data any) string", []string{"name string", "data any"}, 1},
		{"{{ .Values.x | trunc ‸ }}", "trunc(length int, s string) string", []string{"length int", "s string"}, 0},
	}
	for i, tt := range tests {
		text, pos := atCursor(t, tt.text)
		if err := c.Change(path, i+2, nil, text); err != nil {
			t.Fatal(err)
		}
		var help *signatureHelp
		if err := c.Call(withTimeout(t), "textDocument/signatureHelp", map[string]any{
			"textDocument": map[string]any{"uri": lsptest.URI(path)}, "position": pos,
		}, &help); err != nil {
			t.Fatal(err)
		}
		if help == nil || len(help.Signatures) != 1 {
			t.Fatalf("%s: %+v", tt.text, help)
		}
		sig := help.Signatures[0]
		var params []string
		for _, p := range sig.Parameters {
			params = append(params, sig.Label[p.Label[0]:p.Label[1]])
		}
		if sig.Label != tt.label || !slices.Equal(params, tt.params) || help.ActiveParameter != tt.active || sig.Documentation == nil {
			t.Errorf("%s: %q %q active %d, want %q %q active %d", tt.text, sig.Label, params, help.ActiveParameter, tt.label, tt.params, tt.active)
		}
	}
	text, pos := atCursor(t, "{{ .Values.‸ }}")
	if err := c.Change(path, 9, nil, text); err != nil {
		t.Fatal(err)
	}
	var help *signatureHelp
	if err := c.Call(withTimeout(t), "textDocument/signatureHelp", map[string]any{
		"textDocument": map[string]any{"uri": lsptest.URI(path)}, "position": pos,
	}, &help); err != nil || help != nil {
		t.Errorf("outside a call: %+v, %v", help, err)
	}
}
