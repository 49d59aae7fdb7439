package lsp_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// codeAction is an LSP code action as the tests read it.
type codeAction struct {
	Title string `json:"title"`
	Kind  string `json:"kind"`
	Edit  *struct {
		Changes map[string][]textEdit `json:"changes"`
	} `json:"edit"`
	Command *struct {
		Command   string `json:"command"`
		Arguments []any  `json:"arguments"`
	} `json:"command"`
}

type textEdit struct {
	Range   lsptest.Range `json:"range"`
	NewText string        `json:"newText"`
}

// codeActions asks for the code actions of kinds only at a diagnostic.
func codeActions(ctx context.Context, c *lsptest.Client, path string, d lsptest.Diagnostic, only ...string) ([]codeAction, error) {
	var actions []codeAction
	err := c.Call(ctx, "textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": lsptest.URI(path)},
		"range":        d.Range,
		"context":      map[string]any{"diagnostics": []lsptest.Diagnostic{d}, "only": only},
	}, &actions)
	return actions, err
}

// offsetAt converts an LSP position (UTF-16 characters) to a byte offset.
func offsetAt(text string, p lsptest.Position) int {
	off := 0
	for line := 0; line < p.Line; line++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	for units := 0; units < p.Character && off < len(text) && text[off] != '\n'; {
		r, size := utf8.DecodeRuneInString(text[off:])
		units += utf16.RuneLen(r)
		off += size
	}
	return off
}

// applyTextEdits applies edits to text, as an editor does.
func applyTextEdits(text string, edits []textEdit) string {
	sorted := slices.Clone(edits)
	slices.SortFunc(sorted, func(a, b textEdit) int { return offsetAt(text, b.Range.Start) - offsetAt(text, a.Range.Start) })
	for _, e := range sorted {
		text = text[:offsetAt(text, e.Range.Start)] + e.NewText + text[offsetAt(text, e.Range.End):]
	}
	return text
}

// diagnosticOf finds a diagnostic of the rule whose message holds what.
func diagnosticOf(p lsptest.Published, rule, what string) (lsptest.Diagnostic, bool) {
	for _, d := range p.Diagnostics {
		if d.Code == rule && strings.Contains(d.Message, what) {
			return d, true
		}
	}
	return lsptest.Diagnostic{}, false
}

// TestQuickFixesEndToEnd covers each kind of quick fix: the server offers
// the fixes of the diagnostic it published; applied as an editor applies
// a workspace edit (the open document through didChange, other files on
// disk, reported as watched files), the diagnostic goes away.
func TestQuickFixesEndToEnd(t *testing.T) {
	for _, tt := range []struct {
		file, rule, what string
		titles           []string
		// want is text the fixed file holds, in the file edited.
		edited, want string
	}{
		{"templates/deployment.yaml", "values-undefined", ".Values.image.tga", []string{"use .Values.image.tag", "add image.tga to values.yaml"},
			"templates/deployment.yaml", `:{{ .Values.image.tag }}"`},
		{"templates/deployment.yaml", "values-undefined", ".Values.image.pullPolicy", []string{"add image.pullPolicy to values.yaml"},
			"values.yaml", "  tag: \"1.27\"\n  pullPolicy: null\n\n# Left over"},
		{"charts/sub-folder/templates/configmap.yaml", "values-undefined", ".Values.settings.level", []string{"add settings.level to charts/sub-folder/values.yaml"},
			"charts/sub-folder/values.yaml", "settings:\n  mode: fast\n  level: null\n"},
		{"values.yaml", "values-unused", "legacy", []string{"remove legacy from values.yaml"},
			"values.yaml", "  tag: \"1.27\"\n\nservice:\n"},
		{"templates/deployment.yaml", "template-unknown-include", `"fixes.nmae"`, []string{`use "fixes.name"`},
			"templates/deployment.yaml", `    app: {{ include "fixes.name" . }}`},
		{"templates/cronjob.yaml", "manifest-deprecated-api", "batch/v1beta1 CronJob", []string{"use apiVersion batch/v1"},
			"templates/cronjob.yaml", "apiVersion: batch/v1\nkind: CronJob\n"},
	} {
		t.Run(tt.titles[0], func(t *testing.T) {
			c, folder := session(t, nil, "fixes")
			ctx := withTimeout(t)
			path := filepath.Join(folder, "fixes", tt.file)
			uri := lsptest.URI(path)
			text := read(t, path)
			if err := c.Open(path, "helm", text); err != nil {
				t.Fatal(err)
			}
			published, err := c.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool { _, ok := diagnosticOf(p, tt.rule, tt.what); return ok })
			if err != nil {
				t.Fatalf("no %s diagnostic about %s: %v (last %+v)", tt.rule, tt.what, err, c.Diagnostics(uri))
			}
			d, _ := diagnosticOf(published, tt.rule, tt.what)
			actions, err := codeActions(ctx, c, path, d, "quickfix")
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, a := range actions {
				titles = append(titles, a.Title)
			}
			if !slices.Equal(titles, tt.titles) || actions[0].Kind != "quickfix" || actions[0].Edit == nil {
				t.Fatalf("actions %+v, want %q", actions, tt.titles)
			}
			fixed := applyWorkspaceEdit(t, c, path, text, actions[0].Edit.Changes)
			if got := fixed[filepath.Join(folder, "fixes", tt.edited)]; !strings.Contains(got, tt.want) {
				t.Errorf("%s after the fix:\n%s\nwant it to hold\n%s", tt.edited, got, tt.want)
			}
			if _, err := c.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool {
				return p.Count > published.Count && !slices.ContainsFunc(p.Diagnostics, func(g lsptest.Diagnostic) bool {
					return g.Code == tt.rule && g.Range.Start.Line == d.Range.Start.Line
				})
			}); err != nil {
				t.Fatalf("the diagnostic is still there after %q: %v (last %+v)", tt.titles[0], err, c.Diagnostics(uri))
			}
		})
	}
}

// applyWorkspaceEdit applies edits keyed by URI: the open document's
// through didChange, the others' on disk, then reported as changed. It
// returns the new text of each file edited, by path.
func applyWorkspaceEdit(t *testing.T, c *lsptest.Client, open, openText string, changes map[string][]textEdit) map[string]string {
	t.Helper()
	var onDisk []map[string]any
	fixed := map[string]string{}
	for uri, edits := range changes {
		if uri == lsptest.URI(open) {
			fixed[open] = applyTextEdits(openText, edits)
			if err := c.Change(open, 2, nil, fixed[open]); err != nil {
				t.Fatal(err)
			}
			continue
		}
		path := strings.TrimPrefix(uri, "file://")
		fixed[path] = applyTextEdits(read(t, path), edits)
		if err := os.WriteFile(path, []byte(fixed[path]), 0o644); err != nil {
			t.Fatal(err)
		}
		onDisk = append(onDisk, map[string]any{"uri": uri, "type": 2})
	}
	if len(onDisk) > 0 {
		if err := c.Notify("workspace/didChangeWatchedFiles", map[string]any{"changes": onDisk}); err != nil {
			t.Fatal(err)
		}
	}
	return fixed
}

// TestSourceActionsEndToEnd: a chart's file offers the chart commands;
// run from a code action (show set), they show their outcome: packaging
// and indexing in a message, the preview as a document the client is
// asked to open, or named in a message when the client will not open it.
func TestSourceActionsEndToEnd(t *testing.T) {
	c, folder := session(t, nil, "fixes")
	ctx := withTimeout(t)
	waitIndexed(ctx, t, c)
	path := filepath.Join(folder, "fixes/templates/deployment.yaml")
	actions, err := codeActions(ctx, c, path, lsptest.Diagnostic{}, "source")
	if err != nil {
		t.Fatal(err)
	}
	commands := map[string][]any{}
	for _, a := range actions {
		if a.Kind != "source" || a.Command == nil {
			t.Fatalf("action %+v", a)
		}
		commands[a.Command.Command] = a.Command.Arguments
	}
	chartURI := lsptest.URI(filepath.Join(folder, "fixes"))
	if len(actions) != 3 || commands["chartwright.renderPreview"][0] != chartURI || commands["chartwright.packageChart"][0] != chartURI ||
		commands["chartwright.indexRepository"][0] != lsptest.URI(folder) {
		t.Fatalf("source actions %+v", actions)
	}

	var pkg packaged
	if err := execute(ctx, c, "chartwright.packageChart", &pkg, commands["chartwright.packageChart"]...); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitNotification(ctx, "window/showMessage", func(m lsptest.Message) bool {
		return strings.Contains(string(m.Params), "packaged "+pkg.Path)
	}); err != nil {
		t.Errorf("no message about the package: %v", err)
	}
	var index struct{ Entries int }
	if err := execute(ctx, c, "chartwright.indexRepository", &index, commands["chartwright.indexRepository"]...); err != nil || index.Entries != 1 {
		t.Errorf("index: %+v %v", index, err)
	}

	var got preview
	if err := execute(ctx, c, "chartwright.renderPreview", &got, commands["chartwright.renderPreview"]...); err != nil {
		t.Fatal(err)
	}
	m, err := c.WaitNotification(ctx, "window/showMessage", func(m lsptest.Message) bool {
		return strings.Contains(string(m.Params), "the rendered manifests of fixes are in ")
	})
	if err != nil {
		t.Fatalf("a client that does not open documents is not told where the preview is: %v", err)
	}
	var shown struct{ Message string }
	json.Unmarshal(m.Params, &shown)
	file := shown.Message[strings.Index(shown.Message, " are in ")+len(" are in "):]
	if read(t, file) != got.Text {
		t.Errorf("%s does not hold the preview", file)
	}

	opened := make(chan string, 1)
	c.Handle("window/showDocument", func(params json.RawMessage) (any, error) {
		var p struct{ URI string }
		json.Unmarshal(params, &p)
		opened <- p.URI
		return map[string]any{"success": true}, nil
	})
	if err := execute(ctx, c, "chartwright.renderPreview", &got, commands["chartwright.renderPreview"]...); err != nil {
		t.Fatal(err)
	}
	select {
	case uri := <-opened:
		if uri != lsptest.URI(file) {
			t.Errorf("the client is asked to open %s, want %s", uri, file)
		}
	default:
		t.Error("the client was not asked to open the preview")
	}
}

// A code action request for a document that is not a file gets no actions.
func TestCodeActionNotFile(t *testing.T) {
	c, _ := session(t, nil, "fixes")
	ctx := withTimeout(t)
	var actions []codeAction
	err := c.Call(ctx, "textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": "untitled:Untitled-1"},
		"range":        lsptest.Range{},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions)
	if err != nil || actions != nil {
		t.Errorf("untitled document: %+v %v", actions, err)
	}
}
