package lsp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// binary is the chartwright binary the end-to-end tests run, built once.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "chartwright-lsp-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "chartwright")
	build := exec.Command("go", "build", "-o", binary, "../cmd/chartwright")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build chartwright:", err)
		os.Exit(1)
	}
	// The servers' previews and the tests' folders go under dir, which
	// goes at the end, so a test run leaves nothing in the system's temp.
	os.Setenv("TMPDIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// timeout bounds each end-to-end step: generous, since CI machines are
// slow, and no assertion on speed.
const timeout = 60 * time.Second

// session starts the server on a copy of testdata charts and initializes
// it with the settings; the server is shut down at the end of the test.
func session(t *testing.T, settings any, charts ...string) (*lsptest.Client, string) {
	t.Helper()
	folder := t.TempDir()
	for _, name := range charts {
		if err := os.CopyFS(filepath.Join(folder, name), os.DirFS(filepath.Join("../testdata/charts", name))); err != nil {
			t.Fatal(err)
		}
	}
	return sessionIn(t, settings, folder), folder
}

// sessionIn starts the server on workspace folders and initializes it
// with the settings. At the end of the test the server is shut down, and
// what it wrote on stdout must have been framed JSON-RPC messages only.
func sessionIn(t *testing.T, settings any, folders ...string) *lsptest.Client {
	t.Helper()
	c, err := lsptest.Start(binary, "lsp", "--log-level", "debug")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if _, err := c.Initialize(ctx, settings, folders...); err != nil {
		c.Kill()
		t.Fatalf("initialize: %v\n%s", err, c.Stderr())
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		if err := c.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if v := c.Violations(); len(v) > 0 {
			t.Errorf("the server wrote on stdout what is not a framed message: %q", v)
		}
		if t.Failed() {
			t.Logf("server stderr:\n%s", c.Stderr())
		}
	})
	return c
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func withTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	return ctx
}

// hasDiagnostic reports whether a publication holds a diagnostic of the
// rule at the 0-based line.
func hasDiagnostic(p lsptest.Published, rule string, line int) bool {
	for _, d := range p.Diagnostics {
		if d.Code == rule && d.Range.Start.Line == line {
			return true
		}
	}
	return false
}

// TestDiagnosticsWhileTyping opens a subchart template of a chart whose
// subchart folder is not named after it: the lint's finding comes at its
// line; a syntax error typed without saving appears, then goes when fixed.
func TestDiagnosticsWhileTyping(t *testing.T) {
	c, folder := session(t, map[string]any{}, "shop")
	ctx := withTimeout(t)
	path := filepath.Join(folder, "shop/charts/db-folder/templates/statefulset.yaml")
	uri := lsptest.URI(path)
	text := read(t, path)
	if err := c.Open(path, "helm", text); err != nil {
		t.Fatal(err)
	}
	got, err := c.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool { return hasDiagnostic(p, "values-undefined", 23) })
	if err != nil {
		t.Fatalf("no values-undefined diagnostic at line 24: %v (last %+v)", err, c.Diagnostics(uri))
	}
	d := got.Diagnostics[0]
	if d.Range.Start.Character != 24 || d.Severity != 2 || d.Source != "chartwright" || !strings.Contains(d.Message, ".Values.pasword") {
		t.Errorf("diagnostic %+v", d)
	}

	broken := strings.Replace(text, "{{ .Values.storage }}", "{{ .Values.storage ", 1)
	if err := c.Change(path, 2, nil, broken); err != nil {
		t.Fatal(err)
	}
	// The action left open is the error's place, for the syntax check as
	// for the render: one diagnostic (the message names the next line).
	got, err = c.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool {
		return p.Version == 2 && hasDiagnostic(p, "template-render", 31)
	})
	if err != nil {
		t.Fatalf("no syntax error while typing: %v (last %+v)", err, c.Diagnostics(uri))
	}
	for _, d := range got.Diagnostics {
		if d.Code == "template-render" && d.Range.Start.Line != 31 {
			t.Errorf("the syntax error again elsewhere: %+v", d)
		}
	}
	if err := c.Change(path, 3, nil, text); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool {
		return p.Version == 3 && !hasDiagnostic(p, "template-render", 31) && hasDiagnostic(p, "values-undefined", 23)
	}); err != nil {
		t.Fatalf("the fixed template still has its syntax error: %v (last %+v)", err, c.Diagnostics(uri))
	}
}

// TestUnclosedBlockWhileTyping types an if without its end: every
// publication of the edit, the quick one included, names the if left open,
// so the message does not change when the whole lint comes, 200 ms later.
func TestUnclosedBlockWhileTyping(t *testing.T) {
	c, folder := session(t, map[string]any{}, "webapp")
	ctx := withTimeout(t)
	path := filepath.Join(folder, "webapp/templates/service.yaml")
	uri := lsptest.URI(path)
	text := read(t, path)
	if err := c.Open(path, "helm", text); err != nil {
		t.Fatal(err)
	}
	waitIndexed(ctx, t, c) // else the first whole lint may see the edit
	const want = "unexpected EOF: the if at line 1 has no {{ end }}"
	if err := c.Change(path, 2, nil, "{{- if .Values.service.enabled }}\n"+text); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool { return p.Version == 2 && hasDiagnostic(p, "template-render", 0) }); err != nil {
		t.Fatalf("no syntax error for the if left open: %v (last %+v)", err, c.Diagnostics(uri))
	}
	for _, m := range c.Notifications("textDocument/publishDiagnostics") {
		var p struct {
			URI         string               `json:"uri"`
			Version     int                  `json:"version"`
			Diagnostics []lsptest.Diagnostic `json:"diagnostics"`
		}
		if err := json.Unmarshal(m.Params, &p); err != nil || p.URI != uri || p.Version != 2 {
			continue
		}
		for _, d := range p.Diagnostics {
			if d.Code == "template-render" && (d.Range.Start != lsptest.Position{Line: 0, Character: 4} || !strings.HasSuffix(d.Message, want)) {
				t.Errorf("published %+v, want at 0:4 a message ending %q", d, want)
			}
		}
	}
}

// TestMalformedInput sends what a broken client might: the server answers
// each with an error and goes on serving.
func TestMalformedInput(t *testing.T) {
	c, folder := session(t, nil, "webapp")
	ctx := withTimeout(t)
	for _, raw := range [][]byte{
		lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":1,"method":`)),
		lsptest.Frame([]byte(`[1,2,3]`)),
		[]byte("Content-Length: nope\r\n\r\n"),
		[]byte("Content-Length: 999999999999\r\n\r\n"),
	} {
		if err := c.SendRaw(raw); err != nil {
			t.Fatal(err)
		}
	}
	var res any
	err := c.Call(ctx, "chartwright/noSuchMethod", map[string]any{}, &res)
	if e, ok := err.(*lsptest.Error); !ok || e.Code != -32601 {
		t.Errorf("unknown method: %v, want a method-not-found error", err)
	}
	res = "unset"
	err = c.Call(ctx, "textDocument/completion", map[string]any{
		"textDocument": map[string]any{"uri": "untitled:Untitled-1"}, "position": map[string]any{"line": 0, "character": 0},
	}, &res)
	if err != nil || res != nil {
		t.Errorf("completion in a non-file URI: %v, %v; want no result", res, err)
	}
	var hover json.RawMessage
	path := filepath.Join(folder, "webapp/templates/deployment.yaml")
	if err := c.Open(path, "helm", read(t, path)); err != nil {
		t.Fatal(err)
	}
	if err := c.Call(ctx, "textDocument/hover", map[string]any{
		"textDocument": map[string]any{"uri": lsptest.URI(path)}, "position": map[string]any{"line": 0, "character": 0},
	}, &hover); err != nil {
		t.Errorf("the server does not answer after malformed input: %v", err)
	}
	if n := len(c.Notifications("(unmatched response)")); n < 4 {
		t.Errorf("%d error responses to the 4 malformed messages", n)
	}
}

// TestDocumentOutsideTheWorkspace opens a subchart template of a chart
// outside every workspace folder, as an editor opened on a single file
// does: the chart it belongs to (the outermost above it) comes in with it,
// and its diagnostics come as for a chart of the workspace.
func TestDocumentOutsideTheWorkspace(t *testing.T) {
	c := sessionIn(t, map[string]any{}, t.TempDir())
	elsewhere := t.TempDir()
	if err := os.CopyFS(filepath.Join(elsewhere, "shop"), os.DirFS("../testdata/charts/shop")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(elsewhere, "shop/charts/db-folder/templates/statefulset.yaml")
	if err := c.Open(path, "helm", read(t, path)); err != nil {
		t.Fatal(err)
	}
	uri := lsptest.URI(path)
	if _, err := c.WaitDiagnostics(withTimeout(t), uri, func(p lsptest.Published) bool { return hasDiagnostic(p, "values-undefined", 23) }); err != nil {
		t.Fatalf("no values-undefined diagnostic at line 24: %v (last %+v)", err, c.Diagnostics(uri))
	}
}
