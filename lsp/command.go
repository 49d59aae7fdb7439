package lsp

import (
	"context"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Commands the server executes (workspace/executeCommand).
const (
	cmdRenderPreview   = "chartwright.renderPreview"
	cmdPackageChart    = "chartwright.packageChart"
	cmdIndexRepository = "chartwright.indexRepository"
)

func commandNames() []string { return []string{cmdRenderPreview, cmdPackageChart, cmdIndexRepository} }

func (s *Server) executeCommand(ctx context.Context, snap *cache.Snapshot, params *protocol.ExecuteCommandParams) (any, error) {
	return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown command %q", params.Command)
}
