package lsp

import (
	"context"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

// codeActionKinds are the kinds of code actions the server offers.
var codeActionKinds = []protocol.CodeActionKind{protocol.QuickFix, protocol.Source}

func (s *Server) codeAction(ctx context.Context, snap *cache.Snapshot, params *protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	return nil, nil
}
