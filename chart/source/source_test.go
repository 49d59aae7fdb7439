package source

import (
	"sort"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// text mixes ASCII, 2-, 3- and 4-byte UTF-8 (the last two UTF-16 units),
// LF and CRLF line ends, an empty line and no final newline.
const text = "ab\r\nçé€\n\n😀x\r\nlast"

func TestPositions(t *testing.T) {
	f := NewFile("t.yaml", []byte(text))
	tests := []struct {
		offset int
		pos    Position
		utf16  UTF16Position
	}{
		{0, Position{1, 1}, UTF16Position{0, 0}},
		{2, Position{1, 3}, UTF16Position{0, 2}},  // the \r
		{4, Position{2, 1}, UTF16Position{1, 0}},  // after \r\n
		{6, Position{2, 3}, UTF16Position{1, 1}},  // after ç (2 bytes)
		{8, Position{2, 5}, UTF16Position{1, 2}},  // after é
		{11, Position{2, 8}, UTF16Position{1, 3}}, // after € (3 bytes, 1 unit)
		{12, Position{3, 1}, UTF16Position{2, 0}}, // the empty line
		{13, Position{4, 1}, UTF16Position{3, 0}},
		{17, Position{4, 5}, UTF16Position{3, 2}}, // after 😀 (4 bytes, 2 units)
		{20, Position{5, 1}, UTF16Position{4, 0}},
		{24, Position{5, 5}, UTF16Position{4, 4}}, // end of file
	}
	for _, tt := range tests {
		if got := f.Position(tt.offset); got != tt.pos {
			t.Errorf("Position(%d) = %+v, want %+v", tt.offset, got, tt.pos)
		}
		if got := f.Offset(tt.pos); got != tt.offset {
			t.Errorf("Offset(%+v) = %d, want %d", tt.pos, got, tt.offset)
		}
		if got := f.UTF16(tt.offset); got != tt.utf16 {
			t.Errorf("UTF16(%d) = %+v, want %+v", tt.offset, got, tt.utf16)
		}
		if got := f.FromUTF16(tt.utf16); got != tt.offset {
			t.Errorf("FromUTF16(%+v) = %d, want %d", tt.utf16, got, tt.offset)
		}
	}
	if n := f.LineCount(); n != 5 {
		t.Errorf("LineCount = %d, want 5", n)
	}
	// Clamping: past a line's end stops before its \r\n; out of range ends.
	clamps := []struct {
		name string
		got  int
		want int
	}{
		{"Offset past the end of line 1", f.Offset(Position{1, 99}), 2},
		{"FromUTF16 past the end of line 2", f.FromUTF16(UTF16Position{1, 99}), 11},
		{"FromUTF16 inside a surrogate pair", f.FromUTF16(UTF16Position{3, 1}), 17},
		{"Offset of line 0", f.Offset(Position{0, 5}), 0},
		{"Offset past the last line", f.Offset(Position{9, 1}), len(text)},
		{"Position of a negative offset", f.Position(-3).Line, 1},
		{"LineOffset(4)", f.LineOffset(4), 13},
	}
	for _, c := range clamps {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if got := (Span{File: f, Start: 8}).String(); got != "t.yaml:2:5" {
		t.Errorf("Span.String = %q", got)
	}
}

// FuzzRoundTrip checks, for any text and offset at a rune boundary, that
// offset → line:col → offset and offset → UTF-16 → offset are identities,
// except inside a \r\n where both stop before the \r, and that UTF-16
// lines are the editor's, a lone \r ending one too.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{text, "", "\n", "\r\n\r\n", "a\rb", "日本語\r\nテキスト", "\xff\xfe\n€", "😀😀\n😀", "\r", "a\r", "x\r\ry\r\n\rz"} {
		f.Add(s, 3, false)
		f.Add(s, 1, true)
	}
	f.Fuzz(func(t *testing.T, s string, off int, bom bool) {
		file := NewFile("f", []byte(s))
		file.BOM = bom
		if len(s) == 0 {
			off = 0
		} else {
			off = ((off % (len(s) + 1)) + len(s) + 1) % (len(s) + 1)
		}
		for off > 0 && off < len(s) && !utf8.RuneStart(s[off]) {
			off--
		}
		want := off
		if off > 0 && off < len(s) && s[off] == '\n' && s[off-1] == '\r' {
			want = off - 1 // a position inside \r\n reads back before the \r
		}
		p := file.Position(off)
		if p.Line < 1 || p.Column < 1 || p.Line > file.LineCount() {
			t.Fatalf("Position(%d) = %+v out of range", off, p)
		}
		if got := file.Offset(p); got != want {
			t.Errorf("Offset(Position(%d) = %+v) = %d, want %d", off, p, got, want)
		}
		u := file.UTF16(off)
		if want := editorLine(s, off); u.Line != want {
			t.Errorf("UTF16(%d).Line = %d, want %d", off, u.Line, want)
		}
		if bom && u.Line == 0 && u.Character < 1 {
			t.Errorf("UTF16(%d) = %+v does not count the byte order mark", off, u)
		}
		if got := file.FromUTF16(u); got != want {
			t.Errorf("FromUTF16(UTF16(%d) = %+v) = %d, want %d", off, u, got, want)
		}
	})
}

// editorLine is the 0-based line of offset off in s as LSP counts lines:
// each \n, and each \r not followed by \n, ends one.
func editorLine(s string, off int) int {
	n := 0
	for i := 0; i < off; i++ {
		if s[i] == '\n' || s[i] == '\r' && (i+1 == len(s) || s[i+1] != '\n') {
			n++
		}
	}
	return n
}

// TestLoneCarriageReturn checks that a lone \r ends a line for LSP, as
// editors count lines, while messages (Go's and Helm's lines) count only
// \n.
func TestLoneCarriageReturn(t *testing.T) {
	f := NewFile("t", []byte("# c\rb: {{ .a }}\r\nc: é\r"))
	for _, tt := range []struct {
		offset int
		utf16  UTF16Position
	}{
		{0, UTF16Position{0, 0}},
		{3, UTF16Position{0, 3}},  // the lone \r
		{4, UTF16Position{1, 0}},  // after it
		{10, UTF16Position{1, 6}}, // .a
		{17, UTF16Position{2, 0}}, // after \r\n
		{20, UTF16Position{2, 3}}, // after é, the last \r
		{23, UTF16Position{3, 0}}, // the empty line after it
	} {
		if got := f.UTF16(tt.offset); got != tt.utf16 {
			t.Errorf("UTF16(%d) = %+v, want %+v", tt.offset, got, tt.utf16)
		}
		if got := f.FromUTF16(tt.utf16); got != tt.offset {
			t.Errorf("FromUTF16(%+v) = %d, want %d", tt.utf16, got, tt.offset)
		}
	}
	if got := f.FromUTF16(UTF16Position{0, 99}); got != 3 {
		t.Errorf("past the end of line 0: %d, want 3 (before the lone \\r)", got)
	}
	if got := f.FromUTF16(UTF16Position{1, 99}); got != 15 {
		t.Errorf("past the end of line 1: %d, want 15 (before \\r\\n)", got)
	}
	if p := f.Position(10); p != (Position{1, 11}) {
		t.Errorf("Position(10) = %+v: messages count only \\n", p)
	}
}

// TestBOMCountsOnTheFirstLine checks that a byte order mark the editor's
// text has, and Data leaves out, is one UTF-16 unit of the first line.
func TestBOMCountsOnTheFirstLine(t *testing.T) {
	f := NewFile("t", []byte("a: 1\nb: 2"))
	f.BOM = true
	if got := f.UTF16(3); got != (UTF16Position{0, 4}) {
		t.Errorf("UTF16(3) = %+v, want 0:4", got)
	}
	if got := f.UTF16(8); got != (UTF16Position{1, 3}) {
		t.Errorf("UTF16(8) = %+v, want 1:3: only the first line holds the mark", got)
	}
	for char, want := range []int{0, 0, 1, 2} { // the mark itself is the start of the file
		if got := f.FromUTF16(UTF16Position{0, char}); got != want {
			t.Errorf("FromUTF16(0:%d) = %d, want %d", char, got, want)
		}
	}
}

// TestUTF16OnASCIIAndWideLines converts every offset and every position
// of a file mixing ASCII lines with lines of multi-byte characters, CRLF
// and a last line without a newline, and checks them against a scan of
// the line, rune by rune: ASCII lines take a shortcut that must agree.
func TestUTF16OnASCIIAndWideLines(t *testing.T) {
	f := NewFile("t", []byte("plain: {{ .Values.a }}\r\nwide: \"é😀x\" {{ .b }}\n\nascii again\nlast é"))
	starts := f.lineStarts()
	for off := 0; off <= len(f.Data); off++ {
		line := sort.Search(len(starts), func(i int) bool { return starts[i] > off }) - 1
		want := UTF16Position{Line: line, Character: utf16Len(f.Data[starts[line]:off])}
		if got := f.UTF16(off); got != want {
			t.Errorf("UTF16(%d) = %+v, want %+v", off, got, want)
		}
	}
	for line := range starts {
		start, end := starts[line], f.lineEnd(line)
		for char := -1; char <= utf16Len(f.Data[start:end])+2; char++ {
			want := start
			for units := 0; want < end && units < char; {
				r, size := utf8.DecodeRune(f.Data[want:end])
				units += utf16.RuneLen(r)
				want += size
			}
			if got := f.FromUTF16(UTF16Position{Line: line, Character: char}); got != want {
				t.Errorf("FromUTF16(%d:%d) = %d, want %d", line, char, got, want)
			}
		}
	}
}
