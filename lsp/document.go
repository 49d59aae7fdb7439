package lsp

import (
	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

// document returns the document of a URI in the snapshot.
func document(snap *cache.Snapshot, uri protocol.DocumentURI) (*cache.Document, error) {
	path, err := uriPath(uri)
	if err != nil {
		return nil, err
	}
	return snap.Document(path)
}

// documentAt returns the document of a position's URI and the position's
// byte offset in it.
func documentAt(snap *cache.Snapshot, params protocol.TextDocumentPositionParams) (*cache.Document, int, error) {
	doc, err := document(snap, params.TextDocument.URI)
	if err != nil {
		return nil, 0, err
	}
	return doc, offsetOf(doc.File, params.Position), nil
}
