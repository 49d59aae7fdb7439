package lsp

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render/refs"
	"github.com/chartwright/chartwright/schema"
)

// What sits at an offset of a chart file, whatever the kind of file: the
// one place hover, definition, references, rename and highlight learn what
// the cursor is on (gopls's identifier.go). Templates are read through the
// refs index (Index.At) and, where it knows nothing (a template that does
// not parse, a string given to .Files.Get), token by token
// (refs.CursorAt); values files, Chart.yaml and .chartwright.yaml through
// their key index.

// symbolKind says what a symbol is.
type symbolKind int

// Kinds of symbols.
const (
	// symbolValues is a path in a chart's values: an element of a path in
	// a template, or a key of a values file.
	symbolValues symbolKind = iota + 1
	// symbolBuiltin is a field of a chart's top-level object: .Values,
	// .Chart.AppVersion, .Release.Name, .Capabilities.KubeVersion,
	// .Files.Get, .Template.Name.
	symbolBuiltin
	// symbolTemplate is a template name: a define's, or the one an include
	// or template call calls.
	symbolTemplate
	// symbolFunction is a function's name.
	symbolFunction
	// symbolVariable is a variable.
	symbolVariable
	// symbolFile is the path or glob pattern given to .Files.Get,
	// .Files.GetBytes, .Files.Lines or .Files.Glob.
	symbolFile
	// symbolKubeField is a key of a Kubernetes manifest written in a
	// template, outside actions.
	symbolKubeField
	// symbolChartField is a key of Chart.yaml.
	symbolChartField
	// symbolRule is a lint rule's ID: in a chartwright:ignore marker, or
	// a key under rules in .chartwright.yaml.
	symbolRule
	// symbolSetting is a setting of .chartwright.yaml.
	symbolSetting
)

// symbol is what sits at an offset of a chart file.
type symbol struct {
	kind symbolKind
	// span is the name as written, with its quotes when it is a string.
	span source.Span
	// name is the template, function, variable (with its "$"), rule ID,
	// setting, or file path or pattern.
	name string
	// chart is the chart whose values, top-level object or files the
	// symbol is about; in a values file of the settings, the root chart.
	chart *chart.Chart
	// path is the path in chart's values (symbolValues), the field chain
	// from the top-level object (symbolBuiltin: ["Chart", "AppVersion"]),
	// or the key's path (symbolKubeField, symbolChartField).
	path []string
	// rootPaths are where path sits in the root chart's values
	// (symbolValues): one per alias along the chart's ancestry, a global
	// path once. They are nil when the values are not known.
	rootPaths [][]string
	// key is the key at the offset of a values file, Chart.yaml or
	// .chartwright.yaml.
	key *chart.Key
	// define is the definition named or called (symbolTemplate; nil when
	// none is known).
	define *refs.Define
	// decl is the variable's declaration (symbolVariable; the zero Span
	// for $ and for a variable declared nowhere).
	decl source.Span
	// apiVersion and kubeKind are the manifest's (symbolKubeField).
	apiVersion, kubeKind string
}

// symbolAt returns what sits at offset of doc; false when nothing does.
func symbolAt(doc *cache.Document, offset int) (symbol, bool) {
	if doc.Kind == cache.KindConfig {
		return configSymbol(doc, offset)
	}
	if id, start, end, ok := lint.SuppressedRuleAt(doc.File.Data, offset); ok {
		return symbol{kind: symbolRule, name: string(id), span: source.Span{File: doc.File, Start: start, End: end}}, true
	}
	if doc.Root == nil {
		return symbol{}, false
	}
	switch doc.Kind {
	case cache.KindTemplate:
		return templateSymbol(doc, offset)
	case cache.KindValues:
		return valuesKeySymbol(doc, offset)
	case cache.KindChartYAML:
		return chartYAMLSymbol(doc, offset)
	}
	return symbol{}, false
}

// spanText is the text of a span.
func spanText(s source.Span) string { return string(s.File.Data[s.Start:s.End]) }

// keyAt is the key of a YAML file at offset, nil when none is there.
func keyAt(f *source.File, offset int) *chart.Key {
	idx, _ := chart.IndexYAML(f) // a partial index serves a file being typed
	if idx == nil {
		return nil
	}
	return idx.At(offset)
}

// chartYAMLSymbol is what sits at offset of Chart.yaml: a values path in a
// dependency's condition, else a field.
func chartYAMLSymbol(doc *cache.Document, offset int) (symbol, bool) {
	k := keyAt(doc.File, offset)
	if k == nil {
		return symbol{}, false
	}
	if len(k.Path) == 3 && k.Path[0] == "dependencies" && k.Path[2] == "condition" && doc.Chart != nil {
		for _, cond := range conditionPaths(k.Value) {
			for i, sp := range cond.spans {
				if sp.Start <= offset && offset <= sp.End && sp.End > sp.Start {
					path := cond.path[:i+1]
					return symbol{kind: symbolValues, span: sp, chart: doc.Chart, path: path, rootPaths: rootPaths(doc.Root.Values(), doc.Chart, path)}, true
				}
			}
		}
	}
	return symbol{kind: symbolChartField, span: k.Key, path: k.Path, key: k, chart: doc.Chart}, true
}

// templateSymbol is what sits at offset of a template.
func templateSymbol(doc *cache.Document, offset int) (symbol, bool) {
	ix := doc.Root.Index()
	if ix != nil {
		if t, ok := ix.At(doc.File, offset); ok {
			return targetSymbol(doc.Root, t), true
		}
	}
	cur := refs.CursorAt(doc.File.Data, offset)
	switch {
	case cur.InString:
		return stringSymbol(doc, ix, cur)
	case cur.InAction:
		return wordSymbol(doc, ix, cur)
	case !cur.InComment:
		return kubeFieldSymbol(doc, offset)
	}
	return symbol{}, false
}

// targetSymbol is the symbol of a name the refs index knows.
func targetSymbol(root *cache.Root, t refs.Target) symbol {
	s := symbol{span: t.Span, chart: t.Chart, path: t.Path}
	switch t.Kind {
	case refs.TargetValues:
		s.kind = symbolValues
		s.rootPaths = rootPaths(root.Values(), t.Chart, t.Path)
	case refs.TargetBuiltin:
		s.kind = symbolBuiltin
	case refs.TargetDefine:
		s.kind, s.name, s.define = symbolTemplate, t.Define.Name, t.Define
	case refs.TargetCall:
		s.kind, s.name, s.define = symbolTemplate, t.Call.Name, t.Define
	case refs.TargetFunction:
		s.kind, s.name = symbolFunction, t.Name
	case refs.TargetVariable:
		s.kind, s.name, s.decl = symbolVariable, t.Name, t.Decl
	}
	return s
}

// rootPaths returns where path of c's values sits in the root chart's
// values, nil when the values are not known.
func rootPaths(vals *cache.Values, c *chart.Chart, path []string) [][]string {
	if vals == nil || c == nil {
		return nil
	}
	if len(path) > 0 && path[0] == "global" {
		return [][]string{path}
	}
	var out [][]string
	for _, p := range vals.Prefixes(c.Dir) {
		out = append(out, append(slices.Clip(p), path...))
	}
	return out
}

// filesMethods are the methods of .Files whose first argument is a file's
// path or a glob pattern.
var filesMethods = []string{"Files.Get", "Files.GetBytes", "Files.Lines", "Files.Glob"}

// stringSymbol is what the string at the cursor names: a template given
// to include or template, a file given to .Files.
func stringSymbol(doc *cache.Document, ix *refs.Index, cur refs.Cursor) (symbol, bool) {
	data := doc.File.Data
	text := cur.Word.Text(data)
	name, err := strconv.Unquote(text)
	if err != nil {
		return symbol{}, false
	}
	s := symbol{span: source.Span{File: doc.File, Start: cur.Word.Start, End: cur.Word.End}, name: name, chart: doc.Chart}
	callee := callee(data, cur.Call)
	switch {
	case cur.Call.Arg != 0:
		return symbol{}, false
	case callee == "include" || callee == "template":
		s.kind = symbolTemplate
		if ix != nil {
			s.define = ix.Define(name)
		}
		return s, true
	case slices.ContainsFunc(filesMethods, func(m string) bool { return strings.HasSuffix(callee, "."+m) }):
		s.kind = symbolFile
		return s, doc.Chart != nil
	}
	return symbol{}, false
}

// callee is the function a call calls as written: "include", ".Files.Get",
// "$.Files.Get".
func callee(data []byte, call refs.FuncCall) string {
	if call.Name == "" {
		return ""
	}
	rest := data[call.Head.Start:]
	end := bytes.IndexAny(rest, " \t\r\n()|}")
	if end < 0 {
		end = len(rest)
	}
	return string(rest[:end])
}

// wordSymbol is what the word at the cursor names when the refs index
// does not know it, as in a template that does not parse: a function, a
// variable, a path of the values or a built-in object's field.
func wordSymbol(doc *cache.Document, ix *refs.Index, cur refs.Cursor) (symbol, bool) {
	w := cur.Word
	text := w.Text(doc.File.Data)
	sp := source.Span{File: doc.File, Start: w.Start, End: w.End}
	switch w.Kind {
	case refs.TokenFunction:
		return symbol{kind: symbolFunction, name: text, span: sp}, true
	case refs.TokenVariable:
		name, _, _ := strings.Cut(text, ".")
		if cur.Offset > w.Start+len(name) {
			return symbol{}, false // a field of the variable's value
		}
		s := symbol{kind: symbolVariable, name: name, span: source.Span{File: doc.File, Start: w.Start, End: w.Start + len(name)}}
		for _, v := range cur.Vars {
			if v.Name == name && v.Decl.End > v.Decl.Start {
				s.decl = source.Span{File: doc.File, Start: v.Decl.Start, End: v.Decl.End}
			}
		}
		return s, true
	case refs.TokenField:
		return fieldSymbol(doc, ix, cur)
	}
	return symbol{}, false
}

// fieldSymbol is the name of a field chain at the cursor, on what . stands
// for there: a path of the values or a built-in object's field.
func fieldSymbol(doc *cache.Document, ix *refs.Index, cur refs.Cursor) (symbol, bool) {
	data := doc.File.Data
	w := cur.Word
	names := strings.Split(string(data[w.Start+1:w.End]), ".")
	i := len(cur.Segments) - 1 // the name the offset is in
	start := w.Start + 1
	for _, n := range names[:i] {
		start += len(n) + 1
	}
	sp := source.Span{File: doc.File, Start: start, End: start + len(names[i])}
	dots := []refs.Dot{{Chart: doc.Chart, Top: true}}
	if ix != nil {
		dots = ix.DotAt(doc.File, cur.Offset)
	}
	for _, d := range dots {
		switch {
		case d.Chart == nil || names[i] == "":
		case !d.Top:
			path := append(slices.Clip(d.Path), names[:i+1]...)
			return symbol{kind: symbolValues, span: sp, chart: d.Chart, path: path, rootPaths: rootPaths(doc.Root.Values(), d.Chart, path)}, true
		case names[0] == "Values" && i > 0:
			path := slices.Clone(names[1 : i+1])
			return symbol{kind: symbolValues, span: sp, chart: d.Chart, path: path, rootPaths: rootPaths(doc.Root.Values(), d.Chart, path)}, true
		default:
			return symbol{kind: symbolBuiltin, span: sp, chart: d.Chart, path: slices.Clone(names[:i+1])}, true
		}
	}
	return symbol{}, false
}

// kubeFieldSymbol is the key of a Kubernetes manifest the offset is on,
// in a template's text outside actions.
func kubeFieldSymbol(doc *cache.Document, offset int) (symbol, bool) {
	start, end, ok := yamlKeyAt(doc.File.Data, offset)
	if !ok {
		return symbol{}, false
	}
	apiVersion, kind, path := schema.PathAt(doc.File.Data, offset)
	if apiVersion == "" || kind == "" || len(path) == 0 || strings.Contains(apiVersion+kind, "{{") {
		return symbol{}, false
	}
	return symbol{
		kind: symbolKubeField, span: source.Span{File: doc.File, Start: start, End: end},
		path: path, apiVersion: apiVersion, kubeKind: kind,
	}, true
}

// yamlKeyAt returns the range of the YAML key written on the offset's line
// when the offset is on it: after the indentation and the dashes of
// sequence items, up to the colon that ends it.
func yamlKeyAt(data []byte, offset int) (start, end int, ok bool) {
	offset = max(0, min(offset, len(data)))
	lineStart := bytes.LastIndexByte(data[:offset], '\n') + 1
	lineEnd := len(data)
	if i := bytes.IndexByte(data[lineStart:], '\n'); i >= 0 {
		lineEnd = lineStart + i
	}
	start = lineStart
	for start < lineEnd && (data[start] == ' ' || data[start] == '-' && start+1 < lineEnd && data[start+1] == ' ') {
		start++
	}
	colon := bytes.Index(data[start:lineEnd], []byte(": "))
	if colon < 0 && bytes.HasSuffix(bytes.TrimRight(data[start:lineEnd], "\r"), []byte(":")) {
		colon = len(bytes.TrimRight(data[start:lineEnd], "\r")) - 1
	}
	end = start + colon
	key := data[start:max(start, end)]
	if colon <= 0 || offset < start || offset > end || bytes.ContainsAny(key, "{}#\"'") {
		return 0, 0, false
	}
	return start, end, true
}

// valuesKeySymbol is the key of a values file at offset.
func valuesKeySymbol(doc *cache.Document, offset int) (symbol, bool) {
	vf := valuesFileOf(doc)
	var k *chart.Key
	if vf.Keys != nil {
		k = vf.Keys.At(offset)
	}
	if k == nil {
		return symbol{}, false
	}
	vals := doc.Root.Values()
	c := chartByDir(doc.Root, vf.ChartDir)
	s := symbol{kind: symbolValues, span: k.Key, chart: c, path: k.Path, key: k}
	if vf.Extra {
		s.rootPaths = [][]string{k.Path}
	} else {
		s.rootPaths = rootPaths(vals, c, k.Path)
	}
	return s, c != nil
}

// valuesFileOf is the values file doc is, as the root's values know it;
// indexed now when they do not know it (the chart does not load).
func valuesFileOf(doc *cache.Document) *cache.ValuesFile {
	if vals := doc.Root.Values(); vals != nil {
		for _, list := range [][]*cache.ValuesFile{vals.Files, vals.Others} {
			for _, vf := range list {
				if vf.Path == doc.Path {
					return vf
				}
			}
		}
	}
	keys, err := chart.IndexYAML(doc.File)
	dir := ""
	if doc.Chart != nil {
		dir = doc.Chart.Dir
	}
	return &cache.ValuesFile{Path: doc.Path, ChartDir: dir, File: doc.File, Keys: keys, KeysErr: err}
}

// chartByDir is the chart of the root's tree in folder dir (a Chart.Dir),
// nil when the tree did not load or has no such chart.
func chartByDir(root *cache.Root, dir string) *chart.Chart {
	var found *chart.Chart
	var walk func(c *chart.Chart)
	walk = func(c *chart.Chart) {
		if c.Dir == dir {
			found = c
		}
		for _, s := range c.Subcharts {
			if found == nil && (dir == s.Dir || strings.HasPrefix(dir, s.Dir+"/")) {
				walk(s)
			}
		}
	}
	if c := root.Load().Chart; c != nil {
		walk(c)
	}
	return found
}

// configSymbol is the setting or rule ID at offset of .chartwright.yaml.
func configSymbol(doc *cache.Document, offset int) (symbol, bool) {
	k := keyAt(doc.File, offset)
	if k == nil || !(offset >= k.Key.Start && offset <= k.Key.End) {
		return symbol{}, false
	}
	switch {
	case len(k.Path) == 1:
		return symbol{kind: symbolSetting, name: k.Path[0], span: k.Key, key: k}, true
	case len(k.Path) == 2 && k.Path[0] == "rules":
		return symbol{kind: symbolRule, name: k.Path[1], span: k.Key, key: k}, true
	}
	return symbol{}, false
}
