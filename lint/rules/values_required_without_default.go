package rules

import (
	"path"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render/refs"
)

const valuesRequiredWithoutDefault lint.RuleID = "values-required-without-default"

func valuesRequiredWithoutDefaultRule() *lint.Rule {
	return &lint.Rule{
		ID: valuesRequiredWithoutDefault, Family: lint.FamilyValues, Severity: lint.Warning,
		Summary:    "a value that every install requires should not be empty in the chart's values",
		ReadsIndex: true,
		Doc:        doc(valuesRequiredWithoutDefault), Check: checkRequiredWithoutDefault,
	}
}

// checkRequiredWithoutDefault reports `required "msg" .Values.x` (or
// `.Values.x | required "msg"`) executed on every render, outside
// if/with/range and defines, where x is null, "" or absent in the values
// of the values set: helm lint only warns, but installing fails.
func checkRequiredWithoutDefault(p *lint.Pass) {
	for _, r := range requiredWithoutDefault(p) {
		p.Reportf(r.read.Span, ".Values.%s is required but the chart's values leave it empty: installing without setting it fails with %s",
			strings.Join(r.read.Path, "."), strconv.Quote(r.msg))
	}
}

// emptyRequired is a required call whose value the chart leaves empty.
type emptyRequired struct {
	read refs.Read // the .Values read required checks
	msg  string    // required's message
}

// requiredWithoutDefault finds the required calls of
// checkRequiredWithoutDefault, once per pass: template-render leaves their
// firing to it.
func requiredWithoutDefault(p *lint.Pass) []emptyRequired {
	return p.Memo("required-without-default", func() any { return findRequiredWithoutDefault(p) }).([]emptyRequired)
}

func findRequiredWithoutDefault(p *lint.Pass) []emptyRequired {
	ix := p.Index()
	rel := release(p)
	if ix == nil || rel == nil || rel.Values == nil || len(p.UserValues) > 0 {
		return nil // with the user's values, a failing required is template-render's error
	}
	var out []emptyRequired
	active := renderedCharts(rel.Chart)
	for _, c := range commands(p) {
		if c.inDefine || c.conditional || !active[c.chart.Dir] || strings.HasPrefix(path.Base(c.file.Name), "_") {
			continue
		}
		msg, value, ok := requiredCall(c)
		if !ok {
			continue
		}
		r, ok := readAt(ix, c, value)
		if ok && emptyAt(rel.Values, r.RootPath) {
			out = append(out, emptyRequired{read: r, msg: msg})
		}
	}
	return out
}

// sameLine reports whether two spans start on one line of one file.
func sameLine(a, b source.Span) bool {
	return a.File != nil && a.File == b.File && a.File.Position(a.Start).Line == b.File.Position(b.Start).Line
}

// requiredCall recognises required with a constant message and a .Values
// field chain as its value, given or piped, and returns the message.
func requiredCall(c command) (msg string, value parse.Node, ok bool) {
	args := c.cmd.Args
	if id, isIdent := args[0].(*parse.IdentifierNode); !isIdent || id.Ident != "required" {
		return "", nil, false
	}
	switch {
	case len(args) == 3:
		value = args[2]
	case len(args) == 2 && c.prev != nil && len(c.prev.Args) == 1:
		value = c.prev.Args[0]
	default:
		return "", nil, false
	}
	s, isString := args[1].(*parse.StringNode)
	idents := chainIdents(value)
	valuesChain := len(idents) > 1 && idents[0] == "Values" || len(idents) > 2 && idents[0] == "$" && idents[1] == "Values"
	if !isString || !valuesChain {
		return "", nil, false
	}
	return s.Text, value, true
}

// readAt is the index's read of the field chain n written in c's file.
func readAt(ix *refs.Index, c command, n parse.Node) (refs.Read, bool) {
	pos := int(n.Position())
	for _, r := range ix.Reads() {
		if r.Span.File == c.file && r.Span.Start <= pos && pos < r.Span.End && len(r.Via) == 0 {
			return r, true
		}
	}
	return refs.Read{}, false
}

// emptyAt reports whether required fails on the value at path: absent,
// null or the empty string. A path through a list or a scalar is not.
func emptyAt(vals map[string]any, path []string) bool {
	v, found, ok := valueAt(vals, path)
	return ok && (!found || v == nil || v == "")
}

// valueAt walks path through the mappings of vals: it returns the value
// there, or found false when a mapping lacks a key on the way; ok is false
// when the path meets a list or a scalar before its end.
func valueAt(vals map[string]any, path []string) (v any, found, ok bool) {
	v = vals
	for _, seg := range path {
		m, isMap := asMap(v)
		if !isMap {
			return nil, false, false
		}
		if v, found = m[seg]; !found {
			return nil, false, true
		}
	}
	return v, true, true
}
