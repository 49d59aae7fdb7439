package lsp

import (
	"context"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

func (s *Server) documentHighlight(ctx context.Context, snap *cache.Snapshot, params *protocol.DocumentHighlightParams) ([]protocol.DocumentHighlight, error) {
	doc, offset, err := documentAt(snap, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	var out []protocol.DocumentHighlight
	for _, h := range highlightsAt(doc, offset) {
		out = append(out, protocol.DocumentHighlight{Range: spanRange(h.span), Kind: highlightKinds[h.kind]})
	}
	return out, nil
}

// highlightKind says how a name is used where it is written.
type highlightKind int

const (
	// highlightRead is a use: a values path a template reads, a call, a
	// variable's use.
	highlightRead highlightKind = iota
	// highlightWrite is a definition: a values key, a define, a variable's
	// declaration.
	highlightWrite
)

var highlightKinds = map[highlightKind]protocol.DocumentHighlightKind{
	highlightRead:  protocol.DocumentHighlightKindRead,
	highlightWrite: protocol.DocumentHighlightKindWrite,
}

// highlight is an occurrence of the name at the cursor in its document.
type highlight struct {
	span source.Span
	kind highlightKind
}

// highlightsAt returns where the name at offset of doc is written in doc:
// a values path's elements and keys, a template's define and calls, a
// variable's declaration and uses.
func highlightsAt(doc *cache.Document, offset int) []highlight {
	s, ok := symbolAt(doc, offset)
	if !ok {
		return nil
	}
	var out []highlight
	for _, o := range occurrencesOf(doc, s) {
		if o.path != doc.Path {
			continue
		}
		kind := highlightRead
		if o.declaration || o.in == inValuesKey {
			kind = highlightWrite
		}
		out = append(out, highlight{span: o.span, kind: kind})
	}
	return out
}
