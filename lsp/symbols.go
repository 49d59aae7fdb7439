package lsp

import (
	"cmp"
	"context"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/yamlmap"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render/refs"
	"go.lsp.dev/protocol"
)

// Document symbols outline a chart file: a values file's (or
// .chartwright.yaml's) keys as a tree, each with its value's type or its
// scalar as written; Chart.yaml's fields, with the dependencies by name or
// alias; a template's defines, with their doc comments, and the
// Kubernetes resources it writes, by kind and name as written. They are
// read from the text alone (refs.Lex, chart.IndexYAML), so that the outline
// follows the text while it does not parse.

func (s *Server) documentSymbol(_ context.Context, snap *cache.Snapshot, params *protocol.DocumentSymbolParams) ([]protocol.DocumentSymbol, error) {
	doc, err := document(snap, params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	return toDocumentSymbols(documentSymbols(doc)), nil
}

// docSymbol is a symbol of a document's outline.
type docSymbol struct {
	Name, Detail string
	Kind         protocol.SymbolKind
	// Range is the whole symbol, Selection its name.
	Range, Selection source.Span
	Children         []docSymbol
}

// documentSymbols returns the outline of a document, in text order.
func documentSymbols(doc *cache.Document) []docSymbol {
	switch doc.Kind {
	case cache.KindTemplate:
		return templateSymbols(doc.File)
	case cache.KindValues, cache.KindConfig:
		return yamlSymbols(doc.File)
	case cache.KindChartYAML:
		return chartYAMLSymbols(doc.File)
	}
	return nil
}

func toDocumentSymbols(symbols []docSymbol) []protocol.DocumentSymbol {
	out := make([]protocol.DocumentSymbol, len(symbols))
	for i, s := range symbols {
		out[i] = protocol.DocumentSymbol{
			Name: s.Name, Detail: s.Detail, Kind: s.Kind,
			Range: spanRange(s.Range), SelectionRange: spanRange(s.Selection),
			Children: toDocumentSymbols(s.Children),
		}
	}
	return out
}

// maxDetail bounds the length of a symbol's detail, in runes.
const maxDetail = 60

// templateSymbols returns a template's defines and, unless it is a partial
// or NOTES.txt, the resources it writes outside them.
func templateSymbols(f *source.File) []docSymbol {
	data := f.Data
	actions := templateActions(refs.Lex(data))
	var defines []docSymbol
	var skip [][2]int
	for _, b := range templateBlocks(data, actions) {
		name, tok, ok := b.name(data)
		if !ok {
			continue
		}
		end := len(data)
		if b.Closed {
			end = b.End.End
		}
		skip = append(skip, [2]int{b.Open.Start, end})
		defines = append(defines, docSymbol{
			Name: name, Detail: shorten(firstLine(refs.DocComment(data, b.Open.Start)), maxDetail),
			Kind:  protocol.SymbolKindFunction,
			Range: source.Span{File: f, Start: b.Open.Start, End: end}, Selection: source.Span{File: f, Start: tok.Start, End: tok.End},
		})
	}
	if base := path.Base(f.Name); strings.HasPrefix(base, "_") || base == "NOTES.txt" {
		return defines
	}
	return mergeByStart(defines, resourceSymbols(f, templateResources(data, outermost(skip))))
}

// outermost keeps the ranges not inside an earlier one: defines nest only
// when the text is broken, and skipping needs ranges in order.
func outermost(ranges [][2]int) [][2]int {
	var out [][2]int
	for _, r := range ranges {
		if len(out) == 0 || r[0] >= out[len(out)-1][1] {
			out = append(out, r)
		}
	}
	return out
}

// resourceSymbols makes symbols of resources: "Kind name", with the
// apiVersion as detail, selecting the name, or the kind without one.
func resourceSymbols(f *source.File, resources []resource) []docSymbol {
	out := make([]docSymbol, 0, len(resources))
	for _, r := range resources {
		name, sel := r.Kind, source.Span{File: f, Start: r.KindAt, End: r.KindAt + len(r.Kind)}
		if r.Name != "" {
			name = r.Kind + " " + shorten(r.Name, maxDetail)
			sel = source.Span{File: f, Start: r.NameAt, End: r.NameAt + len(r.Name)}
		}
		out = append(out, docSymbol{
			Name: name, Detail: r.APIVersion, Kind: protocol.SymbolKindClass,
			Range: source.Span{File: f, Start: r.Start, End: r.End}, Selection: sel,
		})
	}
	return out
}

// mergeByStart merges two lists of symbols sorted by start.
func mergeByStart(a, b []docSymbol) []docSymbol {
	out := make([]docSymbol, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0].Range.Start <= b[0].Range.Start {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// yamlSymbols returns the keys of a YAML file as a tree, as far as the
// file is read while it does not parse.
func yamlSymbols(f *source.File) []docSymbol {
	idx, _ := chart.IndexYAML(f)
	if idx == nil {
		return nil
	}
	return keySymbols(f, idx.Keys, false, 0, len(f.Data))
}

// keySymbols returns the symbols of keys (or items) written in [start,
// end): the keys below an alias, written at its anchor, are left out.
func keySymbols(f *source.File, keys []*chart.Key, items bool, start, end int) []docSymbol {
	var out []docSymbol
	for _, k := range keys {
		if k.Key.Start < start || k.Key.End > end {
			continue
		}
		s := keySymbol(f, k, items)
		s.Children = append(keySymbols(f, k.Children, false, s.Range.Start, s.Range.End),
			keySymbols(f, k.Items, true, s.Range.Start, s.Range.End)...)
		out = append(out, s)
	}
	return out
}

// keySymbol makes the symbol of a key, or of an item ("[0]"), without its
// children: its range is the key and its value.
func keySymbol(f *source.File, k *chart.Key, item bool) docSymbol {
	name := k.Path[len(k.Path)-1]
	if item {
		name = "[" + name + "]"
	} else if strings.TrimSpace(name) == "" {
		name = strconv.Quote(name)
	}
	kind, detail := valueShape(f, k)
	return docSymbol{
		Name: name, Detail: detail, Kind: kind,
		Range: source.Span{File: f, Start: k.Key.Start, End: max(k.Key.End, k.Value.End)}, Selection: k.Key,
	}
}

// valueShape says what a key's value is: a mapping or a list written as
// blocks ("map", "list"), else its kind and its text as written.
func valueShape(f *source.File, k *chart.Key) (protocol.SymbolKind, string) {
	text := string(f.Data[k.Value.Start:k.Value.End])
	written := shorten(firstLine(text), maxDetail)
	switch {
	case strings.HasPrefix(text, "*"): // an alias
		return protocol.SymbolKindVariable, written
	case strings.HasPrefix(text, "{") || len(k.Children) > 0 && !strings.HasPrefix(text, "["):
		if strings.HasPrefix(text, "{") {
			return protocol.SymbolKindObject, written
		}
		return protocol.SymbolKindObject, "map"
	case strings.HasPrefix(text, "[") || len(k.Items) > 0:
		if strings.HasPrefix(text, "[") {
			return protocol.SymbolKindArray, written
		}
		return protocol.SymbolKindArray, "list"
	}
	return scalarKind(text), written
}

// scalarKind is the symbol kind of a scalar as written, read as Helm reads
// values files.
func scalarKind(text string) protocol.SymbolKind {
	text = strings.TrimSpace(text)
	if text == "" {
		return protocol.SymbolKindNull
	}
	switch text[0] {
	case '"', '\'', '|', '>':
		return protocol.SymbolKindString
	case '&', '!': // an anchor or tag: what follows says
		if _, rest, ok := strings.Cut(text, " "); ok {
			return scalarKind(rest)
		}
		return protocol.SymbolKindNull
	}
	switch yamlmap.ResolvePlain(text).(type) {
	case nil:
		return protocol.SymbolKindNull
	case bool:
		return protocol.SymbolKindBoolean
	case float64:
		return protocol.SymbolKindNumber
	}
	return protocol.SymbolKindString
}

// chartYAMLSymbols returns Chart.yaml's top-level fields, and its
// dependencies by alias or name.
func chartYAMLSymbols(f *source.File) []docSymbol {
	idx, _ := chart.IndexYAML(f)
	if idx == nil {
		return nil
	}
	var out []docSymbol
	for _, k := range idx.Keys {
		s := keySymbol(f, k, false)
		if k.Path[0] == "dependencies" && len(k.Path) == 1 {
			for _, dep := range k.Items {
				s.Children = append(s.Children, dependencySymbol(f, dep))
			}
		}
		out = append(out, s)
	}
	return out
}

// dependencySymbol names a dependency by its alias, else its name; the
// detail is the chart's name when aliased, and its version.
func dependencySymbol(f *source.File, dep *chart.Key) docSymbol {
	field := func(name string) string {
		for _, c := range dep.Children {
			if c.Path[len(c.Path)-1] == name {
				return unquote(firstLine(string(f.Data[c.Value.Start:c.Value.End])))
			}
		}
		return ""
	}
	s := keySymbol(f, dep, true)
	s.Kind = protocol.SymbolKindModule
	name, alias, version := field("name"), field("alias"), field("version")
	s.Detail = version
	switch {
	case alias != "":
		s.Name, s.Detail = alias, strings.TrimSpace(name+" "+version)
	case name != "":
		s.Name = name
	}
	return s
}

// firstLine returns the first non-empty line of text, trimmed.
func firstLine(text string) string {
	for line := range strings.Lines(text) {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

// shorten cuts text to n runes, marking the cut with "…".
func shorten(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	return string([]rune(text)[:n-1]) + "…"
}

// rootSymbols are the symbols of a root's tree that workspace/symbol
// finds: every template's defines and resources, and the keys of the
// values files that apply (not below list items), by path. Files inside
// chart archives are left out: no editor opens them.
func rootSymbols(root *cache.Root) []cache.Symbol {
	l := root.Load()
	if l.Chart == nil {
		return nil
	}
	var out []cache.Symbol
	names := map[string]string{} // chart folder → chart name
	var walk func(c *chart.Chart)
	walk = func(c *chart.Chart) {
		names[c.Dir] = c.Name()
		for _, f := range c.Templates {
			if abs, onDisk := root.Path(f); onDisk {
				out = appendTemplateSymbols(out, abs, c.Name(), f)
			}
		}
		for _, s := range c.Subcharts {
			walk(s)
		}
	}
	walk(l.Chart)
	if v := root.Values(); v != nil {
		for _, vf := range v.Files {
			out = appendValuesSymbols(out, root, vf, names)
		}
	}
	return out
}

// appendTemplateSymbols appends a template's defines and resources.
func appendTemplateSymbols(out []cache.Symbol, abs, chartName string, f *source.File) []cache.Symbol {
	for _, s := range templateSymbols(f) {
		kind := cache.SymbolResource
		if s.Kind == protocol.SymbolKindFunction {
			kind = cache.SymbolDefine
		}
		out = append(out, newSymbol(s.Name, kind, chartName+" ("+f.Path+")", abs, s.Selection))
	}
	return out
}

// appendValuesSymbols appends the keys of a values file, by path.
func appendValuesSymbols(out []cache.Symbol, root *cache.Root, vf *cache.ValuesFile, names map[string]string) []cache.Symbol {
	if vf.Keys == nil {
		return out
	}
	container := names[vf.ChartDir] + " (" + vf.File.Path + ")"
	if !vf.Extra {
		if _, onDisk := root.Path(vf.File); !onDisk {
			return out
		}
	}
	var walk func(keys []*chart.Key)
	walk = func(keys []*chart.Key) {
		for _, k := range keys {
			out = append(out, newSymbol(strings.Join(k.Path, "."), cache.SymbolValuesKey, container, vf.Path, k.Key))
			walk(k.Children)
		}
	}
	walk(vf.Keys.Keys)
	return out
}

func newSymbol(name string, kind cache.SymbolKind, container, abs string, span source.Span) cache.Symbol {
	return cache.Symbol{Name: name, Kind: kind, Container: container, Path: abs, Span: span, Folded: strings.ToLower(name)}
}

// maxWorkspaceSymbols bounds the symbols workspace/symbol returns.
const maxWorkspaceSymbols = 500

func (s *Server) workspaceSymbol(ctx context.Context, snap *cache.Snapshot, params *protocol.WorkspaceSymbolParams) ([]protocol.SymbolInformation, error) {
	found, err := workspaceSymbols(ctx, snap, params.Query)
	if err != nil {
		return nil, err
	}
	out := make([]protocol.SymbolInformation, len(found))
	for i, sym := range found {
		out[i] = protocol.SymbolInformation{
			Name: sym.Name, Kind: workspaceSymbolKinds[sym.Kind], ContainerName: sym.Container,
			Location: protocol.Location{URI: fileURI(sym.Path), Range: spanRange(sym.Span)},
		}
	}
	return out, nil
}

// workspaceSymbolKinds are the LSP kinds of workspace symbols.
var workspaceSymbolKinds = map[cache.SymbolKind]protocol.SymbolKind{
	cache.SymbolDefine:    protocol.SymbolKindFunction,
	cache.SymbolResource:  protocol.SymbolKindClass,
	cache.SymbolValuesKey: protocol.SymbolKindProperty,
}

// workspaceSymbols returns the symbols of every chart of the workspace that
// match the query, best first, at most maxWorkspaceSymbols.
func workspaceSymbols(ctx context.Context, snap *cache.Snapshot, query string) ([]cache.Symbol, error) {
	q := strings.ToLower(strings.TrimSpace(query))
	var found []scoredSymbol
	for _, root := range snap.Roots() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		symbols := root.Symbols(rootSymbols)
		for i := range symbols {
			if score, ok := matchScore(q, symbols[i].Folded); ok {
				found = append(found, scoredSymbol{&symbols[i], score})
			}
		}
	}
	return bestSymbols(found, maxWorkspaceSymbols), nil
}

// scoredSymbol is a symbol matching a query; the lower the score, the
// better the match.
type scoredSymbol struct {
	*cache.Symbol
	score int
}

// Scores of matches, best first.
const (
	scoreEqual = iota
	scorePrefix
	scoreWord
	scoreInside
	scoreLetters
	scores
)

// matchScore says how well a name (in lower case) matches a query (in
// lower case): equal, a prefix, at the start of a word inside, elsewhere
// inside, or the query's characters in order; ok is false when none. An
// empty query matches everything.
func matchScore(query, name string) (score int, ok bool) {
	switch i := strings.Index(name, query); {
	case query == name || query == "":
		return scoreEqual, true
	case i == 0:
		return scorePrefix, true
	case i > 0 && strings.IndexByte("./-_ ", name[i-1]) >= 0:
		return scoreWord, true
	case i > 0:
		return scoreInside, true
	}
	rest := name
	for _, r := range query {
		j := strings.IndexRune(rest, r)
		if j < 0 {
			return 0, false
		}
		rest = rest[j+utf8.RuneLen(r):]
	}
	return scoreLetters, true
}

// symbolKinds counts the kinds of workspace symbols, and one more.
const symbolKinds = int(cache.SymbolValuesKey) + 1

// group orders matches by score, then kind: defines, resources, values.
func (s scoredSymbol) group() int { return s.score*symbolKinds + int(s.Kind) }

// bestSymbols sorts matches by score, kind, length and name, and keeps
// the first n. Only the matches of the best groups that make up n are
// sorted: an empty query matches every symbol of the workspace.
func bestSymbols(found []scoredSymbol, n int) []cache.Symbol {
	var sizes [scores * symbolKinds]int
	for _, s := range found {
		sizes[s.group()]++
	}
	last, total := 0, 0
	for last < len(sizes)-1 && total+sizes[last] < n {
		total += sizes[last]
		last++
	}
	found = slices.DeleteFunc(found, func(s scoredSymbol) bool { return s.group() > last })
	slices.SortFunc(found, func(a, b scoredSymbol) int {
		return cmp.Or(
			cmp.Compare(a.group(), b.group()),
			cmp.Compare(len(a.Name), len(b.Name)),
			strings.Compare(a.Name, b.Name),
			strings.Compare(a.Path, b.Path),
			cmp.Compare(a.Span.Start, b.Span.Start),
		)
	})
	out := make([]cache.Symbol, 0, min(n, len(found)))
	for _, f := range found[:min(n, len(found))] {
		out = append(out, *f.Symbol)
	}
	return out
}
