package lsp

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render/refs"
)

// Where a symbol is written across a chart tree, for references, rename
// and document highlight: a values path in the templates, the values
// files and Chart.yaml's conditions; a template name in its defines and
// calls; a variable in its template.

// occurrence is a place where a symbol is written.
type occurrence struct {
	// span is the name as written (a template name with its quotes, a
	// values key as the file writes it); path is its file's absolute path,
	// onDisk false inside an archive.
	span   source.Span
	path   string
	onDisk bool
	// declaration is set on a define, a chart's default in its
	// values.yaml, a variable's declaration.
	declaration bool
	// in is the text the occurrence is written in.
	in writtenIn
}

// writtenIn says in what text an occurrence is written, which decides how
// a new name is written there.
type writtenIn int

const (
	// inTemplate is a template's action: a field's name, a string, a
	// variable.
	inTemplate writtenIn = iota
	// inValuesKey is a key of a values file, which sets the value the
	// templates read.
	inValuesKey
	// inCondition is an element of a values path in a Chart.yaml
	// dependency's condition.
	inCondition
)

// occurrencesOf returns where the symbol at s, found in doc, is written:
// values paths and template names across the root's tree, variables in
// their template. Other symbols have none.
func occurrencesOf(doc *cache.Document, s symbol) []occurrence {
	var out []occurrence
	switch s.kind {
	case symbolValues:
		out = valuesOccurrences(doc.Root, s.rootPaths)
	case symbolTemplate:
		out = templateOccurrences(doc.Root, s.name)
	case symbolVariable:
		out = variableOccurrences(doc, s)
	}
	slices.SortStableFunc(out, func(a, b occurrence) int {
		return cmp.Or(cmp.Compare(a.path, b.path), cmp.Compare(a.span.Start, b.span.Start))
	})
	return slices.CompactFunc(out, func(a, b occurrence) bool { return a.path == b.path && a.span.Start == b.span.Start })
}

// valuesOccurrences are the keys of the values files that set the root
// paths, and where the templates and Chart.yaml conditions name them.
func valuesOccurrences(root *cache.Root, rootPaths [][]string) []occurrence {
	vals := root.Values()
	if vals == nil {
		return nil
	}
	var out []occurrence
	for _, k := range valuesKeys(root, vals, rootPaths) {
		l, onDisk := valuesLocation(root, k.file, k.key.Key)
		out = append(out, occurrence{span: k.key.Key, path: l.path, onDisk: onDisk, declaration: k.declared, in: inValuesKey})
	}
	if ix := root.Index(); ix != nil {
		for _, r := range rootPaths {
			for _, sp := range ix.ValuesNames(r) {
				out = append(out, treeOccurrence(root, sp, false))
			}
		}
	}
	return append(out, conditionOccurrences(root, vals, rootPaths)...)
}

// treeOccurrence is an occurrence at a span of a file of the root's tree.
func treeOccurrence(root *cache.Root, sp source.Span, declaration bool) occurrence {
	p, onDisk := root.Path(sp.File)
	return occurrence{span: sp, path: p, onDisk: onDisk, declaration: declaration}
}

// conditionOccurrences are where the conditions of Chart.yaml dependencies
// name the root paths: the element of the condition's path that the last
// element of a root path is.
func conditionOccurrences(root *cache.Root, vals *cache.Values, rootPaths [][]string) []occurrence {
	var out []occurrence
	walkTree(root.Load().Chart, func(c *chart.Chart) {
		f := c.File("Chart.yaml")
		if f == nil || c.Metadata == nil {
			return
		}
		idx, _ := chart.IndexYAML(f)
		for i := range c.Metadata.Dependencies {
			k, ok := idx.Lookup([]string{"dependencies", strconv.Itoa(i), "condition"})
			if !ok {
				continue
			}
			for _, cond := range conditionPaths(k.Value) {
				out = append(out, conditionMatches(root, vals, c, cond, rootPaths)...)
			}
		}
	})
	return out
}

// conditionPath is one path of a condition, with where each element is
// written.
type conditionPath struct {
	path  []string
	spans []source.Span
}

// conditionPaths reads the comma-separated values paths of a condition.
func conditionPaths(value source.Span) []conditionPath {
	data := value.File.Data
	start, end := value.Start, value.End
	if end > start && (data[start] == '"' || data[start] == '\'') {
		start, end = start+1, end-1
	}
	var out []conditionPath
	var cur conditionPath
	elem := start
	for i := start; i <= end; i++ {
		if i < end && data[i] != '.' && data[i] != ',' {
			continue
		}
		name := strings.TrimSpace(string(data[elem:i]))
		lead := elem + strings.Index(string(data[elem:i]), name)
		cur.path = append(cur.path, name)
		cur.spans = append(cur.spans, source.Span{File: value.File, Start: lead, End: lead + len(name)})
		elem = i + 1
		if i == end || data[i] == ',' {
			out = append(out, cur)
			cur = conditionPath{}
		}
	}
	return out
}

// conditionMatches are the occurrences of root paths in a condition of
// c's Chart.yaml, which names a path of c's values.
func conditionMatches(root *cache.Root, vals *cache.Values, c *chart.Chart, cond conditionPath, want [][]string) []occurrence {
	var out []occurrence
	for _, cr := range rootPaths(vals, c, cond.path) {
		skip := len(cr) - len(cond.path)
		for _, r := range want {
			if i := len(r) - 1 - skip; len(cr) >= len(r) && slices.Equal(cr[:len(r)], r) && i >= 0 {
				o := treeOccurrence(root, cond.spans[i], false)
				o.in = inCondition
				out = append(out, o)
			}
		}
	}
	return out
}

// templateOccurrences are the defines of a template name and the include
// and template calls of it.
func templateOccurrences(root *cache.Root, name string) []occurrence {
	ix := root.Index()
	if ix == nil {
		return nil
	}
	var out []occurrence
	for _, d := range ix.Defines() {
		if d.Name == name && !d.File {
			out = append(out, treeOccurrence(root, d.Span, true))
		}
	}
	for _, c := range ix.CallsTo(name) {
		out = append(out, treeOccurrence(root, c.NameSpan, false))
	}
	return out
}

// variableOccurrences are the uses of a variable in its template, with
// its declaration.
func variableOccurrences(doc *cache.Document, s symbol) []occurrence {
	ix := doc.Root.Index()
	if ix == nil || s.name == "$" {
		return nil
	}
	data := doc.File.Data
	var out []occurrence
	for _, t := range refs.Lex(data) {
		if t.Kind != refs.TokenVariable || t.Text(data) != s.name {
			continue
		}
		if target, ok := ix.At(doc.File, t.Start); ok && target.Kind == refs.TargetVariable && target.Decl == s.decl {
			sp := source.Span{File: doc.File, Start: t.Start, End: t.End}
			out = append(out, occurrence{span: sp, path: doc.Path, onDisk: true, declaration: sp == s.decl})
		}
	}
	return out
}
