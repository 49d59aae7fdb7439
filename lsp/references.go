package lsp

import (
	"context"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

func (s *Server) references(ctx context.Context, snap *cache.Snapshot, params *protocol.ReferenceParams) ([]protocol.Location, error) {
	doc, offset, err := documentAt(snap, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	return toLocations(referencesAt(doc, offset, params.Context.IncludeDeclaration)), nil
}

// referencesAt returns where what sits at offset of doc is used, across
// its root chart's tree:
//   - a values path: where templates name it (a subchart's value through
//     its alias in its parents' templates, globals in every chart), the
//     Chart.yaml conditions naming it, and the keys of the values files
//     that override it (a parent's values.yaml, the extra values files,
//     values-*.yaml and ci/*.yaml);
//   - a template name: its include and template calls, NOTES.txt's too;
//   - a variable: its uses in its template.
//
// The declarations — a chart's default in its values.yaml, a define, a
// variable's declaration — are included when the client asks. Places
// inside .tgz archives are left out: they cannot be opened.
func referencesAt(doc *cache.Document, offset int, includeDeclaration bool) []location {
	s, ok := symbolAt(doc, offset)
	if !ok {
		return nil
	}
	var out []location
	for _, o := range occurrencesOf(doc, s) {
		if o.onDisk && (includeDeclaration || !o.declaration) {
			out = append(out, location{path: o.path, span: o.span})
		}
	}
	return out
}
