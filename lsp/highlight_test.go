package lsp

import (
	"fmt"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
)

// TestHighlight checks the occurrences of a name in its document, and
// whether each is read or written, on a non-ASCII line and in a CRLF file.
func TestHighlight(t *testing.T) {
	_, snap, folder := navWorkspace(t, cache.Settings{}, map[string]string{
		"shop/templates/files.yaml": "{{- $x := .Values.greeting }}\r\nx: {{ $x }} {{ $x | quote }}\r\n# «Ünï» {{ .Values.greeting }} {{ include \"shop.labels\" . }}\r\n",
		"shop/ci/multi.yaml":        "orders:\n  storage: 1Ti\n---\norders:\n  storage: 2Ti\n",
	}, "shop")
	tests := []struct {
		file, context string
		want          []string
	}{
		{"shop/templates/files.yaml", "{{ $x", []string{"w0:4-0:6", "r1:6-1:8", "r1:15-1:17"}},
		{"shop/templates/files.yaml", "«Ünï» {{ .Values.gree", []string{"r0:18-0:26", "r2:19-2:27"}},
		{"shop/templates/files.yaml", `include "shop.lab`, []string{"r2:42-2:55"}},
		{"shop/templates/_helpers.tpl", `define "shop.lab`, []string{"w6:11-6:24"}},
		{"shop/templates/deployment.yaml", `include "shop.lab`, []string{"r6:16-6:29", "r15:20-15:33"}},
		{"shop/templates/deployment.yaml", `.Values.image.t`, []string{"r19:66-19:69"}},
		{"shop/ci/multi.yaml", "  stor", []string{"w1:2-1:9", "w4:2-4:9"}},
		{"shop/templates/deployment.yaml", "| quo", nil},
	}
	for _, tt := range tests {
		doc := navDoc(t, snap, folder, tt.file)
		var got []string
		for _, h := range highlightsAt(doc, navOffset(t, doc.File, tt.context, 0)) {
			r := spanRange(h.span)
			got = append(got, fmt.Sprintf("%c%d:%d-%d:%d", "rw"[h.kind], r.Start.Line, r.Start.Character, r.End.Line, r.End.Character))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s after %q\n got: %q\nwant: %q", tt.file, tt.context, got, tt.want)
		}
	}
}
