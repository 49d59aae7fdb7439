package lsp

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render/refs"
	"go.lsp.dev/protocol"
)

// Inlay hints show, after each .Values path a template reads, the value it
// resolves to: the root chart's merged values (defaults, subcharts under
// their names or aliases, the extra values files of the settings) at the
// read's path in the root. Numbers, booleans and null are shown as the
// values file that sets them writes them, strings quoted, maps as {…} and
// lists as [n items], cut to maxHintLabel runes; the tooltip names the
// values file and line that set the value. A read inside range or with
// over a list or map has a hint only when every element gives the same
// value. An undefined path gets no hint: the values-undefined diagnostic
// speaks for it where it matters, and a guarded read (default, if) of an
// undefined path is ordinary. A template that does not parse has no hints
// until it parses again.
//
// Hints come from the chart's refs index. Right after an edit, the index
// of the snapshot before serves (cache.Root.LatestIndex), its reads moved
// past the edited text and those inside it left out, while the new
// snapshot's index is computed for the next request.

// methodInlayHint is LSP 3.17's textDocument/inlayHint, which protocol
// v0.12.0 lacks, as it lacks the types below.
const methodInlayHint = "textDocument/inlayHint"

// inlayHintParams are textDocument/inlayHint's params.
type inlayHintParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
}

// inlayHint is LSP 3.17's InlayHint.
type inlayHint struct {
	Position     protocol.Position `json:"position"`
	Label        string            `json:"label"`
	Kind         int               `json:"kind,omitempty"`
	Tooltip      string            `json:"tooltip,omitempty"`
	PaddingLeft  bool              `json:"paddingLeft,omitempty"`
	PaddingRight bool              `json:"paddingRight,omitempty"`
}

func (s *Server) inlayHint(_ context.Context, snap *cache.Snapshot, params *inlayHintParams) ([]inlayHint, error) {
	doc, err := document(snap, params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	hints := valueHints(doc, offsetOf(doc.File, params.Range.Start), offsetOf(doc.File, params.Range.End))
	out := make([]inlayHint, len(hints))
	for i, h := range hints {
		out[i] = inlayHint{Position: toRange(doc.File, h.Offset, h.Offset).Start, Label: h.Label, Tooltip: h.Tooltip, PaddingLeft: true}
	}
	return out, nil
}

// valueHint is a hint at an offset of a template.
type valueHint struct {
	Offset         int
	Label, Tooltip string
}

// maxHintLabel bounds the length of a hint's value, in runes.
const maxHintLabel = 30

// valueHints returns the hints of the .Values reads written in a template
// that end in [start, end], in order.
func valueHints(doc *cache.Document, start, end int) []valueHint {
	if doc.Kind != cache.KindTemplate || doc.Root == nil {
		return nil
	}
	latest := doc.Root.LatestIndex()
	if latest == nil {
		return nil
	}
	ix, indexed := latest.Index, latest.File(doc.File.Path)
	vals := doc.Root.Values()
	if indexed == nil || vals == nil {
		return nil
	}
	shift := newTextShift(indexed.Data, doc.File.Data)
	h := &hinter{vals: vals, described: map[string]described{}, at: map[int]int{}}
	for _, r := range ix.Reads() {
		if r.Span.File != indexed {
			continue
		}
		if at, ok := shift.end(r.Span.Start, r.Span.End); ok && start <= at && at <= end {
			for _, p := range readPaths(vals, r) {
				h.add(at, p)
			}
		}
	}
	slices.SortFunc(h.hints, func(a, b valueHint) int { return a.Offset - b.Offset })
	return h.hints
}

// hinter makes the hints of one request. A define's reads come once per
// context it is included in, often with the same path: each path is
// described once, and a hint at an offset says each value once.
type hinter struct {
	vals      *cache.Values
	described map[string]described // by path
	at        map[int]int          // offset → index in hints
	hints     []valueHint
	labels    [][]string // the values each hint says
}

// described is what describeValue says of a path.
type described struct {
	label, tooltip string
	ok             bool
}

// add adds the hint of the value at a path at an offset.
func (h *hinter) add(at int, p valuePath) {
	key := strings.Join(p.Prefix, "\x00") + "\x01" + strings.Join(p.Own, "\x00")
	d, known := h.described[key]
	if !known {
		d.label, d.tooltip, d.ok = describeValue(h.vals, p)
		h.described[key] = d
	}
	if !d.ok {
		return
	}
	i, seen := h.at[at]
	switch {
	case !seen:
		h.at[at] = len(h.hints)
		h.hints = append(h.hints, valueHint{at, "= " + d.label, d.tooltip})
		h.labels = append(h.labels, []string{d.label})
	case !slices.Contains(h.labels[i], d.label):
		h.labels[i] = append(h.labels[i], d.label)
		h.hints[i].Label += " | " + d.label
		h.hints[i].Tooltip += "\n" + d.tooltip
	}
}

// valuePath is a path of the root's values: Prefix, where the values of
// the chart reading it sit, and Own, the path in the chart's values.
type valuePath struct {
	Prefix, Own []string
}

// full is the path in the root's values.
func (p valuePath) full() []string { return slices.Concat(p.Prefix, p.Own) }

// readPaths returns where a read's value is in the root's values: its
// RootPath, or for a global, under each place of the chart that reads it,
// where Helm has merged the globals of the chart's ancestors with its own.
func readPaths(vals *cache.Values, r refs.Read) []valuePath {
	if !r.IsGlobal() || r.Chart == nil {
		n := max(0, len(r.RootPath)-len(r.Path))
		return []valuePath{{Prefix: r.RootPath[:n], Own: r.RootPath[n:]}}
	}
	var out []valuePath
	for _, prefix := range vals.Prefixes(r.Chart.Dir) {
		out = append(out, valuePath{Prefix: prefix, Own: r.Path})
	}
	return out
}

// describeValue returns the label and tooltip of the value at a path of
// the root's values; ok is false when it is undefined, or differs between
// the elements a range or with goes through.
func describeValue(vals *cache.Values, vp valuePath) (label, tooltip string, ok bool) {
	path := vp.full()
	found := lookupValues(vals.Merged, path, nil)
	if len(found) == 0 {
		return "", "", false
	}
	file, key := valuesSetter(vals, vp)
	written := ""
	if key != nil && len(found) == 1 {
		written = plainScalarText(file, key)
	}
	label = valueLabel(found[0], written)
	for _, v := range found[1:] {
		if valueLabel(v, "") != label {
			return "", "", false
		}
	}
	tooltip = ".Values." + strings.Join(vp.Own, ".")
	if key != nil {
		tooltip += fmt.Sprintf(" from %s:%d", file.File.Path, file.File.Position(key.Key.Start).Line)
	}
	return label, tooltip, true
}

// maxFanOut bounds the elements a range or with path is resolved through.
const maxFanOut = 1000

// lookupValues returns the values at path in v: "[]" goes through a list's
// elements, "*" through a map's values; nothing when it is undefined.
func lookupValues(v any, path []string, out []any) []any {
	if len(out) >= maxFanOut {
		return out
	}
	if len(path) == 0 {
		return append(out, v)
	}
	switch x := v.(type) {
	case map[string]any:
		if path[0] == "*" {
			for _, k := range slices.Sorted(maps.Keys(x)) {
				out = lookupValues(x[k], path[1:], out)
			}
			return out
		}
		if e, ok := x[path[0]]; ok {
			return lookupValues(e, path[1:], out)
		}
	case []any:
		if path[0] == "[]" {
			for _, e := range x {
				out = lookupValues(e, path[1:], out)
			}
			return out
		}
		if i, err := strconv.Atoi(path[0]); err == nil && i >= 0 && i < len(x) {
			return lookupValues(x[i], path[1:], out)
		}
	}
	return out
}

// valuesSetter finds the values file and key that set a path of the root's
// values, as Helm's precedence goes: the last extra values file that has
// it, else the values file of the highest chart of the tree that does (a
// parent overrides its subcharts, and passes its globals down to them).
// Paths through range or with elements ("[]", "*") have none.
func valuesSetter(vals *cache.Values, vp valuePath) (*cache.ValuesFile, *chart.Key) {
	if slices.Contains(vp.Own, "[]") || slices.Contains(vp.Own, "*") {
		return nil, nil
	}
	var order []*cache.ValuesFile
	for i := len(vals.Files) - 1; i >= 0 && vals.Files[i].Extra; i-- {
		order = append(order, vals.Files[i])
	}
	for _, vf := range vals.Files {
		if !vf.Extra {
			order = append(order, vf)
		}
	}
	for _, vf := range order {
		if k := valuesKeyAt(vals, vf, vp); k != nil {
			return vf, k
		}
	}
	return nil, nil
}

// valuesKeyAt finds the key of a values file that sets a path of the root's
// values: below the place of the file's chart, or, for a global, as a
// global of the file's chart when it is the reading chart or one of its
// ancestors.
func valuesKeyAt(vals *cache.Values, vf *cache.ValuesFile, vp valuePath) *chart.Key {
	if vf.Keys == nil {
		return nil
	}
	prefixes := vals.Prefixes(vf.ChartDir)
	if vf.Extra {
		prefixes = [][]string{nil}
	}
	path := vp.full()
	global := len(vp.Own) > 0 && vp.Own[0] == "global"
	for _, prefix := range prefixes {
		if hasPathPrefix(path, prefix) {
			if k, ok := vf.Keys.Lookup(path[len(prefix):]); ok {
				return k
			}
		}
		if global && hasPathPrefix(vp.Prefix, prefix) {
			if k, ok := vf.Keys.Lookup(vp.Own); ok {
				return k
			}
		}
	}
	return nil
}

// hasPathPrefix reports whether path starts with prefix.
func hasPathPrefix(path, prefix []string) bool {
	return len(path) >= len(prefix) && slices.Equal(path[:len(prefix)], prefix)
}

// plainScalarText returns the text of a key's value when it is a plain
// scalar on one line, as written; "" otherwise.
func plainScalarText(vf *cache.ValuesFile, k *chart.Key) string {
	text := strings.TrimSpace(string(vf.File.Data[k.Value.Start:k.Value.End]))
	if text == "" || strings.ContainsAny(text, "\n") || strings.IndexByte(`"'|>{[&!*`, text[0]) >= 0 {
		return ""
	}
	return text
}

// valueLabel shows a value: numbers, booleans and null as written when
// written is given, strings quoted, maps and lists by their size.
func valueLabel(v any, written string) string {
	var label string
	switch x := v.(type) {
	case map[string]any:
		label = "{…}"
		if len(x) == 0 {
			label = "{}"
		}
	case []any:
		switch len(x) {
		case 0:
			label = "[]"
		case 1:
			label = "[1 item]"
		default:
			label = fmt.Sprintf("[%d items]", len(x))
		}
	case string:
		label = strconv.Quote(x)
	case nil:
		label = "null"
	case float64:
		label = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		label = fmt.Sprint(x)
	}
	if written != "" {
		switch v.(type) {
		case nil, bool, float64, int, int64, uint64:
			label = written
		}
	}
	return shorten(label, maxHintLabel)
}

// textShift maps offsets of a text to those of the same text once edited
// in one place: the offsets before the edited part stay, those after it
// move by the change in length, those inside it are lost.
type textShift struct {
	same           bool
	prefix, suffix int // the unchanged lengths at the start and at the end of the old text
	oldLen, delta  int
}

func newTextShift(old, new []byte) textShift {
	if string(old) == string(new) {
		return textShift{same: true}
	}
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	s := 0
	for s < len(old)-p && s < len(new)-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	return textShift{prefix: p, suffix: s, oldLen: len(old), delta: len(new) - len(old)}
}

// end returns where the span [start, end) of the old text ends in the new
// one; ok is false when the edit touches it.
func (t textShift) end(start, end int) (int, bool) {
	switch {
	case t.same:
		return end, true
	case end < t.prefix:
		return end, true
	case start > t.oldLen-t.suffix:
		return end + t.delta, true
	}
	return 0, false
}
