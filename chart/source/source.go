// Package source is the one representation of positions shared by the whole
// product: a [File] is a named piece of text and a [Span] a half-open byte
// range in it. Byte offsets are the currency; lines and columns are computed
// only when a position is shown, by the conversions on [File] (1-based lines
// and byte columns for messages, 0-based lines and UTF-16 characters for LSP).
//
// The package imports nothing else from chartwright.
package source

import (
	"bytes"
	"fmt"
	"sort"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// File is a chart file: its chart-relative name (slash separated) and content.
// The line table is built lazily, once, and File is safe for concurrent use.
// Data is never modified once the File is made: parse trees, the values of
// values.yaml and the refs index refer to it without copying it.
type File struct {
	// Name is the path from the folder of the chart holding the file, as
	// Helm names it ("templates/a.yaml").
	Name string
	// Path is the path from the root chart's folder through the real
	// folders of subcharts ("charts/<folder>/templates/a.yaml"; a subchart
	// archive counts as a folder: "charts/db-1.0.0.tgz/values.yaml"): one
	// path per file of a chart tree. It equals Name in the root chart.
	Path string
	Data []byte
	// BOM says that the text an editor holds for the file starts with a
	// byte order mark, which Data leaves out as Helm does: LSP positions
	// on the first line count it (one UTF-16 unit). Only the language
	// server sets it, for a document the editor sent with its mark.
	BOM bool

	linesOnce  sync.Once
	lines      []int // offsets of line starts
	editorOnce sync.Once
	editor     editorLines
}

// editorLines is the line table LSP positions count in: a line ends at
// \n, \r\n or a lone \r, where Go and Helm count only \n.
type editorLines struct {
	starts []int  // offsets of line starts
	wide   []bool // per line: whether it holds a multi-byte character
}

// NewFile returns a File with the given name and content, at the path name.
func NewFile(name string, data []byte) *File {
	return &File{Name: name, Path: name, Data: data}
}

// Position is a 1-based line and 1-based byte column, as in Go and Helm messages.
type Position struct {
	Line, Column int
}

// Span is a half-open byte range [Start, End) in a File.
type Span struct {
	File       *File
	Start, End int
}

// String formats the span start as file:line:col.
func (s Span) String() string {
	if s.File == nil {
		return ""
	}
	p := s.File.Position(s.Start)
	return fmt.Sprintf("%s:%d:%d", s.File.Name, p.Line, p.Column)
}

func (f *File) lineStarts() []int {
	f.linesOnce.Do(func() {
		f.lines = append(f.lines, 0)
		for i, b := range f.Data {
			if b == '\n' {
				f.lines = append(f.lines, i+1)
			}
		}
	})
	return f.lines
}

// LineCount is the number of lines (a final line without newline counts).
func (f *File) LineCount() int { return len(f.lineStarts()) }

// clamp keeps an offset inside the file.
func (f *File) clamp(offset int) int {
	return max(0, min(offset, len(f.Data)))
}

// Position converts a byte offset to a 1-based line and byte column.
func (f *File) Position(offset int) Position {
	offset = f.clamp(offset)
	starts := f.lineStarts()
	line := sort.Search(len(starts), func(i int) bool { return starts[i] > offset }) - 1
	return Position{Line: line + 1, Column: offset - starts[line] + 1}
}

// Offset converts a 1-based line and byte column to a byte offset, clamped to
// the file and to the end of that line.
func (f *File) Offset(p Position) int {
	starts := f.lineStarts()
	if p.Line < 1 {
		return 0
	}
	if p.Line > len(starts) {
		return len(f.Data)
	}
	start := starts[p.Line-1]
	end := f.lineEnd(p.Line - 1)
	return min(start+max(p.Column-1, 0), end)
}

// LineOffset returns the offset where the 1-based line starts.
func (f *File) LineOffset(line int) int {
	return f.Offset(Position{Line: line, Column: 1})
}

// lineEnd is the offset of the end of 0-based line i, before its newline
// (and before a carriage return that precedes the newline).
func (f *File) lineEnd(i int) int {
	starts := f.lineStarts()
	if i+1 >= len(starts) {
		return len(f.Data) // the last line has no newline, so a \r on it ends nothing
	}
	end := starts[i+1] - 1
	if end > starts[i] && f.Data[end-1] == '\r' {
		end--
	}
	return end
}

// UTF16Position is a 0-based line and 0-based UTF-16 code unit offset, as LSP wants.
type UTF16Position struct {
	Line, Character int
}

// UTF16Range is a range between two LSP positions.
type UTF16Range struct {
	Start, End UTF16Position
}

// UTF16Range converts a span's offsets to LSP positions in f.
func (f *File) UTF16Range(start, end int) UTF16Range {
	return UTF16Range{Start: f.UTF16(start), End: f.UTF16(end)}
}

// UTF16 converts a byte offset to an LSP position.
func (f *File) UTF16(offset int) UTF16Position {
	offset = f.clamp(offset)
	lines := f.editorLines()
	line := sort.Search(len(lines.starts), func(i int) bool { return lines.starts[i] > offset }) - 1
	start := lines.starts[line]
	char := offset - start // an ASCII line's byte columns are UTF-16 ones
	if lines.wide[line] {
		char = utf16Len(f.Data[start:offset])
	}
	if line == 0 && f.BOM {
		char++
	}
	return UTF16Position{Line: line, Character: char}
}

// editorLines returns the file's lines as LSP counts them, and which are
// ASCII only, so that converting a position on one takes no scan of the
// line (thousands of tokens on one long line would cost a scan each).
func (f *File) editorLines() *editorLines {
	f.editorOnce.Do(func() {
		starts := f.lineStarts()
		if hasLoneCR(f.Data) {
			starts = []int{0}
			for i, b := range f.Data {
				if b == '\n' || b == '\r' && (i+1 == len(f.Data) || f.Data[i+1] != '\n') {
					starts = append(starts, i+1)
				}
			}
		}
		wide := make([]bool, len(starts))
		for n, start := range starts {
			end := len(f.Data)
			if n+1 < len(starts) {
				end = starts[n+1]
			}
			wide[n] = !isASCII(f.Data[start:end])
		}
		f.editor = editorLines{starts: starts, wide: wide}
	})
	return &f.editor
}

// hasLoneCR reports whether data holds a carriage return that is not
// followed by a line feed.
func hasLoneCR(data []byte) bool {
	for i := bytes.IndexByte(data, '\r'); i >= 0; {
		if i+1 == len(data) || data[i+1] != '\n' {
			return true
		}
		next := bytes.IndexByte(data[i+1:], '\r')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// end is the offset of the end of 0-based line i, before its line break.
func (l *editorLines) end(data []byte, i int) int {
	if i+1 >= len(l.starts) {
		return len(data)
	}
	end := l.starts[i+1] - 1 // the \n, or a lone \r
	if data[end] == '\n' && end > l.starts[i] && data[end-1] == '\r' {
		end--
	}
	return end
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// FromUTF16 converts an LSP position to a byte offset, clamped to the line.
func (f *File) FromUTF16(p UTF16Position) int {
	lines := f.editorLines()
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(lines.starts) {
		return len(f.Data)
	}
	char := p.Character
	if p.Line == 0 && f.BOM {
		char-- // the mark itself is the start of the file
	}
	off, end := lines.starts[p.Line], lines.end(f.Data, p.Line)
	if !lines.wide[p.Line] {
		return off + min(max(char, 0), end-off)
	}
	for units := 0; off < end && units < char; {
		r, size := utf8.DecodeRune(f.Data[off:end])
		units += utf16.RuneLen(r)
		if r == utf8.RuneError && size == 1 {
			units = units - utf16.RuneLen(r) + 1
		}
		off += size
	}
	return off
}

func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			n++
		} else {
			n += utf16.RuneLen(r)
		}
		b = b[size:]
	}
	return n
}
