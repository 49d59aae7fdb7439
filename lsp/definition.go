package lsp

import (
	"context"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

func (s *Server) definition(ctx context.Context, snap *cache.Snapshot, params *protocol.DefinitionParams) ([]protocol.Location, error) {
	return nil, nil
}
