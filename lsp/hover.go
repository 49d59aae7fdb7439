package lsp

import (
	"context"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

func (s *Server) hover(ctx context.Context, snap *cache.Snapshot, params *protocol.HoverParams) (*protocol.Hover, error) {
	return nil, nil
}
