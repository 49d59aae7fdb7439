// Package completion proposes what may be typed at a position of a chart
// file: .Values paths, built-in objects, functions, template names and
// variables in templates; Kubernetes fields in a manifest's YAML; keys in
// values files, Chart.yaml and .chartwright.yaml. [Complete] is the entry
// point, [SignatureAt] says which function's arguments a position is in;
// both read the snapshot and never write.
//
// Completion answers while the user types, on text that does not parse: it
// reads the template at the cursor token by token (refs.CursorAt), and takes
// what only an analysis of the whole chart knows — what . stands for, the
// defines — from the latest index the root has, never waiting for the
// edited tree's own. Values come from the snapshot's merged values, shared
// by every snapshot until a values input changes.
//
// One file per source of proposals: values.go (.Values paths), builtins.go
// (.Chart, .Release, .Capabilities, .Files, .Template, .Subcharts),
// funcs.go (functions), includes.go (include and template names), vars.go
// ($ variables), k8s.go (Kubernetes fields), valueskeys.go (values files),
// chartyaml.go (Chart.yaml), config.go (.chartwright.yaml).
package completion

import (
	"cmp"
	"context"
	"slices"
	"strings"

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
	// SortText orders the proposals and Filter is the text the client
	// matches with what is typed, when set.
	SortText, Filter string
	// Deprecated marks names kept for compatibility only.
	Deprecated bool
}

// request is one completion request: the document, the offset and what
// the client can show.
type request struct {
	ctx    context.Context
	snap   *cache.Snapshot
	doc    *cache.Document
	offset int
	opts   Options
}

// data is the document's text.
func (r *request) data() []byte { return r.doc.File.Data }

// span is the range [start, end) of the document.
func (r *request) span(start, end int) source.Span {
	return source.Span{File: r.doc.File, Start: start, End: end}
}

// helm3 reports whether the document's chart is rendered as Helm 3 does.
func (r *request) helm3() bool {
	if r.doc.Root != nil {
		return r.doc.Root.Config.Helm3
	}
	return r.snap.Settings.Helm3()
}

// maxItems bounds the proposals of one answer.
const maxItems = 1000

// List is the answer to a completion request.
type List struct {
	Items []Item
	// Incomplete is set when proposals were left out: the client asks
	// again as the user types on.
	Incomplete bool
}

// Complete returns the proposals at offset of doc.
func Complete(ctx context.Context, snap *cache.Snapshot, doc *cache.Document, offset int, opts Options) (List, error) {
	r := &request{ctx: ctx, snap: snap, doc: doc, offset: max(0, min(offset, len(doc.File.Data))), opts: opts}
	var items []Item
	switch doc.Kind {
	case cache.KindTemplate:
		items = r.template()
	case cache.KindValues:
		items = r.valuesFile()
	case cache.KindChartYAML:
		items = r.chartYAML()
	case cache.KindConfig:
		items = r.config()
	}
	return r.bound(items), ctx.Err()
}

// bound keeps at most maxItems proposals, those matching what is typed
// first.
func (r *request) bound(items []Item) List {
	if len(items) <= maxItems {
		return List{Items: items}
	}
	matching := func(it Item) bool {
		if it.Replace.File == nil || it.Replace.Start > r.offset {
			return true
		}
		typed := strings.ToLower(string(r.data()[it.Replace.Start:r.offset]))
		return strings.Contains(strings.ToLower(cmp.Or(it.Filter, it.Label)), typed)
	}
	kept := slices.Clone(items)
	slices.SortStableFunc(kept, func(a, b Item) int {
		ma, mb := matching(a), matching(b)
		switch {
		case ma == mb:
			return 0
		case ma:
			return -1
		}
		return 1
	})
	return List{Items: kept[:maxItems], Incomplete: true}
}
