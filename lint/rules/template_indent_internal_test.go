package rules

import (
	"bufio"
	"strings"
	"testing"
)

// TestTopIndent checks Helm's check of the first non-blank line: an
// indent is reported with the line, and a line of 64 KiB or more before or
// at the first non-blank one (its "\r" counted) stops Helm's line scanner.
func TestTopIndent(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name, content string
		line          int
		err           string
	}{
		{"plain", "a: b\n", 0, ""},
		{"indented", "\n  a: b\n", 1, `document starts with an illegal indent: "  a: b", which may cause parsing problems`},
		{"longest line", long(65535) + "\n", 0, ""},
		{"too long", long(65536) + "\n", 0, bufio.ErrTooLong.Error()},
		{"too long at the end", long(65536), 0, bufio.ErrTooLong.Error()},
		{"too long with its CR", long(65535) + "\r\n", 0, bufio.ErrTooLong.Error()},
		{"a long blank line", "\n" + strings.Repeat(" ", 70000) + "\na: b\n", 1, bufio.ErrTooLong.Error()},
		{"long after the first line", "a: b\n" + long(70000) + "\n", 0, ""},
	}
	for _, tt := range tests {
		line, err := topIndent(tt.content)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err || line != tt.line {
			t.Errorf("%s: line %d, error %q; want %d, %q", tt.name, line, got, tt.line, tt.err)
		}
	}
}
