package lsp

import (
	"context"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

func (s *Server) prepareRename(ctx context.Context, snap *cache.Snapshot, params *protocol.PrepareRenameParams) (*protocol.Range, error) {
	return nil, nil
}

func (s *Server) rename(ctx context.Context, snap *cache.Snapshot, params *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	return nil, nil
}
