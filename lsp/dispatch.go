package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// codeRequestCancelled is LSP's error code of a request the client cancelled.
const codeRequestCancelled jsonrpc2.Code = -32800

// handler runs one method. Requests run on goroutines of their own, with
// the snapshot current when they arrived; notifications, and requests
// marked inline, run in order as they arrive, so that each sees the
// workspace the ones before left.
type handler struct {
	run func(ctx context.Context, snap *cache.Snapshot, params json.RawMessage) (any, error)
	// inline runs the method in arrival order.
	inline bool
	// slow marks requests that may take long (renders, packaging): they
	// have a pool of their own, so that quick ones never wait behind them.
	slow bool
}

// request makes the handler of a request whose params decode into P.
func request[P, R any](fn func(ctx context.Context, snap *cache.Snapshot, params *P) (R, error)) handler {
	return handler{run: func(ctx context.Context, snap *cache.Snapshot, raw json.RawMessage) (any, error) {
		params := new(P)
		if err := decodeParams(raw, params); err != nil {
			return nil, err
		}
		return fn(ctx, snap, params)
	}}
}

// notification makes the handler of a notification whose params decode
// into P; notifications run in order.
func notification[P any](fn func(ctx context.Context, params *P) error) handler {
	return handler{inline: true, run: func(ctx context.Context, _ *cache.Snapshot, raw json.RawMessage) (any, error) {
		params := new(P)
		if err := decodeParams(raw, params); err != nil {
			return nil, err
		}
		return nil, fn(ctx, params)
	}}
}

func decodeParams(raw json.RawMessage, params any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, params); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid params: %v", err)
	}
	return nil
}

// handle is the connection's handler: it checks the server's state and
// runs the method, in order or on a goroutine of its own.
func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	call, isCall := req.(*jsonrpc2.Call)
	h, known := s.handlers[req.Method()]
	if err := s.admit(req.Method(), known); err != nil {
		if isCall {
			return reply(ctx, nil, err)
		}
		return nil // notifications of unknown methods ($/...) are ignored
	}
	if !isCall || h.inline {
		s.run(ctx, h, s.ws.Snapshot(), req, reply)
		return nil
	}
	snap, ready := s.ws.Snapshot(), s.configured
	reqCtx, cancel := context.WithCancel(s.ctx)
	key := fmt.Sprint(call.ID())
	s.mu.Lock()
	s.cancels[key] = cancel
	s.mu.Unlock()
	pool := s.quickPool
	if h.slow {
		pool = s.slowPool
	}
	go func() {
		defer func() {
			s.mu.Lock()
			delete(s.cancels, key)
			s.mu.Unlock()
			cancel()
		}()
		select {
		case <-ready:
		default:
			// The client's settings are on their way: what a request
			// answers depends on them (Helm mode, values files).
			select {
			case <-ready:
				snap = s.ws.Snapshot()
			case <-reqCtx.Done():
			}
		}
		select {
		case pool <- struct{}{}:
			defer func() { <-pool }()
		case <-reqCtx.Done():
			reply(context.WithoutCancel(reqCtx), nil, jsonrpc2.NewError(codeRequestCancelled, "request cancelled"))
			return
		}
		s.run(reqCtx, h, snap, req, reply)
	}()
	return nil
}

// admit says whether the method may run now: only initialize before
// initialization, nothing but exit after shutdown.
func (s *Server) admit(method string, known bool) error {
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	switch {
	case method == protocol.MethodExit:
		return nil
	case state == stateShutdown:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "the server is shut down")
	case state == stateNew && method != protocol.MethodInitialize:
		return jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "the server is not initialized")
	case !known:
		return jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not supported: %s", truncate(method, 100))
	}
	return nil
}

// run runs a handler and replies, turning a panic into an internal error
// that names the method: the server goes on serving.
func (s *Server) run(ctx context.Context, h handler, snap *cache.Snapshot, req jsonrpc2.Request, reply jsonrpc2.Replier) {
	start := time.Now()
	result, err := s.protect(ctx, h, snap, req)
	var notFile errNotFile
	switch {
	case err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()):
		err = jsonrpc2.NewError(codeRequestCancelled, "request cancelled")
	case errors.As(err, &notFile):
		result, err = nil, nil // untitled buffers, diff views: no chart file, nothing to say
	}
	// A cancelled request is answered too: its context is done, the
	// stream's is not.
	if replyErr := reply(context.WithoutCancel(ctx), result, wireError(err)); replyErr != nil {
		s.log.Debug("reply failed", "method", req.Method(), "error", replyErr)
	}
	s.log.Debug("handled", "method", req.Method(), "snapshot", snap.ID, "duration", time.Since(start), "error", err)
}

func (s *Server) protect(ctx context.Context, h handler, snap *cache.Snapshot, req jsonrpc2.Request) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic in handler", "method", req.Method(), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			result, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", req.Method(), p)
		}
	}()
	return h.run(ctx, snap, req.Params())
}

// wireError gives an error its JSON-RPC form: jsonrpc2 errors as they are,
// others as request failures with their message.
func wireError(err error) error {
	if err == nil {
		return nil
	}
	var rpc *jsonrpc2.Error
	if errors.As(err, &rpc) {
		return rpc
	}
	return jsonrpc2.NewError(codeRequestFailed, err.Error())
}

// cancelRequest cancels the request with the given id, if it is running.
func (s *Server) cancelRequest(_ context.Context, params *cancelParams) error {
	s.mu.Lock()
	cancel := s.cancels[fmt.Sprint(params.ID)]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return nil
}

// cancelParams are $/cancelRequest's: the id is a number or a string.
type cancelParams struct {
	ID jsonrpc2.ID `json:"id"`
}
