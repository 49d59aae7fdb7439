package lsp

import (
	"encoding/json"
	"testing"
)

// TestDecodeSettings checks that settings decode from what clients send,
// Neovim's empty arrays for empty tables included, and that wrong types
// are errors.
func TestDecodeSettings(t *testing.T) {
	tests := []struct {
		raw     string
		helm    string
		files   int
		wantErr bool
	}{
		{raw: ``},
		{raw: `null`},
		{raw: `[]`},
		{raw: `{"rules": [], "valuesFiles": {}, "helmVersion": "3"}`, helm: "3"},
		{raw: `{"valuesFiles": {"charts/web": ["ci/prod.yaml"]}, "kubeVersion": "1.33"}`, files: 1},
		{raw: `{"helmVersion": 3}`, wantErr: true},
		{raw: `{"rules": ["x"]}`, wantErr: true},
		{raw: `"text"`, wantErr: true},
	}
	for _, tt := range tests {
		s, err := decodeSettings(json.RawMessage(tt.raw))
		if (err != nil) != tt.wantErr || err == nil && (s.HelmVersion != tt.helm || len(s.ValuesFiles) != tt.files) {
			t.Errorf("%s: %+v, %v", tt.raw, s, err)
		}
	}
}
