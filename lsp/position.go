package lsp

import (
	"github.com/chartwright/chartwright/chart/source"
	"go.lsp.dev/protocol"
)

// The one pair of conversions between LSP positions (0-based lines,
// UTF-16 code units) and the byte offsets every feature works with; the
// arithmetic itself lives on source.File.

// utf16Position converts a protocol position.
func utf16Position(p protocol.Position) source.UTF16Position {
	return source.UTF16Position{Line: int(p.Line), Character: int(p.Character)}
}

// offsetOf converts an LSP position in f to a byte offset, clamped to its
// line and to the file.
func offsetOf(f *source.File, p protocol.Position) int {
	return f.FromUTF16(utf16Position(p))
}

// toRange converts the byte range [start, end) of f to an LSP range.
func toRange(f *source.File, start, end int) protocol.Range {
	r := f.UTF16Range(start, end)
	return protocol.Range{
		Start: protocol.Position{Line: uint32(r.Start.Line), Character: uint32(r.Start.Character)},
		End:   protocol.Position{Line: uint32(r.End.Line), Character: uint32(r.End.Character)},
	}
}

// spanRange converts a span to an LSP range; a span without a file is the
// start of the document.
func spanRange(sp source.Span) protocol.Range {
	if sp.File == nil {
		return protocol.Range{}
	}
	return toRange(sp.File, sp.Start, max(sp.End, sp.Start))
}
