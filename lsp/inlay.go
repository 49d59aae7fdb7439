package lsp

import (
	"context"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

// methodInlayHint is LSP 3.17's textDocument/inlayHint, which protocol
// v0.12.0 lacks, as it lacks the types below.
const methodInlayHint = "textDocument/inlayHint"

// inlayHintParams are textDocument/inlayHint's params.
type inlayHintParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
}

// inlayHint is LSP 3.17's InlayHint.
type inlayHint struct {
	Position     protocol.Position `json:"position"`
	Label        string            `json:"label"`
	Kind         int               `json:"kind,omitempty"`
	Tooltip      string            `json:"tooltip,omitempty"`
	PaddingLeft  bool              `json:"paddingLeft,omitempty"`
	PaddingRight bool              `json:"paddingRight,omitempty"`
}

func (s *Server) inlayHint(ctx context.Context, snap *cache.Snapshot, params *inlayHintParams) ([]inlayHint, error) {
	return nil, nil
}
