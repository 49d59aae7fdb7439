package lsp_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// TestHighlightE2E asks for the occurrences of names in their document
// over the server's pipes: a variable declared and used on lines with
// non-ASCII text, an include name, a values key.
func TestHighlightE2E(t *testing.T) {
	c, folder := session(t, nil, "shop")
	ctx := withTimeout(t)
	tpl := filepath.Join(folder, "shop/templates/vars.yaml")
	tplText := "{{- $région := .Values.greeting }}\nа: «{{ $région }}» {{ $région | quote }} {{ include \"shop.labels\" . }}\n"
	if err := c.Open(tpl, "helm", tplText); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file, text, context string
		want                []string
	}{
		{"shop/templates/vars.yaml", tplText, "«{{ $rég", []string{"write 0:4-0:11", "read 1:7-1:14", "read 1:22-1:29"}},
		{"shop/templates/vars.yaml", tplText, `include "shop.la`, []string{"read 1:52-1:65"}},
		{"shop/templates/deployment.yaml", "", `include "shop.la`, []string{"read 6:16-6:29", "read 15:20-15:33"}},
		{"shop/values.yaml", "", "  po", []string{"write 14:2-14:6"}},
	}
	for _, tt := range tests {
		path := filepath.Join(folder, tt.file)
		text := tt.text
		if text == "" {
			text = read(t, path)
		}
		var got []struct {
			Range lsptest.Range `json:"range"`
			Kind  int           `json:"kind"`
		}
		if err := c.Call(ctx, "textDocument/documentHighlight", navParams(path, navPosition(t, text, tt.context)), &got); err != nil {
			t.Fatal(err)
		}
		var d []string
		for _, h := range got {
			d = append(d, fmt.Sprintf("%s %s", map[int]string{1: "text", 2: "read", 3: "write"}[h.Kind], describeRange(h.Range)))
		}
		if !slices.Equal(d, tt.want) {
			t.Errorf("%s after %q\n got: %q\nwant: %q", tt.file, tt.context, d, tt.want)
		}
	}
}
