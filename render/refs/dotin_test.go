package refs

import "testing"

// TestDotIn reads . from the blocks of a text no index knows.
func TestDotIn(t *testing.T) {
	c := atChart()
	tests := []struct{ text, want string }{
		{"{{ with .Values.w }}{{ .x", "[app:w]"},
		{"{{ range .Values.list }}{{ with .a }}{{ .b", "[app:list.[].a]"},
		{"{{ with .Values.w }}{{ end }}{{ .x", "[app:top]"},
		{"{{ define \"d\" }}{{ .x", "[]"},
	}
	for _, tt := range tests {
		data := []byte(tt.text)
		if got := describeDots(DotIn(c, data, CursorAt(data, len(data)).Blocks)); got != tt.want {
			t.Errorf("DotIn(%q) = %s, want %s", tt.text, got, tt.want)
		}
	}
}
