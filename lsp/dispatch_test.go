package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/lsp/lsptest"
)

// The dispatcher's promises — a panic in a handler is an error response,
// a cancelled request answers "request cancelled", quick requests never
// wait behind slow ones — are tested here in the process, with handlers
// made for the test: no input of a real client can make a handler panic
// on purpose. The end-to-end tests (e2e_robust_test.go) send real inputs.

// testTimeout bounds each wait; no assertion is made on speed.
const testTimeout = 60 * time.Second

// serveInProcess starts a server in this process with extra methods,
// initialized on an empty folder, and returns a client, whose Stderr is
// the server's log; the server is shut down at the end of the test.
func serveInProcess(t *testing.T, extra map[string]handler) *lsptest.Client {
	t.Helper()
	_, c := startInProcess(t, extra)
	return c
}

// startInProcess is serveInProcess, returning the server too.
func startInProcess(t *testing.T, extra map[string]handler) (*Server, *lsptest.Client) {
	t.Helper()
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	c := lsptest.Connect(clientOut, clientIn)
	s := New(Options{Logger: slog.New(slog.NewTextHandler(c.StderrWriter(), &slog.HandlerOptions{Level: slog.LevelDebug}))})
	for method, h := range extra {
		s.handlers[method] = h
	}
	served := make(chan error, 1)
	go func() {
		served <- s.Serve(context.Background(), serverIn, serverOut)
		serverOut.Close()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if _, err := c.Initialize(ctx, nil, t.TempDir()); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		if err := c.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", c.Stderr())
		}
	})
	return s, c
}

func withTestTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// untitledHover is a request every server answers with nothing.
var untitledHover = map[string]any{
	"textDocument": map[string]any{"uri": "untitled:Untitled-1"}, "position": map[string]any{"line": 0, "character": 0},
}

// TestPanicBecomesError checks that a request whose handler panics gets an
// internal error naming the method, that a panicking notification is
// dropped, both with the stack logged, and that the server goes on.
func TestPanicBecomesError(t *testing.T) {
	c := serveInProcess(t, map[string]handler{
		"test/panic": request(func(context.Context, *cache.Snapshot, *json.RawMessage) (any, error) { panic("boom") }),
		"test/panicNotification": notification(func(_ context.Context, list *[]int) error {
			_ = (*list)[3] // the client sends fewer
			return nil
		}),
	})
	ctx := withTestTimeout(t)
	err := c.Call(ctx, "test/panic", map[string]any{}, nil)
	var rpc *lsptest.Error
	if !errors.As(err, &rpc) || rpc.Code != -32603 || !strings.Contains(rpc.Message, "test/panic") || !strings.Contains(rpc.Message, "boom") {
		t.Errorf("a panicking request answered %v, want an internal error naming the method and the panic", err)
	}
	if err := c.Notify("test/panicNotification", []int{1}); err != nil {
		t.Fatal(err)
	}
	var res any = "unset"
	if err := c.Call(ctx, "textDocument/hover", untitledHover, &res); err != nil || res != nil {
		t.Errorf("after the panics, hover answered %v, %v", res, err)
	}
	for _, want := range []string{"panic in handler", "method=test/panic", "method=test/panicNotification", "index out of range", "dispatch_test.go"} {
		if !strings.Contains(c.Stderr(), want) {
			t.Errorf("the log lacks %q", want)
		}
	}
}

// TestCancelRequest cancels a request its handler is running, and one
// waiting for a slot behind slow requests: both answer "request
// cancelled", while quick requests are answered meanwhile.
func TestCancelRequest(t *testing.T) {
	started := make(chan string, 8)
	release := make(chan struct{})
	block := func(ctx context.Context, _ *cache.Snapshot, p *string) (any, error) {
		started <- *p
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-release:
			return "done", nil
		}
	}
	slow := request(block)
	slow.slow = true
	c := serveInProcess(t, map[string]handler{"test/block": request(block), "test/slow": slow})
	ctx := withTestTimeout(t)

	// cancelled sends a request with the id and cancels it, once its
	// handler started when it is to: the answer is "request cancelled".
	cancelled := func(id, method string, running bool) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": id})
		if err := c.SendRaw(lsptest.Frame(body)); err != nil {
			t.Fatal(err)
		}
		if running {
			if got := <-started; got != id {
				t.Fatalf("started %q, want %q", got, id)
			}
		}
		if err := c.Notify("$/cancelRequest", map[string]any{"id": id}); err != nil {
			t.Fatal(err)
		}
		_, err := c.WaitNotification(ctx, "(unmatched response)", func(m lsptest.Message) bool {
			return string(m.ID) == `"`+id+`"` && m.Error != nil && m.Error.Code == -32800
		})
		if err != nil {
			t.Fatalf("%s: no cancelled error: %v", id, err)
		}
	}
	cancelled("running", "test/block", true)

	// Two slow requests take the slow requests' slots: a third waits.
	results := make(chan error, 2)
	for _, name := range []string{"slow 1", "slow 2"} {
		go func() { results <- c.Call(ctx, "test/slow", name, nil) }()
		<-started
	}
	var res any = "unset"
	if err := c.Call(ctx, "textDocument/hover", untitledHover, &res); err != nil || res != nil {
		t.Errorf("hover while the slow requests run: %v, %v", res, err)
	}
	cancelled("queued", "test/slow", false)
	close(release)
	for range 2 {
		if err := <-results; err != nil {
			t.Errorf("a slow request: %v", err)
		}
	}
	select {
	case got := <-started:
		t.Errorf("the cancelled request %q ran", got)
	default:
	}
}
