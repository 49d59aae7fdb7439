package lsp

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// MaxMessageSize bounds the JSON-RPC messages the server reads: the largest
// document a client may send (MaxFileSize) with room for JSON escapes.
const MaxMessageSize = 64 << 20

// stream frames JSON-RPC messages with LSP's Content-Length headers. It
// differs from jsonrpc2.NewStream, which ends the connection at the first
// malformed message and allocates whatever Content-Length claims: here a
// message that cannot be read gets a JSON-RPC error response and the
// stream goes on with the next, and sizes are bounded.
type stream struct {
	in     *bufio.Reader
	out    io.Writer
	closer io.Closer
	max    int64
	// resync is a header line found while skipping a bad frame: the
	// start of the next one. midLine is set while a line longer than the
	// read buffer is being read.
	resync  string
	midLine bool

	mu sync.Mutex // serializes writes
}

var _ jsonrpc2.Stream = (*stream)(nil)

// newStream reads messages from in and writes them to out; closing the
// stream closes closer.
func newStream(in io.Reader, out io.Writer, closer io.Closer) *stream {
	return &stream{in: bufio.NewReaderSize(in, 64<<10), out: out, closer: closer, max: MaxMessageSize}
}

// errStreamEnded wraps the error that ended the input.
var errStreamEnded = errors.New("input ended")

// Read returns the next message. A malformed one is answered with an error
// response and skipped; only the end of the input is an error.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return nil, total, err
		}
		body, n, err := s.readFrame()
		total += n
		if errors.Is(err, errStreamEnded) {
			return nil, total, err
		}
		if err != nil {
			s.replyError(nil, jsonrpc2.ParseError, err.Error())
			continue
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if err != nil {
			s.replyUndecodable(body, err)
			continue
		}
		return msg, total, nil
	}
}

// readFrame reads one message's headers and body. After a bad header line,
// or a length past the bound, what follows cannot be trusted to be a body:
// the input is skipped to the next line that starts with Content-Length
// (JSON, having no raw line breaks in strings, never holds such a line),
// and the error is returned.
func (s *stream) readFrame() ([]byte, int64, error) {
	length, total, err := s.readHeaders()
	if errors.Is(err, errStreamEnded) {
		return nil, total, err
	}
	if err == nil && length > s.max {
		err = fmt.Errorf("message of %d bytes is larger than the %d MiB allowed", length, s.max>>20)
	}
	if err != nil {
		n, skipErr := s.skipToHeader()
		return nil, total + n, cmp.Or(skipErr, err)
	}
	body := make([]byte, length)
	n, err := io.ReadFull(s.in, body)
	total += int64(n)
	if err != nil {
		return nil, total, fmt.Errorf("%w: %v", errStreamEnded, err)
	}
	return body, total, nil
}

// readHeaders reads a frame's header lines up to the blank line that ends
// them and returns the Content-Length. It stops at the first line that is
// not a header: the next Content-Length line starts a frame anew.
func (s *stream) readHeaders() (int64, int64, error) {
	var total int64
	length := int64(-1)
	seen := false // a header line: a blank line ends the headers
	for {
		line, n, err := s.headerLine()
		total += n
		if err != nil {
			return 0, total, err
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if !seen {
				continue // blank lines between frames
			}
			break
		}
		seen = true
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return 0, total, fmt.Errorf("invalid header line %q", truncate(line, 80))
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || n < 0 {
				return 0, total, fmt.Errorf("invalid Content-Length %q", truncate(value, 40))
			}
			length = n
		}
	}
	if length < 0 {
		return 0, total, errors.New("missing Content-Length header")
	}
	return length, total, nil
}

// headerLine returns the next line: the one the last skip stopped at, or
// one read. A line longer than the read buffer is no header, and is not
// held in memory.
func (s *stream) headerLine() (string, int64, error) {
	if line := s.resync; line != "" {
		s.resync = ""
		return line, 0, nil
	}
	line, err := s.in.ReadSlice('\n')
	n := int64(len(line))
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		s.midLine = true
		return "", n, fmt.Errorf("header line longer than %d bytes", s.in.Size())
	case err != nil:
		return "", n, fmt.Errorf("%w: %v", errStreamEnded, err)
	}
	return string(line), n, nil
}

// skipToHeader drops input up to a line starting with Content-Length,
// which it keeps for the next frame.
func (s *stream) skipToHeader() (int64, error) {
	var total int64
	for {
		line, err := s.in.ReadSlice('\n')
		total += int64(len(line))
		atStart := !s.midLine
		s.midLine = errors.Is(err, bufio.ErrBufferFull)
		switch {
		case s.midLine:
			continue // a long line: not a header
		case err != nil:
			return total, fmt.Errorf("%w: %v", errStreamEnded, err)
		}
		const header = "Content-Length:"
		if atStart && len(line) >= len(header) && strings.EqualFold(string(line[:len(header)]), header) {
			s.resync = string(line)
			return total, nil
		}
	}
}

// replyUndecodable answers a message that is not a JSON-RPC message: a
// parse error for invalid JSON, else an invalid request, with the
// message's id when it has a readable one.
func (s *stream) replyUndecodable(body []byte, err error) {
	var probe struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(body, &probe) != nil {
		s.replyError(nil, jsonrpc2.ParseError, "invalid JSON: "+err.Error())
		return
	}
	id := probe.ID
	if !isValidID(id) {
		id = nil
	}
	s.replyError(id, jsonrpc2.InvalidRequest, "invalid request: "+err.Error())
}

// isValidID reports whether raw is a JSON string or integer.
func isValidID(raw json.RawMessage) bool {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	switch v.(type) {
	case string, float64:
		return true
	}
	return false
}

// replyError writes an error response; a nil id is written as null.
func (s *stream) replyError(id json.RawMessage, code jsonrpc2.Code, message string) {
	if id == nil {
		id = json.RawMessage("null")
	}
	data, err := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *jsonrpc2.Error `json:"error"`
	}{"2.0", id, jsonrpc2.NewError(code, message)})
	if err == nil {
		s.writeFrame(data)
	}
}

// Write writes a message.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return s.writeFrame(data)
}

func (s *stream) writeFrame(data []byte) (int64, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(data))
	b.Write(data)
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.out.Write(b.Bytes())
	return int64(n), err
}

// Close closes the underlying connection.
func (s *stream) Close() error {
	if s.closer == nil {
		return nil
	}
	return s.closer.Close()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
