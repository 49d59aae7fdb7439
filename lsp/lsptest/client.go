// Package lsptest drives a language server process over its pipes, as an
// editor does: JSON-RPC messages framed with Content-Length headers, the
// server's requests answered, its diagnostics and progress collected. The
// end-to-end tests and the benchmark command of the language server use it.
package lsptest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Client is a language client talking to a server process, or to a
// server in the same process ([Connect]).
type Client struct {
	cmd    *exec.Cmd // nil for a server in the same process
	in     io.WriteCloser
	stderr *lockedBuffer
	done   chan struct{} // closed when the server's output ends
	// violations are what the server wrote that is not a framed JSON
	// message.
	violations []string

	writeMu sync.Mutex

	mu       sync.Mutex
	changed  *sync.Cond
	nextID   int
	pending  map[string]chan *Message
	diags    map[string]Published
	notes    []Message
	handlers map[string]func(params json.RawMessage) (any, error)
}

// Message is any JSON-RPC message.
type Message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *Error          `json:"error,omitempty"`
}

// Error is a JSON-RPC error response.
type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return fmt.Sprintf("%s (code %d)", e.Message, e.Code) }

// Published is the latest diagnostics the server published for a URI,
// with the number of publications so far.
type Published struct {
	Count       int
	Version     int
	Diagnostics []Diagnostic
}

// Diagnostic is an LSP diagnostic.
type Diagnostic struct {
	Range    Range  `json:"range"`
	Severity int    `json:"severity"`
	Code     string `json:"code"`
	Source   string `json:"source"`
	Message  string `json:"message"`
}

// Range and Position are LSP's.
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// Position is a 0-based line and UTF-16 character.
type Position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// Start runs the server command and starts reading its output.
func Start(name string, args ...string) (*Client, error) {
	cmd := exec.Command(name, args...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	c := newClient(in)
	c.cmd = cmd
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go c.read(bufio.NewReader(out))
	return c, nil
}

// Connect talks to a server in the same process: in carries the client's
// messages to it, out the server's to the client.
func Connect(in io.WriteCloser, out io.Reader) *Client {
	c := newClient(in)
	go c.read(bufio.NewReader(out))
	return c
}

func newClient(in io.WriteCloser) *Client {
	c := &Client{
		in: in, stderr: &lockedBuffer{}, done: make(chan struct{}),
		pending: map[string]chan *Message{}, diags: map[string]Published{},
		handlers: map[string]func(json.RawMessage) (any, error){},
	}
	c.changed = sync.NewCond(&c.mu)
	c.Handle("client/registerCapability", func(json.RawMessage) (any, error) { return nil, nil })
	c.Handle("window/workDoneProgress/create", func(json.RawMessage) (any, error) { return nil, nil })
	return c
}

// Handle answers the server's requests of a method with fn.
func (c *Client) Handle(method string, fn func(params json.RawMessage) (any, error)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.handlers[method] = fn
}

// Stderr returns what the server wrote on stderr so far.
func (c *Client) Stderr() string { return c.stderr.String() }

// StderrWriter is where a server in the same process writes its log, to be
// read with Stderr.
func (c *Client) StderrWriter() io.Writer { return c.stderr }

// Violations returns what the server wrote on its output so far that is
// not a JSON message framed with a Content-Length header: stdout is the
// protocol, and anything else there breaks the client.
func (c *Client) Violations() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.violations)
}

// Done is closed when the server's output ends.
func (c *Client) Done() <-chan struct{} { return c.done }

// Wait waits for the server's output to end and for the process to end,
// and returns the process's error.
func (c *Client) Wait() error {
	<-c.done // all is read before the process's pipes are closed
	if c.cmd == nil {
		return nil
	}
	return c.cmd.Wait()
}

// PID is the server process's id: the benchmark reads its memory and CPU
// time in /proc.
func (c *Client) PID() int { return c.cmd.Process.Pid }

// Kill ends the process; for a server in the same process, it closes the
// server's input.
func (c *Client) Kill() {
	if c.cmd == nil {
		c.in.Close()
		return
	}
	if c.cmd.Process != nil {
		c.cmd.Process.Kill()
	}
}

// Call sends a request and decodes its result into result (if not nil).
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	c.mu.Lock()
	c.nextID++
	id := strconv.Itoa(c.nextID)
	reply := make(chan *Message, 1)
	c.pending[id] = reply
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}()
	if err := c.send(Message{JSONRPC: "2.0", ID: json.RawMessage(id), Method: method, Params: marshal(params)}); err != nil {
		return err
	}
	select {
	case m := <-reply:
		if m.Error != nil {
			return m.Error
		}
		if result != nil && len(m.Result) > 0 {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-ctx.Done():
		c.Notify("$/cancelRequest", map[string]any{"id": c.nextIDValue(id)})
		return ctx.Err()
	case <-c.done:
		return errors.New("the server's output ended")
	}
}

func (c *Client) nextIDValue(id string) int {
	n, _ := strconv.Atoi(id)
	return n
}

// Notify sends a notification.
func (c *Client) Notify(method string, params any) error {
	return c.send(Message{JSONRPC: "2.0", Method: method, Params: marshal(params)})
}

// SendRaw writes bytes as they are, framing included: for tests of
// malformed input.
func (c *Client) SendRaw(data []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	_, err := c.in.Write(data)
	return err
}

// Frame frames a message body with its Content-Length header.
func Frame(body []byte) []byte {
	return append([]byte(fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body))), body...)
}

func (c *Client) send(m Message) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return c.SendRaw(Frame(data))
}

func marshal(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		return raw
	}
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}

// read dispatches the server's messages until its output ends.
func (c *Client) read(r *bufio.Reader) {
	defer close(c.done)
	defer func() {
		c.mu.Lock()
		c.changed.Broadcast()
		c.mu.Unlock()
	}()
	for {
		body, err := readFrame(r)
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
				c.violated(err.Error())
			}
			return
		}
		var m Message
		if err := json.Unmarshal(body, &m); err != nil || m.JSONRPC != "2.0" {
			c.violated(fmt.Sprintf("not a JSON-RPC message: %.200q", body))
			continue
		}
		switch {
		case m.Method != "" && m.ID != nil:
			go c.answer(m)
		case m.Method != "":
			c.notified(m)
		default:
			c.mu.Lock()
			reply := c.pending[string(m.ID)]
			c.mu.Unlock()
			if reply != nil {
				reply <- &m
			} else {
				c.notified(Message{Method: "(unmatched response)", ID: m.ID, Error: m.Error, Result: m.Result})
			}
		}
	}
}

func (c *Client) violated(what string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.violations = append(c.violations, what)
}

// answer answers a request of the server.
func (c *Client) answer(m Message) {
	c.mu.Lock()
	fn := c.handlers[m.Method]
	c.mu.Unlock()
	reply := Message{JSONRPC: "2.0", ID: m.ID}
	if fn == nil {
		reply.Error = &Error{Code: -32601, Message: "not handled by the test client: " + m.Method}
	} else if result, err := fn(m.Params); err != nil {
		reply.Error = &Error{Code: -32603, Message: err.Error()}
	} else {
		reply.Result = marshal(result)
		if reply.Result == nil {
			reply.Result = json.RawMessage("null")
		}
	}
	c.send(reply)
}

// notified records a notification.
func (c *Client) notified(m Message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m.Method == "textDocument/publishDiagnostics" {
		var p struct {
			URI         string       `json:"uri"`
			Version     int          `json:"version"`
			Diagnostics []Diagnostic `json:"diagnostics"`
		}
		if json.Unmarshal(m.Params, &p) == nil {
			old := c.diags[p.URI]
			c.diags[p.URI] = Published{Count: old.Count + 1, Version: p.Version, Diagnostics: p.Diagnostics}
		}
	}
	c.notes = append(c.notes, m)
	c.changed.Broadcast()
}

// Notifications returns the notifications received so far of a method.
func (c *Client) Notifications(method string) []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Message
	for _, m := range c.notes {
		if m.Method == method {
			out = append(out, m)
		}
	}
	return out
}

// Diagnostics returns the latest diagnostics published for a URI.
func (c *Client) Diagnostics(uri string) Published {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.diags[uri]
}

// WaitDiagnostics waits until the diagnostics published for uri satisfy
// ok, and returns them.
func (c *Client) WaitDiagnostics(ctx context.Context, uri string, ok func(Published) bool) (Published, error) {
	return waitFor(ctx, c, func() (Published, bool) {
		p := c.diags[uri]
		return p, ok(p)
	})
}

// WaitNotification waits for a notification of method satisfying ok.
func (c *Client) WaitNotification(ctx context.Context, method string, ok func(Message) bool) (Message, error) {
	return waitFor(ctx, c, func() (Message, bool) {
		for _, m := range c.notes {
			if m.Method == method && ok(m) {
				return m, true
			}
		}
		return Message{}, false
	})
}

// waitFor waits, holding c.mu while it checks, until check succeeds, the
// context ends or the server's output ends.
func waitFor[T any](ctx context.Context, c *Client, check func() (T, bool)) (T, error) {
	stop := context.AfterFunc(ctx, func() {
		c.mu.Lock()
		c.changed.Broadcast()
		c.mu.Unlock()
	})
	defer stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if v, ok := check(); ok {
			return v, nil
		}
		select {
		case <-c.done:
			var zero T
			return zero, errors.New("the server's output ended")
		default:
		}
		if err := ctx.Err(); err != nil {
			var zero T
			return zero, err
		}
		c.changed.Wait()
	}
}

// readFrame reads one Content-Length framed message, strictly: headers
// end with CRLF, and only Content-Length and Content-Type are known.
func readFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			if line != "" {
				return nil, fmt.Errorf("output ends in a header %.200q (%v)", line, err)
			}
			return nil, err
		}
		header, ok := strings.CutSuffix(line, "\r\n")
		if !ok {
			return nil, fmt.Errorf("header line without CRLF: %.200q", line)
		}
		if header == "" {
			break
		}
		name, value, _ := strings.Cut(header, ": ")
		switch name {
		case "Content-Length":
			if length, err = strconv.Atoi(value); err != nil {
				return nil, fmt.Errorf("bad header %.200q", header)
			}
		case "Content-Type":
		default:
			return nil, fmt.Errorf("unknown header %.200q", header)
		}
	}
	if length < 0 {
		return nil, errors.New("a message without Content-Length")
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("a message shorter than its Content-Length: %w", err)
	}
	return body, nil
}

// URI returns the file URI of an absolute path, as an editor sends it.
func URI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// Initialize sends initialize and initialized for the workspace folders,
// with capabilities like VS Code's, and answers workspace/configuration
// with settings.
func (c *Client) Initialize(ctx context.Context, settings any, folders ...string) (json.RawMessage, error) {
	c.Handle("workspace/configuration", func(json.RawMessage) (any, error) { return []any{settings}, nil })
	var wf []map[string]string
	for _, f := range folders {
		wf = append(wf, map[string]string{"uri": URI(f), "name": filepath.Base(f)})
	}
	params := map[string]any{
		"processId":        nil,
		"rootUri":          URI(folders[0]),
		"workspaceFolders": wf,
		"capabilities": map[string]any{
			"workspace": map[string]any{
				"configuration":         true,
				"workspaceFolders":      true,
				"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true},
			},
			"window": map[string]any{"workDoneProgress": true},
			"textDocument": map[string]any{
				"completion":         map[string]any{"completionItem": map[string]any{"snippetSupport": true}},
				"hover":              map[string]any{"contentFormat": []string{"markdown", "plaintext"}},
				"publishDiagnostics": map[string]any{"relatedInformation": true},
			},
		},
	}
	var result json.RawMessage
	if err := c.Call(ctx, "initialize", params, &result); err != nil {
		return nil, err
	}
	return result, c.Notify("initialized", map[string]any{})
}

// Open opens a document with its text.
func (c *Client) Open(path, languageID, text string) error {
	return c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": URI(path), "languageId": languageID, "version": 1, "text": text,
	}})
}

// Change replaces a range of an open document; a nil range replaces all.
func (c *Client) Change(path string, version int, r *Range, text string) error {
	change := map[string]any{"text": text}
	if r != nil {
		change["range"] = r
	}
	return c.Notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": URI(path), "version": version},
		"contentChanges": []any{change},
	})
}

// Shutdown sends shutdown and exit and waits for the process to end.
func (c *Client) Shutdown(ctx context.Context) error {
	if err := c.Call(ctx, "shutdown", nil, nil); err != nil {
		return err
	}
	if err := c.Notify("exit", nil); err != nil {
		return err
	}
	c.in.Close()
	ended := make(chan error, 1)
	go func() { ended <- c.Wait() }()
	select {
	case err := <-ended:
		return err
	case <-time.After(10 * time.Second):
		c.Kill()
		return errors.New("the server did not exit")
	}
}

// lockedBuffer is a buffer written by the process and read by tests.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
