package lsp

import (
	"context"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

func (s *Server) documentSymbol(ctx context.Context, snap *cache.Snapshot, params *protocol.DocumentSymbolParams) ([]protocol.DocumentSymbol, error) {
	return nil, nil
}

func (s *Server) workspaceSymbol(ctx context.Context, snap *cache.Snapshot, params *protocol.WorkspaceSymbolParams) ([]protocol.SymbolInformation, error) {
	return nil, nil
}
