package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
)

// frame frames a message body as a client does.
func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

const hoverCall = `{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}}`

// readAll reads every message of input, with messages bounded to max
// bytes, and returns their methods (or ids, for responses) and the error
// responses the stream wrote back.
func readAll(t testing.TB, input string, max int64) (got []string, replies []reply) {
	t.Helper()
	var out bytes.Buffer
	s := newStream(strings.NewReader(input), &out, nil)
	s.max = max
	for {
		msg, _, err := s.Read(context.Background())
		if err != nil {
			if !errors.Is(err, errStreamEnded) {
				t.Fatalf("Read: %v, want only the end of the input", err)
			}
			break
		}
		switch m := msg.(type) {
		case *jsonrpc2.Call:
			got = append(got, m.Method())
		case *jsonrpc2.Notification:
			got = append(got, m.Method())
		case *jsonrpc2.Response:
			got = append(got, fmt.Sprint("response ", m.ID()))
		}
	}
	back := newStream(&out, io.Discard, nil)
	for {
		body, _, err := back.readFrame()
		if err != nil {
			break
		}
		var r reply
		if err := json.Unmarshal(body, &r); err != nil || r.JSONRPC != "2.0" || r.Error == nil {
			t.Fatalf("the stream wrote %q, want only error responses", body)
		}
		replies = append(replies, r)
	}
	return got, replies
}

// reply is an error response as a client reads it.
type reply struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   *jsonrpc2.Error `json:"error"`
}

func codes(replies []reply) string {
	var out []string
	for _, r := range replies {
		out = append(out, fmt.Sprintf("%d/%s", r.Error.Code, r.ID))
	}
	return strings.Join(out, " ")
}

// TestStreamResyncs reads what a broken client may send: each bad message
// gets one error response, with the message's id when it has one, and the
// next good message is read.
func TestStreamResyncs(t *testing.T) {
	long := strings.Repeat("x", 100<<10)
	tests := []struct {
		name, input string
		want        string // methods read
		codes       string // error responses written: code/id
	}{
		{"valid", frame(hoverCall), "textDocument/hover", ""},
		{"blank lines between frames", "\r\n\r\n" + frame(hoverCall) + "\n" + frame(hoverCall), "textDocument/hover textDocument/hover", ""},
		{"garbage line", "hello world\r\n" + frame(hoverCall), "textDocument/hover", "-32700/null"},
		{"garbage then a header at once", "}{\nContent-Length: 66\r\n\r\n" + hoverCall, "textDocument/hover", "-32700/null"},
		{"bad length", "Content-Length: nope\r\n\r\n" + frame(hoverCall), "textDocument/hover", "-32700/null"},
		{"no length", "Content-Type: x\r\n\r\n{}\r\n" + frame(hoverCall), "textDocument/hover", "-32700/null"},
		{"length past the bound", "Content-Length: 999999999999\r\n\r\n{...}\r\n" + frame(hoverCall), "textDocument/hover", "-32700/null"},
		{"line longer than the buffer", long + "\r\n" + frame(hoverCall), "textDocument/hover", "-32700/null"},
		{"a header after garbage on its line", long[:64<<10] + "Content-Length: 2\r\n\r\n{}" + frame(hoverCall), "textDocument/hover", "-32700/null -32600/null"},
		{"frames back to back after a bad one", "Content-Length: 99999999999\r\n\r\n" + `{"text":"` + long + `"}` + frame(hoverCall) + frame(hoverCall), "textDocument/hover textDocument/hover", "-32700/null"},
		{"invalid JSON", frame(`{"jsonrpc":"2.0","id":1,"method":`) + frame(hoverCall), "textDocument/hover", "-32700/null"},
		{"not a message, with an id", frame(`{"jsonrpc":"2.0","id":3,"method":5}`) + frame(hoverCall), "textDocument/hover", "-32600/3"},
		{"an id of the wrong type", frame(`{"jsonrpc":"2.0","id":[3],"method":"x"}`) + frame(hoverCall), "textDocument/hover", "-32600/null"},
		{"a response", frame(`{"jsonrpc":"2.0","id":"a","result":null}`), "response a", ""},
		{"body cut short", frame(hoverCall)[:40], "", ""},
		{"header cut short", "Content-Len", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, replies := readAll(t, tt.input, 1<<20)
			if strings.Join(got, " ") != tt.want {
				t.Errorf("read %q, want %q", got, tt.want)
			}
			if c := codes(replies); c != tt.codes {
				t.Errorf("error responses %s, want %s", c, tt.codes)
			}
		})
	}
}

// TestStreamDoesNotTrustLength sends a length of a GiB with a short body:
// the stream refuses it without allocating it.
func TestStreamDoesNotTrustLength(t *testing.T) {
	input := "Content-Length: 1073741824\r\n\r\n{}\r\n" + frame(hoverCall)
	allocated := allocatedBy(func() { readAll(t, input, MaxMessageSize) })
	if allocated > 8<<20 {
		t.Errorf("reading a message claiming 1 GiB allocated %d bytes", allocated)
	}
}

// allocatedBy returns the bytes fn allocates.
func allocatedBy(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// FuzzStream feeds arbitrary bytes to the stream: it never panics, reads
// to the end of the input allocating in proportion to it (a claimed
// length never is allocated beyond the bound), answers only with framed
// error responses, and after the garbage and a line break still reads a
// good message — unless the garbage holds a header that starts a frame.
func FuzzStream(f *testing.F) {
	for _, seed := range []string{
		"", "\r\n", "Content-Length: 5\r\n\r\nhello", frame(hoverCall), "Content-Length: -1\r\n\r\n",
		"Content-Length: 99999999999999999999\r\n\r\n", "a:b\r\nc\r\n\r\n", frame(`[1,2]`), frame(`{"id":{}}`),
		frame(`{"jsonrpc":"2.0","method":"x","params":[1]}`), frame(`{"jsonrpc":"2.0","id":null,"result":1}`),
		"Content-Length: 3\r\nContent-Length: 2\r\n\r\n{}", "\x00\xff\xfe", strings.Repeat("{", 1000),
	} {
		f.Add([]byte(seed))
	}
	const max = 1 << 16
	f.Fuzz(func(t *testing.T, garbage []byte) {
		allocated := allocatedBy(func() { readAll(t, string(garbage), max) })
		if bound := uint64(64*len(garbage) + 2*max + 1<<20); allocated > bound {
			t.Errorf("reading %d bytes allocated %d", len(garbage), allocated)
		}
		if bytes.Contains(bytes.ToLower(garbage), []byte("content-length")) {
			return
		}
		got, _ := readAll(t, string(garbage)+"\r\n"+frame(hoverCall), max)
		if len(got) == 0 || got[len(got)-1] != "textDocument/hover" {
			t.Errorf("after %q the good message was not read: %q", garbage, got)
		}
	})
}

// TestStreamWritesFrames checks the frames the stream writes: what a
// client reads back is the message sent.
func TestStreamWritesFrames(t *testing.T) {
	var out bytes.Buffer
	s := newStream(strings.NewReader(""), &out, nil)
	call, err := jsonrpc2.NewCall(jsonrpc2.NewNumberID(3), "textDocument/hover", map[string]string{"é": "\n"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write(context.Background(), call); err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(call)
	if got, want := out.String(), frame(string(body)); got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}
