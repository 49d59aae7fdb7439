package refs

import (
	"slices"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// kind is what the analysis knows about a template value.
type kind uint8

const (
	unknown   kind = iota // nothing known
	constant              // a literal: text holds it
	top                   // a chart's top-level object
	values                // a path in a chart's values
	subcharts             // the .Subcharts of a chart
	dict                  // a dict literal with constant keys
	list                  // a list literal
	union                 // any of alts
	files                 // some of a chart's .Files: text names a method bound to them
)

// value is the abstract value of a template expression. Values are never
// modified once built, except a dict by set. The analysis of a big chart
// makes hundreds of thousands: the struct is kept to 80 bytes, with the
// parts most values lack (items, pathSpans) behind one pointer, and its
// span in offsets of 32 bits (chart files are bounded by chart.MaxChartSize,
// the language server's by lsp/cache.MaxFileSize).
type value struct {
	kind    kind
	guarded bool // a missing path is handled (default, with, ...)
	// start, end and file are where the value was last produced (see span).
	start, end int32
	file       *source.File
	chart      *chart.Chart
	// path is a values path; for a dict, the names of its fields, sorted.
	path []string
	// text is a constant's text; for a values path, what it renders as
	// when undefined, when a conversion made that other than empty (see
	// Read.Renders); for files, the method bound to them.
	text string
	more *valueParts
}

// valueParts are the parts of a value that most values lack. Lists,
// unions and dicts, of which the analysis makes tens of thousands, have
// only items: the parts of the other kinds are behind one more pointer,
// so that theirs take 32 bytes rather than 80.
type valueParts struct {
	// items are the elements of a list, the alternatives of a union or
	// the values of a dict's fields, in the order of their names.
	items []*value
	rare  *rareParts
}

// rareParts are the parts of values paths and files values.
type rareParts struct {
	// pathSpans are where the elements of path are written, one per
	// element, the zero Span where one is not; nil when none is (always
	// on an index without navigation).
	pathSpans []source.Span
	// files are the files of a files value.
	files []*source.File
}

// span is where the value was last produced.
func (v *value) span() source.Span {
	return source.Span{File: v.file, Start: int(v.start), End: int(v.end)}
}

func (v *value) setSpan(s source.Span) {
	v.file, v.start, v.end = s.File, int32(s.Start), int32(s.End)
}

// items are the elements of a list, the alternatives of a union or the
// values of a dict's fields.
func (v *value) items() []*value {
	if v.more == nil {
		return nil
	}
	return v.more.items
}

// pathSpans are where the elements of path are written.
func (v *value) pathSpans() []source.Span {
	if v.more == nil || v.more.rare == nil {
		return nil
	}
	return v.more.rare.pathSpans
}

// filesOf are the files of a files value.
func (v *value) filesOf() []*source.File {
	if v.more == nil || v.more.rare == nil {
		return nil
	}
	return v.more.rare.files
}

// withItems returns a value of kind k (list, union or dict) with items.
func withItems(k kind, items []*value) *value {
	return &value{kind: k, more: &valueParts{items: items}}
}

// unknownValue is the one unknown value: values are not modified (a dict,
// the only exception, is never unknown), so it is shared.
var unknownValue = &value{}

// bareConstant is the value of true, false and nil, shared like
// unknownValue: a constant without text or place.
var bareConstant = &value{kind: constant}

// nothing is the unknown value.
func nothing() *value { return unknownValue }

// anyOf is the union of vs, dropping unknowns and flattening unions. Its
// alternatives are counted first: they are allocated once.
func anyOf(vs ...*value) *value {
	n := 0
	for _, v := range vs {
		n += len(alternatives(v))
	}
	alts := make([]*value, 0, n)
	for _, v := range vs {
		alts = append(alts, alternatives(v)...)
	}
	switch len(alts) {
	case 0:
		return nothing()
	case 1:
		return alts[0]
	}
	return withItems(union, alts)
}

// alternatives are the values v may be: none when unknown, the items of a
// union, v itself otherwise.
func alternatives(v *value) []*value {
	switch v.kind {
	case unknown:
		return nil
	case union:
		return v.items()
	}
	return []*value{v}
}

// withGuard returns v marked as guarded.
func (v *value) withGuard() *value {
	switch v.kind {
	case values:
		if v.guarded || !rendersEmpty(v.text) {
			return v
		}
		w := *v
		w.guarded = true
		return &w
	case union:
		alts := make([]*value, len(v.items()))
		for i, a := range v.items() {
			alts[i] = a.withGuard()
		}
		return withItems(union, alts)
	}
	return v
}

// at returns v with its span set, for values that name a place.
func (v *value) at(span source.Span) *value {
	switch v.kind {
	case union:
		alts := make([]*value, len(v.items()))
		for i, a := range v.items() {
			alts[i] = a.at(span)
		}
		return withItems(union, alts)
	case values, top:
		if v.span() != span {
			w := *v
			w.setSpan(span)
			return &w
		}
	}
	return v
}

// field is v.name, the name written at the span at (the zero Span when it
// is not written).
func (v *value) field(name string, at source.Span, scope *scopes) *value {
	switch v.kind {
	case top:
		switch name {
		case "Values":
			return &value{kind: values, chart: v.chart, guarded: v.guarded}
		case "Subcharts":
			return &value{kind: subcharts, chart: v.chart}
		case "Files":
			return scope.filesOf(v.chart)
		case "Template":
			return scope.templateOf(v.chart)
		}
	case files:
		return v.filesField(name)
	case values:
		return v.below([]string{name}, []source.Span{at})
	case subcharts:
		if sub := scope.subchart(v.chart, name); sub != nil {
			return &value{kind: top, chart: sub}
		}
	case dict:
		if i, ok := slices.BinarySearch(v.path, name); ok {
			return v.items()[i]
		}
	case union:
		alts := make([]*value, 0, len(v.items()))
		for _, a := range v.items() {
			alts = append(alts, a.field(name, at, scope))
		}
		return anyOf(alts...)
	}
	return nothing()
}

// below is the values path under v of names, written at spans (nil, or
// zero Spans for the names that are not written). Below the root of
// values, the path is names itself: paths and the names of field chains
// are never modified.
func (v *value) below(names []string, spans []source.Span) *value {
	path := slices.Clip(names)
	if len(v.path) > 0 || len(names) == 0 {
		path = appendPath(v.path, names...)
	}
	w := &value{kind: values, chart: v.chart, path: path, guarded: v.guarded}
	if v.pathSpans() != nil || slices.ContainsFunc(spans, written) {
		pathSpans := make([]source.Span, len(w.path))
		copy(pathSpans, v.pathSpans())
		copy(pathSpans[len(v.path):], spans)
		w.more = &valueParts{rare: &rareParts{pathSpans: pathSpans}}
	}
	return w
}

// written reports whether an element span is set.
func written(s source.Span) bool { return s.File != nil }

// appendPath returns a new slice: paths are shared between values.
func appendPath(path []string, elems ...string) []string {
	out := make([]string, 0, len(path)+len(elems))
	return append(append(out, path...), elems...)
}

// appendKey appends a canonical string of v to b, for memoizing define
// analyses per context.
func (v *value) appendKey(b []byte) []byte {
	switch v.kind {
	case constant:
		b = append(b, "c"...)
	case top:
		b = append(b, "t"...)
		b = append(b, v.chart.FullPath()...)
	case values:
		b = append(b, "v"...)
		if v.guarded {
			b = append(b, "g"...)
		}
		if v.text != "" {
			b = append(b, "r"...)
			b = append(b, v.text...)
			b = append(b, "\x00"...)
		}
		b = append(b, v.chart.FullPath()...)
		for _, p := range v.path {
			b = append(b, "\x00"...)
			b = append(b, p...)
		}
	case subcharts:
		b = append(b, "s"...)
		b = append(b, v.chart.FullPath()...)
	case files:
		b = append(b, "f"...)
		b = append(b, v.text...)
		for _, s := range v.filesOf() {
			b = append(b, "\x00"...)
			b = append(b, s.Name...)
		}
	case dict:
		b = append(b, "d{"...)
		for i, k := range v.path {
			b = append(b, k...)
			b = append(b, ":"...)
			b = v.items()[i].appendKey(b)
			b = append(b, ","...)
		}
		b = append(b, "}"...)
	case list, union:
		b = append(b, "l["...)
		if v.kind == union {
			b = append(b, "u["...)
		}
		for _, e := range v.items() {
			b = e.appendKey(b)
			b = append(b, ","...)
		}
		b = append(b, "]"...)
	default:
		b = append(b, "?"...)
	}
	return b
}

// setField sets the field name of a dict to fv.
func (v *value) setField(name string, fv *value) {
	i, found := slices.BinarySearch(v.path, name)
	if found {
		v.more.items[i] = fv
		return
	}
	v.path = slices.Insert(v.path, i, name)
	v.more.items = slices.Insert(v.more.items, i, fv)
}
