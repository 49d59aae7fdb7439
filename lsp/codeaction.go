package lsp

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

// codeActionKinds are the kinds of code actions the server offers.
var codeActionKinds = []protocol.CodeActionKind{protocol.QuickFix, protocol.Source}

// codeAction offers quick fixes for the diagnostics the client sends, and
// the chart commands as source actions.
func (s *Server) codeAction(ctx context.Context, snap *cache.Snapshot, params *protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	doc, err := document(snap, params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	actions := []protocol.CodeAction{}
	if wantsKind(params.Context.Only, protocol.QuickFix) {
		fixes, err := quickFixes(ctx, snap, doc, params.Context.Diagnostics)
		if err != nil {
			return nil, err
		}
		for _, f := range fixes {
			if action, ok := fixAction(doc.Root, f); ok {
				actions = append(actions, action)
			}
		}
	}
	if wantsKind(params.Context.Only, protocol.Source) {
		actions = append(actions, sourceActions(snap, doc)...)
	}
	return actions, nil
}

// wantsKind reports whether a request for the kinds only (all when
// empty) takes actions of kind: LSP kinds are hierarchical, "source"
// taking "source.x".
func wantsKind(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(string(kind), string(o)+".") {
			return true
		}
	}
	return false
}

// diagnosticFix is a fix of the finding behind a diagnostic.
type diagnosticFix struct {
	diagnostic protocol.Diagnostic
	fix        lint.Fix
}

// quickFixes returns the fixes of the findings behind the diagnostics, as
// the snapshot finds them: a diagnostic is matched to a finding of the
// document by its code (the rule) and range, never trusted as sent. The
// quick lint is asked first; the whole lint, which renders, only for
// diagnostics the quick one does not explain.
func quickFixes(ctx context.Context, snap *cache.Snapshot, doc *cache.Document, diags []protocol.Diagnostic) ([]diagnosticFix, error) {
	pending := ownDiagnostics(diags)
	if doc.Root == nil || len(pending) == 0 {
		return nil, nil
	}
	var out []diagnosticFix
	for _, full := range []bool{false, true} {
		findings, err := doc.Root.Lint(ctx, snap.Rules(), full)
		if err != nil {
			return nil, err
		}
		var found []diagnosticFix
		found, pending = matchFindings(doc, findings, pending)
		out = append(out, found...)
		if len(pending) == 0 {
			break
		}
	}
	return out, nil
}

// ownDiagnostics are the diagnostics the server published: chartwright's,
// with a rule as code.
func ownDiagnostics(diags []protocol.Diagnostic) []protocol.Diagnostic {
	var out []protocol.Diagnostic
	for _, d := range diags {
		if d.Source == "chartwright" && d.Code != nil {
			out = append(out, d)
		}
	}
	return out
}

// matchFindings pairs diagnostics with the findings of the document of
// the same rule and range, and returns the fixes of those findings, and
// the diagnostics no finding explains.
func matchFindings(doc *cache.Document, findings []lint.Finding, diags []protocol.Diagnostic) (fixes []diagnosticFix, unmatched []protocol.Diagnostic) {
	type key struct {
		rule string
		rng  protocol.Range
	}
	byKey := map[key][]*lint.Finding{} // an index: a request may carry thousands of diagnostics
	for i := range findings {
		if f := &findings[i]; f.Span.File == doc.File {
			k := key{string(f.Rule), spanRange(f.Span)}
			byKey[k] = append(byKey[k], f)
		}
	}
	for _, d := range diags {
		matching := byKey[key{fmt.Sprint(d.Code), d.Range}]
		if len(matching) == 0 {
			unmatched = append(unmatched, d)
			continue
		}
		titles := map[string]bool{}
		for _, f := range matching {
			for _, fix := range f.Fixes {
				if !titles[fix.Title] {
					titles[fix.Title] = true
					fixes = append(fixes, diagnosticFix{diagnostic: d, fix: fix})
				}
			}
		}
	}
	return fixes, unmatched
}

// fixAction converts a fix to a quick fix; a fix that edits a file inside
// a chart archive, which no editor can open, is dropped.
func fixAction(root *cache.Root, f diagnosticFix) (protocol.CodeAction, bool) {
	changes := map[protocol.DocumentURI][]protocol.TextEdit{}
	for _, e := range f.fix.Edits {
		path, onDisk := root.Path(e.Span.File)
		if !onDisk {
			return protocol.CodeAction{}, false
		}
		uri := fileURI(path)
		changes[uri] = append(changes[uri], protocol.TextEdit{Range: spanRange(e.Span), NewText: e.NewText})
	}
	return protocol.CodeAction{
		Title:       f.fix.Title,
		Kind:        protocol.QuickFix,
		Diagnostics: []protocol.Diagnostic{f.diagnostic},
		Edit:        &protocol.WorkspaceEdit{Changes: changes},
	}, true
}

// sourceActions are the chart commands for a document, run with show set
// (a client discards the result of a code action's command): on a file
// of a chart tree, preview and package its root chart and index the
// folder holding that chart, where packaging puts the archive; on another
// file, index the workspace folder holding it.
func sourceActions(snap *cache.Snapshot, doc *cache.Document) []protocol.CodeAction {
	show := map[string]any{"show": true}
	action := func(title, cmd, path string) protocol.CodeAction {
		return protocol.CodeAction{Title: title, Kind: protocol.Source, Command: &protocol.Command{
			Title: title, Command: cmd, Arguments: []any{string(fileURI(path)), show},
		}}
	}
	if doc.Root == nil {
		folder := workspaceFolder(snap, doc.Path)
		if folder == "" {
			return nil
		}
		return []protocol.CodeAction{action("Index the chart repository in "+filepath.Base(folder), cmdIndexRepository, folder)}
	}
	dir, name := doc.Root.Dir, chartName(doc.Root)
	parent := filepath.Dir(dir)
	return []protocol.CodeAction{
		action("Preview the rendered manifests of chart "+name, cmdRenderPreview, dir),
		action(fmt.Sprintf("Package chart %s into %s", name, parent), cmdPackageChart, dir),
		action("Index the chart repository in "+filepath.Base(parent), cmdIndexRepository, parent),
	}
}

// chartName is a root chart's name, its folder's when it did not load.
func chartName(root *cache.Root) string {
	if c := root.Load().Chart; c != nil && c.Metadata != nil && c.Metadata.Name != "" {
		return c.Metadata.Name
	}
	return filepath.Base(root.Dir)
}

// workspaceFolder is the innermost workspace folder holding path, "" for
// none.
func workspaceFolder(snap *cache.Snapshot, path string) string {
	best := ""
	for _, f := range snap.Folders {
		if strings.HasPrefix(path, f+string(filepath.Separator)) && len(f) > len(best) {
			best = f
		}
	}
	return best
}
