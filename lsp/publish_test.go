package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/lsp/lsptest"
)

// TestStalePublication publishes diagnostics out of order, as slow work
// for an old snapshot may finish after quick work for a new one: what an
// older snapshot found is never published once a newer one is scheduled,
// and a quick pass never replaces its own snapshot's whole lint.
func TestStalePublication(t *testing.T) {
	s, c := startInProcess(t, nil)
	ctx := withTestTimeout(t)

	folder := t.TempDir()
	if err := os.CopyFS(filepath.Join(folder, "shop"), os.DirFS("../testdata/charts/shop")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(folder, "shop/templates/service.yaml")
	s.ws.SetFolders([]string{folder})
	old := s.ws.Open(path, 1, []byte("a: 1\n"))
	fresh := s.ws.Open(path, 2, []byte("a: 2\n"))
	oldRoot, freshRoot := old.Root(path), fresh.Root(path)
	say := func(snapRoot func() *source.File, msg string) []lint.Finding {
		return []lint.Finding{{Rule: "template-render", Severity: lint.Error, Span: source.Span{File: snapRoot()}, Message: msg}}
	}
	oldFile := func() *source.File { _, f := oldRoot.FileAt(path); return f }
	freshFile := func() *source.File { _, f := freshRoot.FileAt(path); return f }

	s.diags.mu.Lock()
	s.diags.latest[freshRoot.Dir] = fresh.ID
	s.diags.mu.Unlock()
	s.diags.publish(ctx, fresh, freshRoot, phaseFull, say(freshFile, "whole lint of the new snapshot"))
	s.diags.publish(ctx, fresh, freshRoot, phaseQuick, say(freshFile, "quick pass of the new snapshot"))
	s.diags.publish(ctx, old, oldRoot, phaseFull, say(oldFile, "whole lint of the old snapshot"))
	s.diags.publish(ctx, fresh, freshRoot, phaseFull, say(freshFile, "whole lint of the new snapshot, again"))

	uri := lsptest.URI(path)
	if _, err := c.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool {
		return len(p.Diagnostics) == 1 && strings.HasSuffix(p.Diagnostics[0].Message, "again")
	}); err != nil {
		t.Fatalf("the last publication never came: %v", err)
	}
	for _, m := range c.Notifications("textDocument/publishDiagnostics") {
		var p struct {
			Diagnostics []struct{ Message string } `json:"diagnostics"`
		}
		if err := json.Unmarshal(m.Params, &p); err != nil {
			t.Fatal(err)
		}
		for _, d := range p.Diagnostics {
			if strings.Contains(d.Message, "old snapshot") || strings.Contains(d.Message, "quick pass") {
				t.Errorf("published: %s", d.Message)
			}
		}
	}
}

// TestStillValid checks which of a whole lint's findings the quick pass
// of a later snapshot keeps: those in files the edit left alone and those
// about the chart as a whole, not those in the edited file, whose spans
// no longer fit its text.
func TestStillValid(t *testing.T) {
	folder := t.TempDir()
	if err := os.CopyFS(filepath.Join(folder, "shop"), os.DirFS("../testdata/charts/shop")); err != nil {
		t.Fatal(err)
	}
	w := cache.NewWorkspace(nil)
	before := w.SetFolders([]string{folder})
	edited, kept := filepath.Join(folder, "shop/templates/service.yaml"), filepath.Join(folder, "shop/templates/deployment.yaml")
	root := before.Root(edited)
	_, editedFile := root.FileAt(edited)
	_, keptFile := root.FileAt(kept)
	findings := []lint.Finding{
		{Rule: "r", Message: "in the edited file", Span: source.Span{File: editedFile}},
		{Rule: "r", Message: "in another file", Span: source.Span{File: keptFile}},
		{Rule: "r", Message: "about the chart"},
	}
	after := w.Open(edited, 1, []byte("kind: Service\n"))
	var got []string
	for _, f := range stillValid(after.Root(edited), findings) {
		got = append(got, f.Message)
	}
	if strings.Join(got, "; ") != "in another file; about the chart" {
		t.Errorf("kept %q", got)
	}
}
