package lsp

import (
	"context"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

// semanticTokensOptions are LSP's SemanticTokensOptions, whose legend and
// full/range fields protocol v0.12.0 lacks.
type semanticTokensOptions struct {
	Legend protocol.SemanticTokensLegend `json:"legend"`
	Full   bool                          `json:"full"`
	Range  bool                          `json:"range"`
}

func semanticTokensCapability() semanticTokensOptions {
	return semanticTokensOptions{Legend: protocol.SemanticTokensLegend{TokenTypes: []protocol.SemanticTokenTypes{}, TokenModifiers: []protocol.SemanticTokenModifiers{}}, Full: true, Range: true}
}

func (s *Server) semanticTokensFull(ctx context.Context, snap *cache.Snapshot, params *protocol.SemanticTokensParams) (*protocol.SemanticTokens, error) {
	return nil, nil
}

func (s *Server) semanticTokensRange(ctx context.Context, snap *cache.Snapshot, params *protocol.SemanticTokensRangeParams) (*protocol.SemanticTokens, error) {
	return nil, nil
}
