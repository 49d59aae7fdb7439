package completion

import (
	"context"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
)

func TestSignatureAt(t *testing.T) {
	f := newFixture(t, "shop")
	tests := []struct {
		text, label string
		params      []string
		active      int
	}{
		{`{{ include "x" ‸`, "include(name string, data any) string", []string{"name string", "data any"}, 1},
		{`{{ include ‸"x" . }}`, "include(name string, data any) string", []string{"name string", "data any"}, 0},
		{`{{ .Values.a | indent ‸ }}`, "indent(spaces int, s string) string", []string{"spaces int", "s string"}, 0},
		{`{{ printf "%s" .a .b ‸`, "printf(format string, args ...any) string", []string{"format string", "args ...any"}, 1},
		{`{{ default "x" (quote ‸) }}`, "quote(str ...any) string", []string{"str ...any"}, 0},
		{`{{ default "x" (quote .a) ‸ }}`, "default(defaultValue any, value ...any) any", []string{"defaultValue any", "value ...any"}, 1},
		{`{{ substr 0 5 ‸`, "substr(start int, end int, s string) string", []string{"start int", "end int", "s string"}, 2},
		{`{{ now ‸`, "now() time.Time", nil, 0},
	}
	for _, tt := range tests {
		snap, doc, offset := f.edit(shopTemplate, tt.text)
		sig, ok := SignatureAt(context.Background(), snap, doc, offset)
		if !ok {
			t.Errorf("%s: no signature", tt.text)
			continue
		}
		var params []string
		for _, p := range sig.Params {
			params = append(params, sig.Label[p.Start:p.End])
		}
		if sig.Label != tt.label || sig.Active != tt.active || !slices.Equal(params, tt.params) || sig.Doc == "" {
			t.Errorf("%s: %q %q active %d; want %q %q active %d", tt.text, sig.Label, params, sig.Active, tt.label, tt.params, tt.active)
		}
	}
}

func TestSignatureNot(t *testing.T) {
	f := newFixture(t, "shop")
	for _, text := range []string{`{{ .Values.‸ }}`, `name: ‸`, `{{/* include "x" ‸ */}}`, `{{ nope 1 ‸`} {
		snap, doc, offset := f.edit(shopTemplate, text)
		if sig, ok := SignatureAt(context.Background(), snap, doc, offset); ok {
			t.Errorf("%s: %+v", text, sig)
		}
	}
	f.ws.SetSettings(cache.Settings{HelmVersion: "3"})
	snap, doc, offset := f.edit(shopTemplate, `{{ mustToYaml ‸`)
	if sig, ok := SignatureAt(context.Background(), snap, doc, offset); ok {
		t.Errorf("Helm 3 knows mustToYaml: %+v", sig)
	}
}
