package lsp

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

// applyEdits applies LSP text edits to a file's text, as a client does.
func applyEdits(t *testing.T, text []byte, edits []protocol.TextEdit) []byte {
	t.Helper()
	f := &source.File{Data: text}
	type change struct {
		start, end int
		text       string
	}
	var changes []change
	for _, e := range edits {
		changes = append(changes, change{offsetOf(f, e.Range.Start), offsetOf(f, e.Range.End), e.NewText})
	}
	slices.SortFunc(changes, func(a, b change) int { return b.start - a.start })
	out := slices.Clone(text)
	for i, c := range changes {
		if i > 0 && c.end > changes[i-1].start {
			t.Fatalf("overlapping edits %+v", edits)
		}
		out = append(out[:c.start:c.start], append([]byte(c.text), out[c.end:]...)...)
	}
	return out
}

// applyFixEdits applies a fix's edits of the file f to its text.
func applyFixEdits(t *testing.T, text []byte, edits []lint.Edit, f *source.File) []byte {
	t.Helper()
	var mine []lint.Edit
	for _, e := range edits {
		if e.Span.File == f {
			mine = append(mine, e)
		}
	}
	slices.SortFunc(mine, func(a, b lint.Edit) int { return b.Span.Start - a.Span.Start })
	out := slices.Clone(text)
	for _, e := range mine {
		out = append(out[:e.Span.Start:e.Span.Start], append([]byte(e.NewText), out[e.Span.End:]...)...)
	}
	return out
}

// applyWorkspaceEdit writes a workspace edit to the files on disk and
// returns their paths.
func applyWorkspaceEdit(t *testing.T, edit *protocol.WorkspaceEdit) []string {
	t.Helper()
	var paths []string
	for uri, edits := range edit.Changes {
		path, err := uriPath(uri)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, string(applyEdits(t, []byte(readString(t, path)), edits)))
		paths = append(paths, path)
	}
	return paths
}

// published is the diagnostic the server publishes for a finding.
func published(root *cache.Root, f lint.Finding) protocol.Diagnostic {
	return toDiagnostic(f, root, false)
}

// TestQuickFixes asks for the quick fixes of each published diagnostic of
// the fixes chart, applies each to a fresh copy of the chart and lints
// the snapshot that follows: the finding is gone.
func TestQuickFixes(t *testing.T) {
	w, folder := workspaceOf(t, "fixes")
	snap := w.Snapshot()
	root := snap.Root(filepath.Join(folder, "fixes"))
	findings, err := root.Lint(context.Background(), snap.Rules(), true)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"charts/sub-folder/templates/configmap.yaml values-undefined .Values.settings.level": {"add settings.level to charts/sub-folder/values.yaml"},
		"templates/cronjob.yaml manifest-deprecated-api batch/v1beta1":                       {"use apiVersion batch/v1"},
		"templates/deployment.yaml template-unknown-include fixes.nmae":                      {`use "fixes.name"`},
		"templates/deployment.yaml values-undefined .Values.image.tga":                       {"use .Values.image.tag", "add image.tga to values.yaml"},
		"templates/deployment.yaml values-undefined .Values.image.pullPolicy":                {"add image.pullPolicy to values.yaml"},
		"values.yaml values-unused legacy":                                                   {"remove legacy from values.yaml"},
		"values.yaml values-unused image.tag":                                                {"remove image.tag from values.yaml"},
	}
	seen := 0
	for _, f := range findings {
		if f.Span.File == nil {
			continue
		}
		key := ""
		for k := range want {
			parts := strings.SplitN(k, " ", 3)
			if f.Path == parts[0] && string(f.Rule) == parts[1] && strings.Contains(f.Message, parts[2]) {
				key = k
			}
		}
		if key == "" {
			continue
		}
		seen++
		path := filepath.Join(root.Dir, filepath.FromSlash(f.Path))
		doc, err := snap.Document(path)
		if err != nil {
			t.Fatal(err)
		}
		fixes, err := quickFixes(context.Background(), snap, doc, []protocol.Diagnostic{published(root, f)})
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, fx := range fixes {
			titles = append(titles, fx.fix.Title)
		}
		if !slices.Equal(titles, want[key]) {
			t.Errorf("%s: fixes %q, want %q", key, titles, want[key])
		}
		for _, fx := range fixes {
			t.Run(fx.fix.Title, func(t *testing.T) { checkFixResolves(t, fx, f) })
		}
	}
	if seen != len(want) {
		t.Errorf("%d of the %d findings with fixes were found", seen, len(want))
	}
}

// checkFixResolves applies a quick fix to a fresh copy of the fixes chart
// and checks that the finding is gone from the next snapshot's lint.
func checkFixResolves(t *testing.T, fx diagnosticFix, f lint.Finding) {
	w, folder := workspaceOf(t, "fixes")
	snap := w.Snapshot()
	root := snap.Root(filepath.Join(folder, "fixes"))
	doc, err := snap.Document(filepath.Join(root.Dir, filepath.FromSlash(f.Path)))
	if err != nil {
		t.Fatal(err)
	}
	fixes, err := quickFixes(context.Background(), snap, doc, []protocol.Diagnostic{fx.diagnostic})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(fixes, func(d diagnosticFix) bool { return d.fix.Title == fx.fix.Title })
	if i < 0 {
		t.Fatalf("no fix %q in this copy", fx.fix.Title)
	}
	action, ok := fixAction(root, fixes[i])
	if !ok || action.Kind != protocol.QuickFix || len(action.Diagnostics) != 1 {
		t.Fatalf("action %+v", action)
	}
	for _, e := range fixes[i].fix.Edits { // the LSP edit is the finding's fix
		want := string(applyFixEdits(t, e.Span.File.Data, fixes[i].fix.Edits, e.Span.File))
		path, _ := root.Path(e.Span.File)
		if got := string(applyEdits(t, e.Span.File.Data, action.Edit.Changes[fileURI(path)])); got != want {
			t.Errorf("%s after the quick fix:\n%s\nwant\n%s", path, got, want)
		}
	}
	snap = w.DiskChanged(applyWorkspaceEdit(t, action.Edit))
	after, err := snap.Root(root.Dir).Lint(context.Background(), snap.Rules(), true)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range after {
		if g.Rule == f.Rule && g.Path == f.Path && g.Message == f.Message {
			t.Errorf("the finding is still there after the fix: %s", g.Message)
		}
	}
}

// Diagnostics the snapshot does not explain (an older range, another
// server's) get no fix, and the handler honours the kinds asked for.
func TestCodeActionMatching(t *testing.T) {
	w, folder := workspaceOf(t, "fixes")
	snap := w.Snapshot()
	path := filepath.Join(folder, "fixes/values.yaml")
	root := snap.Root(path)
	findings, err := root.Lint(context.Background(), snap.Rules(), false)
	if err != nil {
		t.Fatal(err)
	}
	var unused protocol.Diagnostic
	for _, f := range findings {
		if f.Rule == "values-unused" && strings.HasPrefix(f.Message, "legacy") {
			unused = published(root, f)
		}
	}
	if unused.Code == nil {
		t.Fatal("no values-unused finding for legacy")
	}
	moved := unused
	moved.Range.Start.Line++
	moved.Range.End.Line++
	other := unused
	other.Source = "yaml"
	s := &Server{}
	params := &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: fileURI(path)}}
	for _, tt := range []struct {
		name  string
		diags []protocol.Diagnostic
		only  []protocol.CodeActionKind
		want  []string
	}{
		{"matching", []protocol.Diagnostic{unused}, []protocol.CodeActionKind{protocol.QuickFix}, []string{"remove legacy from values.yaml"}},
		{"stale range", []protocol.Diagnostic{moved}, []protocol.CodeActionKind{protocol.QuickFix}, nil},
		{"another source", []protocol.Diagnostic{other}, []protocol.CodeActionKind{protocol.QuickFix}, nil},
		{"source only", []protocol.Diagnostic{unused}, []protocol.CodeActionKind{protocol.Source}, []string{
			"Preview the rendered manifests of chart fixes", "Package chart fixes into " + folder, "Index the chart repository in " + filepath.Base(folder)}},
		{"refactor only", []protocol.Diagnostic{unused}, []protocol.CodeActionKind{protocol.Refactor}, nil},
	} {
		params.Context = protocol.CodeActionContext{Diagnostics: tt.diags, Only: tt.only}
		actions, err := s.codeAction(context.Background(), snap, params)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, a := range actions {
			titles = append(titles, a.Title)
		}
		if !slices.Equal(titles, tt.want) {
			t.Errorf("%s: actions %q, want %q", tt.name, titles, tt.want)
		}
	}
}

// Source actions run the commands with show set, on the root chart for a
// subchart's file; a file outside charts may index its workspace folder.
func TestSourceActions(t *testing.T) {
	w, folder := workspaceOf(t, "fixes")
	writeFile(t, filepath.Join(folder, "notes", "README.md"), "# notes\n")
	snap := w.DiskChanged([]string{filepath.Join(folder, "notes", "README.md")})
	doc, err := snap.Document(filepath.Join(folder, "fixes/charts/sub-folder/templates/configmap.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	chartURI, folderURI := string(fileURI(filepath.Join(folder, "fixes"))), string(fileURI(folder))
	want := []struct{ command, uri string }{{cmdRenderPreview, chartURI}, {cmdPackageChart, chartURI}, {cmdIndexRepository, folderURI}}
	actions := sourceActions(snap, doc)
	if len(actions) != len(want) {
		t.Fatalf("actions %+v", actions)
	}
	for i, a := range actions {
		c := a.Command
		if a.Kind != protocol.Source || c == nil || c.Command != want[i].command || c.Arguments[0] != want[i].uri ||
			c.Arguments[1].(map[string]any)["show"] != true {
			t.Errorf("action %d: %+v, want %s on %s", i, c, want[i].command, want[i].uri)
		}
	}
	doc, err = snap.Document(filepath.Join(folder, "notes", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	actions = sourceActions(snap, doc)
	if len(actions) != 1 || actions[0].Command.Command != cmdIndexRepository || actions[0].Command.Arguments[0] != folderURI {
		t.Errorf("outside charts: %+v", actions)
	}
	if _, err := os.Stat(filepath.Join(folder, "index.yaml")); err == nil {
		t.Error("offering an action ran it")
	}
}

// TestMatchFindingsPairsByRuleAndRange pairs each diagnostic with the
// findings of its rule and range only, gives a title's fix once per
// diagnostic, and returns the diagnostics no finding explains, among many.
func TestMatchFindingsPairsByRuleAndRange(t *testing.T) {
	var text strings.Builder
	for range 2000 {
		text.WriteString("key: value\n")
	}
	f := &source.File{Data: []byte(text.String())}
	other := &source.File{Data: f.Data}
	doc := &cache.Document{File: f}
	line := func(file *source.File, i int) source.Span {
		return source.Span{File: file, Start: i * 11, End: i*11 + 3}
	}
	fix := func(title string) []lint.Fix { return []lint.Fix{{Title: title}} }
	var findings []lint.Finding
	var diags []protocol.Diagnostic
	for i := range 2000 {
		findings = append(findings, lint.Finding{Rule: "a", Span: line(f, i), Fixes: fix("fix a")})
		diags = append(diags, protocol.Diagnostic{Code: "a", Range: spanRange(line(f, i))})
	}
	findings = append(findings,
		lint.Finding{Rule: "a", Span: line(f, 7), Fixes: fix("fix a")},       // the same title again: once
		lint.Finding{Rule: "a", Span: line(f, 7), Fixes: fix("another fix")}, // another title: twice in all
		lint.Finding{Rule: "b", Span: line(f, 8), Fixes: fix("fix b")},       // another rule: not line 8's
		lint.Finding{Rule: "a", Span: line(other, 9), Fixes: fix("elsewhere")})
	diags = append(diags, protocol.Diagnostic{Code: "c", Range: spanRange(line(f, 3))})

	fixes, unmatched := matchFindings(doc, findings, diags)
	if len(fixes) != 2001 {
		t.Errorf("%d fixes, want 2001", len(fixes))
	}
	titles := map[string]int{}
	for _, df := range fixes {
		if df.diagnostic.Range == spanRange(line(f, 7)) {
			titles[df.fix.Title]++
		}
		if df.fix.Title == "fix b" || df.fix.Title == "elsewhere" {
			t.Errorf("fix %q of another rule or file given", df.fix.Title)
		}
	}
	if titles["fix a"] != 1 || titles["another fix"] != 1 {
		t.Errorf("line 7's fixes: %v, want each title once", titles)
	}
	if len(unmatched) != 1 || unmatched[0].Code != "c" {
		t.Errorf("unmatched %v, want the diagnostic of rule c", unmatched)
	}
}
