// Package completion proposes what may be typed at a position of a chart
// file: .Values paths, built-in objects, functions, template names and
// variables in templates; Kubernetes fields in a manifest's YAML; keys in
// values files, Chart.yaml and .chartwright.yaml. [Complete] is the entry
// point; it reads the snapshot and never writes.
package completion

import (
	"context"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lsp/cache"
)

// Options are what the client can show.
type Options struct {
	// Snippets: insert texts may be snippets with placeholders.
	Snippets bool
}

// ItemKind says what a proposal is.
type ItemKind int

// Kinds of proposals.
const (
	Value ItemKind = iota + 1
	Field
	Function
	TemplateName
	Variable
	Keyword
	Property
	EnumMember
	Module
)

// Item is one proposal.
type Item struct {
	Label  string
	Kind   ItemKind
	Detail string
	// Doc is Markdown.
	Doc string
	// Insert replaces Replace; Snippet says it is a snippet.
	Insert  string
	Snippet bool
	Replace source.Span
	// SortText orders the proposals when set.
	SortText string
}

// Complete returns the proposals at offset of doc.
func Complete(ctx context.Context, snap *cache.Snapshot, doc *cache.Document, offset int, opts Options) ([]Item, error) {
	return nil, nil
}
