package lsp

import (
	"context"
	"fmt"
	"sync/atomic"

	"go.lsp.dev/protocol"
)

// progress reports long work to a client that shows work-done progress
// (LSP's window/workDoneProgress); with other clients it does nothing.
type progress struct {
	s     *Server
	token *protocol.ProgressToken
}

var progressTokens atomic.Int32

// startProgress asks the client to show progress titled title.
func (s *Server) startProgress(ctx context.Context, title string) *progress {
	s.mu.Lock()
	can := s.client.progress
	s.mu.Unlock()
	p := &progress{s: s}
	if !can {
		return p
	}
	token := protocol.NewProgressToken(fmt.Sprintf("chartwright-%d", progressTokens.Add(1)))
	if _, err := s.conn.Call(ctx, protocol.MethodWorkDoneProgressCreate, protocol.WorkDoneProgressCreateParams{Token: *token}, nil); err != nil {
		return p
	}
	p.token = token
	p.send(ctx, protocol.WorkDoneProgressBegin{Kind: protocol.WorkDoneProgressKindBegin, Title: title, Percentage: 0})
	return p
}

// report shows done of total and a message.
func (p *progress) report(ctx context.Context, done, total int, message string) {
	pct := uint32(100)
	if total > 0 {
		pct = uint32(100 * done / total)
	}
	p.send(ctx, protocol.WorkDoneProgressReport{Kind: protocol.WorkDoneProgressKindReport, Message: message, Percentage: pct})
}

// end ends the progress with a message.
func (p *progress) end(ctx context.Context, message string) {
	p.send(ctx, protocol.WorkDoneProgressEnd{Kind: protocol.WorkDoneProgressKindEnd, Message: message})
}

func (p *progress) send(ctx context.Context, value any) {
	if p.token != nil {
		p.s.notify(ctx, protocol.MethodProgress, protocol.ProgressParams{Token: *p.token, Value: value})
	}
}
