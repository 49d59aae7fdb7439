package lsp

import (
	"bufio"
	"bytes"
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
	// resync is the start of a header line found while skipping a bad
	// frame: the start of the next one.
	resync string

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
			// Answered before the skip: the client may wait for the
			// answer before it sends the next message.
			s.replyError(nil, jsonrpc2.ParseError, err.Error())
			n, err := s.skipToHeader()
			total += n
			if err != nil {
				return nil, total, err
			}
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
// the caller skips the input to the next Content-Length header.
func (s *stream) readFrame() ([]byte, int64, error) {
	length, total, err := s.readHeaders()
	if err == nil && length > s.max {
		err = fmt.Errorf("message of %d bytes is larger than the %d MiB allowed", length, s.max>>20)
	}
	if err != nil {
		return nil, total, err
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

// headerLine returns the next line, after the start of a header the last
// skip stopped at. A line longer than the read buffer is no header, and is
// not held in memory.
func (s *stream) headerLine() (string, int64, error) {
	prefix := s.resync
	s.resync = ""
	line, err := s.in.ReadSlice('\n')
	n := int64(len(line))
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return "", n, fmt.Errorf("header line longer than %d bytes", s.in.Size())
	case err != nil:
		return "", n, fmt.Errorf("%w: %v", errStreamEnded, err)
	}
	return prefix + string(line), n, nil
}

// contentLength is the header that starts a frame, as the skip looks for
// it (header names are case-insensitive).
const contentLength = "content-length:"

// skipToHeader drops input up to the next Content-Length header, wherever
// it is: a frame's header follows the previous body on the same line.
func (s *stream) skipToHeader() (int64, error) {
	var total int64
	var seen []byte // the end of what was read: a header may straddle reads
	for {
		chunk, err := s.in.ReadSlice(':')
		total += int64(len(chunk))
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return total, fmt.Errorf("%w: %v", errStreamEnded, err)
		}
		seen = append(seen, chunk...)
		if err == nil && len(seen) >= len(contentLength) && strings.EqualFold(string(seen[len(seen)-len(contentLength):]), contentLength) {
			s.resync = "Content-Length:"
			return total, nil
		}
		seen = append(seen[:0], seen[max(0, len(seen)-len(contentLength)):]...)
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
	data, err := marshalMessage(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return s.writeFrame(data)
}

// marshalMessage encodes a message with its own MarshalJSON, which jsonrpc2's
// messages have: encoding/json would check and compact what it returns, a
// second pass over results of a hundred kilobytes.
func marshalMessage(msg jsonrpc2.Message) ([]byte, error) {
	if m, ok := msg.(json.Marshaler); ok {
		return m.MarshalJSON()
	}
	return json.Marshal(msg)
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
