package lsp

import (
	"context"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

func (s *Server) references(ctx context.Context, snap *cache.Snapshot, params *protocol.ReferenceParams) ([]protocol.Location, error) {
	return nil, nil
}
