package lsp

import (
	"context"
	"errors"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

// Documents the editor opens, changes, saves and closes, and files changed
// on disk, each make a new snapshot; diagnostics of the charts concerned
// are then scheduled.

func (s *Server) didOpen(_ context.Context, params *protocol.DidOpenTextDocumentParams) error {
	path, err := uriPath(params.TextDocument.URI)
	if err != nil {
		return ignoreNotFile(err)
	}
	snap := s.ws.Open(path, params.TextDocument.Version, []byte(params.TextDocument.Text))
	if !s.watching() {
		snap = s.ws.Reread(path)
	}
	s.diags.changed(snap, path)
	return nil
}

// didChangeParams is textDocument/didChange's params. It is decoded here
// because protocol v0.12.0's TextDocumentContentChangeEvent has a Range
// that is not a pointer, so that a change of the whole text reads as an
// insertion at 0:0.
type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []struct {
		Range *protocol.Range `json:"range"`
		Text  string          `json:"text"`
	} `json:"contentChanges"`
}

func (s *Server) didChange(_ context.Context, params *didChangeParams) error {
	path, err := uriPath(params.TextDocument.URI)
	if err != nil {
		return ignoreNotFile(err)
	}
	changes := make([]cache.TextChange, len(params.ContentChanges))
	for i, c := range params.ContentChanges {
		changes[i].Text = c.Text
		if c.Range != nil {
			changes[i].Range = &source.UTF16Range{Start: utf16Position(c.Range.Start), End: utf16Position(c.Range.End)}
		}
	}
	snap, err := s.ws.Change(path, params.TextDocument.Version, changes)
	if err != nil {
		return err
	}
	s.diags.changed(snap, path)
	return nil
}

func (s *Server) didClose(_ context.Context, params *protocol.DidCloseTextDocumentParams) error {
	path, err := uriPath(params.TextDocument.URI)
	if err != nil {
		return ignoreNotFile(err)
	}
	snap := s.ws.Close(path)
	s.diags.changed(snap, path)
	return nil
}

// didSave picks up the disk for clients that do not watch files: the
// chart of the saved file is read again.
func (s *Server) didSave(_ context.Context, params *protocol.DidSaveTextDocumentParams) error {
	path, err := uriPath(params.TextDocument.URI)
	if err != nil {
		return ignoreNotFile(err)
	}
	if s.watching() {
		return nil // the watcher reports the change
	}
	snap := s.ws.Reread(path)
	s.diags.changed(snap, path)
	return nil
}

func (s *Server) didChangeWatchedFiles(_ context.Context, params *protocol.DidChangeWatchedFilesParams) error {
	var paths []string
	for _, c := range params.Changes {
		if p, err := uriPath(c.URI); err == nil {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return nil
	}
	snap := s.ws.DiskChanged(paths)
	s.diags.changed(snap, paths...)
	return nil
}

func (s *Server) didChangeWorkspaceFolders(ctx context.Context, params *protocol.DidChangeWorkspaceFoldersParams) error {
	folders := s.ws.Snapshot().Folders
	removed := map[string]bool{}
	for _, f := range params.Event.Removed {
		if p, err := uriPath(protocol.DocumentURI(f.URI)); err == nil {
			removed[p] = true
		}
	}
	var next []string
	for _, f := range folders {
		if !removed[f] {
			next = append(next, f)
		}
	}
	for _, f := range params.Event.Added {
		if p, err := uriPath(protocol.DocumentURI(f.URI)); err == nil {
			next = append(next, p)
		}
	}
	snap := s.ws.SetFolders(next)
	go s.diags.indexAll(s.ctx, snap)
	return nil
}

// ignoreNotFile drops documents that are not files (untitled buffers,
// diff views): they are no chart's.
func ignoreNotFile(err error) error {
	var nf errNotFile
	if errors.As(err, &nf) {
		return nil
	}
	return err
}
