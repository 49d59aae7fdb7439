package cache

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/chartwright/chartwright/chart/source"
)

// referenceOffset is the byte offset of an LSP position in text, computed
// apart from source.File: lines end at "\n" (a "\r" before it is not part
// of the line); the character counts UTF-16 units, an invalid byte as one;
// a position inside a character, or past the end of its line, is the end
// of that character or of the line; a line past the last is the end of the
// text, a negative one its start.
func referenceOffset(text string, p source.UTF16Position) int {
	if p.Line < 0 {
		return 0
	}
	lines := strings.SplitAfter(text, "\n")
	if p.Line >= len(lines) {
		return len(text)
	}
	start := 0
	for _, l := range lines[:p.Line] {
		start += len(l)
	}
	line := lines[p.Line]
	if content, ok := strings.CutSuffix(line, "\n"); ok {
		line = strings.TrimSuffix(content, "\r")
	}
	units := 0
	for i, r := range line { // an invalid byte is one rune, U+FFFD
		if units >= p.Character {
			return start + i
		}
		units += len(utf16.Encode([]rune{r}))
	}
	return start + len(line)
}

// referenceApply is TextChange.apply computed from referenceOffset.
func referenceApply(text string, c TextChange) string {
	if c.Range == nil {
		return c.Text
	}
	start, end := referenceOffset(text, c.Range.Start), referenceOffset(text, c.Range.End)
	if end < start {
		start, end = end, start
	}
	return text[:start] + c.Text + text[end:]
}

// TestTextChangeApply applies edits as editors send them, on text with
// multi-byte characters, characters outside the BMP and CRLF line ends.
func TestTextChangeApply(t *testing.T) {
	text := "a: é\r\nb: 😀x\r\nc"
	pos := func(line, char int) source.UTF16Position { return source.UTF16Position{Line: line, Character: char} }
	tests := []struct {
		name       string
		start, end source.UTF16Position
		insert     string
		want       string
	}{
		{"insert after é", pos(0, 4), pos(0, 4), "!", "a: é!\r\nb: 😀x\r\nc"},
		{"replace the emoji", pos(1, 3), pos(1, 5), "ok", "a: é\r\nb: okx\r\nc"},
		{"inside the surrogate pair", pos(1, 4), pos(1, 4), "|", "a: é\r\nb: 😀|x\r\nc"},
		{"past the line end stops before CR", pos(0, 99), pos(0, 99), "?", "a: é?\r\nb: 😀x\r\nc"},
		{"join lines", pos(0, 4), pos(1, 0), " ", "a: é b: 😀x\r\nc"},
		{"past the last line", pos(9, 0), pos(9, 5), "\n", "a: é\r\nb: 😀x\r\nc\n"},
		{"end before start", pos(1, 0), pos(0, 0), "", "b: 😀x\r\nc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := TextChange{Range: &source.UTF16Range{Start: tt.start, End: tt.end}, Text: tt.insert}
			if got := string(c.apply([]byte(text))); got != tt.want {
				t.Errorf("apply: %q, want %q", got, tt.want)
			}
			if got := referenceApply(text, c); got != tt.want {
				t.Errorf("the reference: %q, want %q", got, tt.want)
			}
		})
	}
	if got := string(TextChange{Text: "all"}.apply([]byte(text))); got != "all" {
		t.Errorf("a change without range: %q", got)
	}
}

// FuzzTextChange applies random ranges to random text (the seeds hold
// non-ASCII, CRLF and invalid UTF-8): apply never panics and gives what
// the reference does.
func FuzzTextChange(f *testing.F) {
	f.Add("a: é\r\nb: 😀x\r\nc", 1, 4, 0, 2, "zz")
	f.Add("\r\n\r\n\n", 2, 0, 0, 1, "\r")
	f.Add("x\xff\xfey\n日本", 0, 2, 1, 1, "")
	f.Add("", 0, 0, 5, 5, "new")
	f.Fuzz(func(t *testing.T, text string, l1, c1, l2, c2 int, insert string) {
		c := TextChange{Range: &source.UTF16Range{
			Start: source.UTF16Position{Line: l1, Character: c1},
			End:   source.UTF16Position{Line: l2, Character: c2},
		}, Text: insert}
		got := string(c.apply([]byte(text)))
		if want := referenceApply(text, c); got != want {
			t.Errorf("apply(%q, %d:%d-%d:%d, %q) = %q, want %q", text, l1, c1, l2, c2, insert, got, want)
		}
	})
}
