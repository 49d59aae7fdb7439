package lsp_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/testfs"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// The server's robustness, end to end: whatever a client or a chart sends
// it, it answers and goes on. The dispatcher's own promises (panics,
// cancellation) are tested in the process, in dispatch_test.go.

// writeChart writes a chart's files under folder/name.
func writeChart(t *testing.T, folder, name string, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(folder, name)
	return testfs.Write(t, dir, files)
}

func chartYAML(name string) string {
	return "apiVersion: v2\nname: " + name + "\nversion: 1.0.0\n"
}

// positionRequests are the requests made at a position, with their params
// besides textDocument and position.
var positionRequests = map[string]map[string]any{
	"textDocument/hover":             nil,
	"textDocument/completion":        nil,
	"textDocument/definition":        nil,
	"textDocument/references":        {"context": map[string]any{"includeDeclaration": true}},
	"textDocument/documentHighlight": nil,
	"textDocument/signatureHelp":     nil,
	"textDocument/prepareRename":     nil,
	"textDocument/rename":            {"newName": "renamed"},
}

// documentRequests are the requests made on a whole document.
var documentRequests = map[string]map[string]any{
	"textDocument/documentSymbol":       nil,
	"textDocument/foldingRange":         nil,
	"textDocument/semanticTokens/full":  nil,
	"textDocument/semanticTokens/range": {"range": lsptest.Range{End: lsptest.Position{Line: 1000}}},
	"textDocument/inlayHint":            {"range": lsptest.Range{End: lsptest.Position{Line: 1000}}},
	"textDocument/codeAction": {"range": lsptest.Range{End: lsptest.Position{Line: 1000}},
		"context": map[string]any{"diagnostics": []any{}}},
}

// askEverything makes every request on a document, at each position, and
// fails the test if the server stops answering; errors are answers.
func askEverything(t *testing.T, c *lsptest.Client, uri string, at ...lsptest.Position) {
	t.Helper()
	ctx := withTimeout(t)
	call := func(method string, params map[string]any) {
		var res json.RawMessage
		if err := c.Call(ctx, method, params, &res); err != nil && errorCode(err) == 0 {
			t.Fatalf("%s on %s: %v", method, uri, err)
		}
	}
	with := func(extra map[string]any, params map[string]any) map[string]any {
		for k, v := range extra {
			params[k] = v
		}
		return params
	}
	for method, extra := range documentRequests {
		call(method, with(extra, map[string]any{"textDocument": map[string]any{"uri": uri}}))
	}
	for _, pos := range at {
		for method, extra := range positionRequests {
			call(method, with(extra, map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos}))
		}
	}
}

// errorCode is the code of a JSON-RPC error answer, 0 for other errors.
func errorCode(err error) int {
	var rpc *lsptest.Error
	if errors.As(err, &rpc) {
		return rpc.Code
	}
	return 0
}

// hasRuleMentioning reports whether a publication holds a diagnostic of
// the rule whose message holds text.
func hasRuleMentioning(p lsptest.Published, rule, text string) bool {
	for _, d := range p.Diagnostics {
		if d.Code == rule && strings.Contains(d.Message, text) {
			return true
		}
	}
	return false
}

// TestRunawayTemplatesAreDiagnostics checks that templates calling
// themselves without end, through include or through tpl, and a template
// writing more than a render may, give diagnostics: no crash, no stack
// overflow, no memory exhausted.
func TestRunawayTemplatesAreDiagnostics(t *testing.T) {
	folder := t.TempDir()
	writeChart(t, folder, "include-loop", map[string]string{
		"Chart.yaml":          chartYAML("include-loop"),
		"templates/loop.yaml": `{{- define "loop" }}{{ include "loop" . }}{{ end }}` + "\na: {{ include \"loop\" . }}\n",
	})
	writeChart(t, folder, "tpl-loop", map[string]string{
		"Chart.yaml":         chartYAML("tpl-loop"),
		"values.yaml":        "self: '{{ tpl .Values.self . }}'\n",
		"templates/tpl.yaml": "b: {{ tpl .Values.self . }}\n",
	})
	writeChart(t, folder, "output", map[string]string{
		"Chart.yaml":         chartYAML("output"),
		"templates/big.yaml": `{{- $mib := repeat 1048576 "y" }}{{ range until 200 }}{{ $mib }}{{ end }}` + "\n",
	})
	c := sessionIn(t, nil, folder)
	ctx := withTimeout(t)
	for file, want := range map[string]string{
		"include-loop/templates/loop.yaml": "calls itself without end: loop → loop", // the cycle, not Helm's 100 KB
		"tpl-loop/templates/tpl.yaml":      "calls itself without end",
		"output/templates/big.yaml":        "output/templates/big.yaml: the output of the render exceeds its bound of 100 MiB",
	} {
		uri := lsptest.URI(filepath.Join(folder, file))
		got, err := c.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool {
			return hasRuleMentioning(p, "template-render", want)
		})
		if err != nil {
			t.Errorf("%s: no template-render diagnostic saying %q: %v (last %.2000v)", file, want, err, c.Diagnostics(uri))
			continue
		}
		for _, d := range got.Diagnostics {
			if len(d.Message) > 2100 {
				t.Errorf("%s: a message of %d bytes", file, len(d.Message))
			}
		}
	}
	askEverything(t, c, lsptest.URI(filepath.Join(folder, "include-loop/templates/loop.yaml")), lsptest.Position{Line: 1, Character: 18})
}

// TestHoverWhileLintRuns asks for hovers while a chart whose render runs
// for long is linted (a template including one that loops a million
// times): each is answered before the lint ends.
func TestHoverWhileLintRuns(t *testing.T) {
	folder := t.TempDir()
	dir := writeChart(t, folder, "heavy", map[string]string{
		"Chart.yaml":           chartYAML("heavy"),
		"templates/_slow.tpl":  `{{- define "slow" }}{{ range $i := until 20000 }}{{ $x := add $i 2 }}{{ end }}{{ end }}` + "\n",
		"templates/heavy.yaml": "{{- range until 200 }}{{ include \"slow\" $ }}{{ end }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: heavy\n",
	})
	c := sessionIn(t, nil, folder)
	ctx := withTimeout(t)
	progress := func(kind, message string) func(lsptest.Message) bool {
		return func(m lsptest.Message) bool {
			var p struct {
				Value struct{ Kind, Message string } `json:"value"`
			}
			return json.Unmarshal(m.Params, &p) == nil && p.Value.Kind == kind && strings.Contains(p.Value.Message, message)
		}
	}
	// The heavy chart's indexing and lint start once its progress is
	// reported.
	if _, err := c.WaitNotification(ctx, "$/progress", progress("report", "heavy")); err != nil {
		t.Fatalf("no progress for the heavy chart: %v", err)
	}
	uri := lsptest.URI(filepath.Join(dir, "templates/heavy.yaml"))
	for range 3 {
		var res json.RawMessage
		if err := c.Call(ctx, "textDocument/hover", map[string]any{
			"textDocument": map[string]any{"uri": uri}, "position": lsptest.Position{Line: 0, Character: 30},
		}, &res); err != nil {
			t.Fatalf("hover: %v", err)
		}
	}
	if ended := c.Notifications("$/progress"); progress("end", "")(ended[len(ended)-1]) {
		t.Errorf("the lint was over before the hovers were answered: they may have waited for it")
	}
	if _, err := c.WaitNotification(ctx, "$/progress", progress("end", "")); err != nil {
		t.Errorf("the lint did not end: %v", err)
	}
}

// TestStrangeRequests sends requests a client should not send: unknown
// methods, wrong params, URIs that are no files, cancels of nothing. Each
// request gets an answer, notifications none, and the server goes on.
func TestStrangeRequests(t *testing.T) {
	c, folder := session(t, nil, "webapp")
	ctx := withTimeout(t)
	if err := c.Call(ctx, "textDocument/hover", map[string]any{"textDocument": "nope", "position": "here"}, nil); errorCode(err) != -32602 {
		t.Errorf("hover with params of the wrong types: %v, want invalid params", err)
	}
	if err := c.Call(ctx, "textDocument/hover", []int{1, 2}, nil); errorCode(err) != -32602 {
		t.Errorf("hover with params in a list: %v, want invalid params", err)
	}
	for _, n := range []string{"chartwright/noSuchNotification", "$/noSuch", "textDocument/didOpen"} {
		if err := c.Notify(n, map[string]any{"textDocument": 5}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Notify("$/cancelRequest", map[string]any{"id": 424242}); err != nil {
		t.Fatal(err)
	}
	if err := c.Notify("$/cancelRequest", map[string]any{"id": map[string]any{}}); err != nil {
		t.Fatal(err)
	}
	for _, uri := range []string{
		"untitled:Untitled-1", "http://example.com/templates/a.yaml", "file:///no/such/chart/templates/a.yaml",
		"file://server/share/a.yaml", "", "%zz", "file:relative/a.yaml", lsptest.URI(folder),
	} {
		for _, n := range []string{"textDocument/didOpen", "textDocument/didChange", "textDocument/didSave", "textDocument/didClose"} {
			if err := c.Notify(n, map[string]any{
				"textDocument":   map[string]any{"uri": uri, "languageId": "helm", "version": 2, "text": "{{ .Values."},
				"contentChanges": []any{map[string]any{"text": "{{ .Values.x }}"}},
			}); err != nil {
				t.Fatal(err)
			}
		}
		askEverything(t, c, uri, lsptest.Position{}, lsptest.Position{Line: 0, Character: 5})
	}
	var res any = "unset"
	if err := c.Call(ctx, "textDocument/hover", map[string]any{
		"textDocument": map[string]any{"uri": "untitled:Untitled-2"}, "position": lsptest.Position{},
	}, &res); err != nil || res != nil {
		t.Errorf("hover in an untitled buffer: %v, %v; want no result", res, err)
	}
	if n := len(c.Notifications("(unmatched response)")); n != 0 {
		t.Errorf("%d responses to notifications: %+v", n, c.Notifications("(unmatched response)"))
	}
}

// halfTyped are texts an author has in the editor while typing.
var halfTyped = []string{
	"{{", "{{ .Values.", "{{ .Values.image.", `{{ include "`, `{{ include "webapp.`, "{{ if }}", "{{ end }}",
	"{{/*", "{{- /* unclosed", "}}", "{{ $x := }}", "{{ range $i, $e := .Values.", `{{ template "x" . `,
	`{{ define "a" }}`, "{{ .Values.image.tag | ", `{{ printf "%s" (`, "{{ `raw", "{{ 1e999999 }}", "{{ 0x }}",
	"{{ .Values.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t }}", "{{ " + strings.Repeat("(", 5000) + ".Values.x",
	"{{ with .Values.image }}{{ .", `{{ "é😀\t" | `, "{{- -}}", "{{\x00}}", "{{ $ := 1 }}",
}

// TestHalfTypedTemplates types each half-written action into a template,
// at its start and at its end, and asks everything at the cursor and
// around: the server answers each time, and still publishes the
// diagnostics of the last text.
func TestHalfTypedTemplates(t *testing.T) {
	c, folder := session(t, nil, "webapp")
	path := filepath.Join(folder, "webapp/templates/deployment.yaml")
	uri := lsptest.URI(path)
	text := read(t, path)
	if err := c.Open(path, "helm", text); err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(text, "\n")
	version := 1
	for _, typed := range halfTyped {
		for _, edited := range []string{typed + "\n" + text, text + typed} {
			version++
			if err := c.Change(path, version, nil, edited); err != nil {
				t.Fatal(err)
			}
			cursor := lsptest.Position{Line: 0, Character: len(typed)}
			if !strings.HasPrefix(edited, typed) {
				cursor = lsptest.Position{Line: lines, Character: len(typed)}
			}
			askEverything(t, c, uri, cursor, lsptest.Position{Line: cursor.Line, Character: cursor.Character / 2}, lsptest.Position{Line: 3, Character: 10})
		}
	}
	version++
	broken := strings.Replace(text, "{{ .Values.replicaCount }}", "{{ .Values.replicaCount ", 1)
	if broken == text {
		t.Fatal("the template no longer reads .Values.replicaCount: adapt the test")
	}
	if err := c.Change(path, version, nil, broken); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitDiagnostics(withTimeout(t), uri, func(p lsptest.Published) bool {
		return p.Version == version && hasRuleMentioning(p, "template-render", "")
	}); err != nil {
		t.Errorf("no syntax error published for the last text: %v (last %+v)", err, c.Diagnostics(uri))
	}
}

// TestBinaryDocuments opens what is no text: a chart archive of the
// workspace, a template with NUL bytes, and one whose text is not UTF-8
// (sent raw, as a broken client would). The server answers on each, and
// once the archive is closed the chart is as on disk again.
func TestBinaryDocuments(t *testing.T) {
	c, folder := session(t, nil, "shop")
	ctx := withTimeout(t)
	archive := filepath.Join(folder, "shop/charts/common-1.0.0.tgz")
	data, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Open(archive, "plaintext", string(data)); err != nil {
		t.Fatal(err)
	}
	askEverything(t, c, lsptest.URI(archive), lsptest.Position{}, lsptest.Position{Line: 3, Character: 7})

	nul := filepath.Join(folder, "shop/templates/nul.yaml")
	if err := c.Open(nul, "helm", "a: \x00\x01{{ .Values.x }}\x00\nb: {{ \x00 }}\n"); err != nil {
		t.Fatal(err)
	}
	askEverything(t, c, lsptest.URI(nul), lsptest.Position{Character: 6}, lsptest.Position{Line: 1, Character: 5})

	raw := filepath.Join(folder, "shop/templates/latin1.yaml")
	body := []byte(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"` + lsptest.URI(raw) +
		`","languageId":"helm","version":1,"text":"a: caf\xe9 {{ .Values.\xff }}\n"}}}`)
	if err := c.SendRaw(lsptest.Frame(body)); err != nil {
		t.Fatal(err)
	}
	askEverything(t, c, lsptest.URI(raw), lsptest.Position{Character: 14})

	if err := c.Notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": lsptest.URI(archive)}}); err != nil {
		t.Fatal(err)
	}
	statefulset := lsptest.URI(filepath.Join(folder, "shop/charts/db-folder/templates/statefulset.yaml"))
	if _, err := c.WaitDiagnostics(ctx, statefulset, func(p lsptest.Published) bool { return hasDiagnostic(p, "values-undefined", 23) }); err != nil {
		t.Errorf("the chart's findings are not published once the archive is closed: %v", err)
	}
}

// TestHugeDocuments opens a 20 MB document (past the largest file the
// server holds, within the largest message) and sends a 70 MB message
// (past the largest message): the first is held as empty, the second
// answered with an error, and the server goes on.
func TestHugeDocuments(t *testing.T) {
	c, folder := session(t, nil, "webapp")
	ctx := withTimeout(t)
	path := filepath.Join(folder, "webapp/templates/huge.yaml")
	line := "a: {{ .Values.image.tag }} # " + strings.Repeat("x", 70) + "\n"
	if err := c.Open(path, "helm", strings.Repeat(line, 20<<20/len(line))); err != nil {
		t.Fatal(err)
	}
	askEverything(t, c, lsptest.URI(path), lsptest.Position{Line: 1000, Character: 8})
	if err := c.Change(path, 2, &lsptest.Range{Start: lsptest.Position{Line: 5}, End: lsptest.Position{Line: 5}}, "{{ x"); err != nil {
		t.Fatal(err)
	}

	var body bytes.Buffer
	fmt.Fprintf(&body, `{"jsonrpc":"2.0","id":"huge","method":"textDocument/didOpen","params":{"textDocument":{"uri":%q,"text":"`, lsptest.URI(path))
	body.Write(bytes.Repeat([]byte("y"), 70<<20))
	body.WriteString(`"}}}`)
	if err := c.SendRaw(lsptest.Frame(body.Bytes())); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitNotification(ctx, "(unmatched response)", func(m lsptest.Message) bool {
		return m.Error != nil && m.Error.Code == -32700 && strings.Contains(m.Error.Message, "larger than")
	}); err != nil {
		t.Errorf("no error for the 70 MB message: %v", err)
	}
	askEverything(t, c, lsptest.URI(path), lsptest.Position{})
}

// TestChangesOutOfRange sends edits whose ranges lie past the line, past
// the text, backwards or inside a character; the server keeps a text,
// and a whole-text change afterwards is diagnosed at its lines.
func TestChangesOutOfRange(t *testing.T) {
	c, folder := session(t, nil, "webapp")
	path := filepath.Join(folder, "webapp/templates/service.yaml")
	uri := lsptest.URI(path)
	text := "# 😀 é\n" + read(t, path)
	if err := c.Open(path, "helm", text); err != nil {
		t.Fatal(err)
	}
	pos := func(line, char int) lsptest.Position { return lsptest.Position{Line: line, Character: char} }
	version := 1
	for _, r := range []lsptest.Range{
		{Start: pos(0, 3), End: pos(0, 3)},         // inside the surrogate pair
		{Start: pos(0, 500), End: pos(1, 9999)},    // past the line's end
		{Start: pos(10000, 0), End: pos(20000, 5)}, // past the text
		{Start: pos(3, 4), End: pos(1, 0)},         // backwards
		{Start: pos(4294967295, 4294967295), End: pos(0, 0)},
	} {
		version++
		if err := c.Change(path, version, &r, "{{ x }}\n"); err != nil {
			t.Fatal(err)
		}
		askEverything(t, c, uri, r.Start, r.End)
	}
	version++
	if err := c.Notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []any{map[string]any{"range": map[string]any{"start": map[string]any{"line": -1, "character": -5}, "end": map[string]any{"line": 0, "character": 0}}, "text": "x"}},
	}); err != nil {
		t.Fatal(err)
	}
	version++
	if err := c.Change(path, version, nil, "apiVersion: v1\nkind: {{ .Values.kind\n"); err != nil {
		t.Fatal(err)
	}
	got, err := c.WaitDiagnostics(withTimeout(t), uri, func(p lsptest.Published) bool {
		return p.Version == version && hasRuleMentioning(p, "template-render", "unclosed action")
	})
	if err != nil {
		t.Fatalf("no syntax error in the last text: %v (last %+v)", err, c.Diagnostics(uri))
	}
	if len(got.Diagnostics) != 1 {
		t.Errorf("%d diagnostics for the one syntax error: %+v", len(got.Diagnostics), got.Diagnostics)
	}
}

// TestLifecycle speaks to the server out of order: requests before
// initialize are refused, initialize is accepted once, nothing but exit
// after shutdown, and the exit status says whether shutdown came first.
// The server writes its log on stderr and nothing but messages on stdout.
func TestLifecycle(t *testing.T) {
	ctx := withTimeout(t)
	hover := map[string]any{"textDocument": map[string]any{"uri": "untitled:x"}, "position": lsptest.Position{}}

	c, err := lsptest.Start(binary, "lsp", "--log-level", "debug")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Kill()
	if err := c.Call(ctx, "textDocument/hover", hover, nil); errorCode(err) != -32002 {
		t.Errorf("hover before initialize: %v, want server not initialized", err)
	}
	if err := c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "file:///x.yaml", "text": "x"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Initialize(ctx, nil, t.TempDir()); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if err := c.Call(ctx, "initialize", map[string]any{"capabilities": map[string]any{}}, nil); errorCode(err) != -32600 {
		t.Errorf("a second initialize: %v, want invalid request", err)
	}
	if err := c.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if err := c.Call(ctx, "textDocument/hover", hover, nil); errorCode(err) != -32600 {
		t.Errorf("hover after shutdown: %v, want invalid request", err)
	}
	if err := c.Notify("exit", nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Wait(); err != nil {
		t.Errorf("exit after shutdown: %v, want status 0", err)
	}
	if v := c.Violations(); len(v) > 0 {
		t.Errorf("stdout carried what is not a message: %q", v)
	}
	if !strings.Contains(c.Stderr(), "msg=initialize") {
		t.Errorf("the log is not on stderr:\n%s", c.Stderr())
	}

	c2, err := lsptest.Start(binary, "lsp")
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Kill()
	if _, err := c2.Initialize(ctx, nil, t.TempDir()); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if err := c2.Notify("exit", nil); err != nil {
		t.Fatal(err)
	}
	var exit *exec.ExitError
	if err := c2.Wait(); !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("exit without shutdown: %v, want status 1", err)
	}
}

// TestSyntaxErrorHidesNoReads breaks a template while typing, then fixes
// it: what the template reads is not hidden from the rules meanwhile, so
// values.yaml gets no "unused" diagnostics for the keys only it reads.
func TestSyntaxErrorHidesNoReads(t *testing.T) {
	c, folder := session(t, nil, "webapp")
	ctx := withTimeout(t)
	if _, err := c.WaitNotification(ctx, "$/progress", func(m lsptest.Message) bool {
		return strings.Contains(string(m.Params), `"kind":"end"`)
	}); err != nil {
		t.Fatalf("indexing did not end: %v", err)
	}
	values := lsptest.URI(filepath.Join(folder, "webapp/values.yaml"))
	before := c.Diagnostics(values)
	path := filepath.Join(folder, "webapp/templates/deployment.yaml")
	uri := lsptest.URI(path)
	text := read(t, path)
	if err := c.Open(path, "helm", text); err != nil {
		t.Fatal(err)
	}
	for version, edited := range []string{2: "{{ ) }}\n" + text, 3: text} {
		if edited == "" {
			continue
		}
		if err := c.Change(path, version, nil, edited); err != nil {
			t.Fatal(err)
		}
		if _, err := c.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool {
			return p.Version == version && hasDiagnostic(p, "template-render", 0) == (version == 2)
		}); err != nil {
			t.Fatalf("version %d: %v (last %+v)", version, err, c.Diagnostics(uri))
		}
	}
	if after := c.Diagnostics(values); after.Count != before.Count {
		t.Errorf("values.yaml got %d publications while the template was broken, last %+v", after.Count-before.Count, after.Diagnostics)
	}
}
