package refs

import "testing"

// TestDocComment checks which comment documents an action.
func TestDocComment(t *testing.T) {
	tests := []struct {
		text, at, want string
	}{
		{"{{/* The name. */}}\n{{- define \"a\" -}}", `define`, "The name."},
		{"{{- /*\n  Two\n  lines.\n*/ -}}\r\n\n{{ define \"a\" }}", `"a"`, "Two\nlines."},
		{"{{/* Not this one. */}}\nx: 1\n{{ define \"a\" }}", `define`, ""},
		{"{{ .Values.x }}\n{{ define \"a\" }}", `define`, ""},
		{"{{ define \"a\" }}", `{{`, ""},
		{"x /* not an action */}}\n{{ define \"a\" }}", `define`, ""},
		{"{{/* «Ünïcödé» doc */}}{{ template \"b\" }}", `"b"`, "«Ünïcödé» doc"},
	}
	for _, tt := range tests {
		data := []byte(tt.text)
		offset := -1
		for i := range len(data) - len(tt.at) + 1 {
			if string(data[i:i+len(tt.at)]) == tt.at && i > offset {
				offset = i
			}
		}
		if got := DocComment(data, offset); got != tt.want {
			t.Errorf("%q at %q: %q, want %q", tt.text, tt.at, got, tt.want)
		}
	}
}
