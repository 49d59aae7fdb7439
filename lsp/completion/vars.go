package completion

import (
	"bytes"
	"strings"

	"github.com/chartwright/chartwright/render/refs"
)

// maxVariableDepth bounds the variables followed to find what one stands
// for ($b := $a.x, $a := .Values.y, ...), and maxDescribed the variables
// described in one answer: each reads the template up to its declaration.
const (
	maxVariableDepth = 8
	maxDescribed     = 32
)

// variables proposes the variables in scope at the cursor.
func (t *templateCursor) variables() []Item {
	replace := t.span(t.offset, t.offset) // no word yet: an argument begins here
	if w := t.cur.Word; w.Kind != refs.TokenUnknown {
		replace = t.span(w.Start, identifierEnd(t.data(), t.offset, w.End))
	}
	items := make([]Item, 0, len(t.cur.Vars))
	for i, v := range t.cur.Vars {
		it := Item{Label: v.Name, Kind: Variable, Insert: v.Name, Replace: replace}
		if i == 0 || len(t.cur.Vars)-i <= maxDescribed {
			it.Detail = t.describe(t.variableValues(v.Name, 0))
		}
		if v.Name == "$" {
			it.Doc = "The data the template was executed with: the chart's top-level object, or in a define the context it was included with."
		} else {
			it.Doc = "Declared at `" + declarationText(t.data(), v.Decl) + "`."
		}
		items = append(items, it)
	}
	return items
}

// describe says briefly what values are: ".Values.image", "top-level
// object", "" when unknown.
func (t *templateCursor) describe(vals []value) string {
	if len(vals) == 0 {
		return ""
	}
	switch v := vals[0]; v.kind {
	case topObject:
		return "top-level object"
	case valuesPath:
		return strings.Join(append([]string{".Values"}, v.path...), ".")
	case builtinPath:
		return "." + strings.Join(v.path, ".")
	}
	return ""
}

// declarationText is the action declaring a variable, without its
// delimiters.
func declarationText(data []byte, decl refs.Token) string {
	start, end := declarationAction(data, decl)
	text := strings.TrimSpace(strings.Trim(string(data[start:end]), "{}-"))
	return truncate(strings.Join(strings.Fields(text), " "), maxDefaultLength)
}

// declarationAction is the byte range of the action declaring a variable.
func declarationAction(data []byte, decl refs.Token) (start, end int) {
	start = max(0, bytes.LastIndex(data[:decl.Start], []byte("{{")))
	end = len(data)
	if i := bytes.Index(data[decl.End:], []byte("}}")); i >= 0 {
		end = decl.End + i + 2
	}
	return start, end
}

// variableValues returns what the variable name stands for at the
// cursor: $ is the top-level object, or a define's context; another
// variable, what its declaration's pipeline is, when it is a field chain.
func (t *templateCursor) variableValues(name string, depth int) []value {
	if name == "$" {
		return t.dollar()
	}
	if depth > maxVariableDepth {
		return nil
	}
	for i := len(t.cur.Vars) - 1; i >= 0; i-- {
		if v := t.cur.Vars[i]; v.Name == name {
			return t.declared(v.Decl, depth)
		}
	}
	return nil
}

// dollar is what $ stands for at the cursor: in a define, what . is at
// its start; elsewhere the chart's top-level object.
func (t *templateCursor) dollar() []value {
	for _, b := range t.cur.Blocks {
		if k := b.Keyword.Text(t.data()); k != "define" && k != "block" || len(b.Pipeline) == 0 {
			continue
		}
		_, bodyStart := declarationAction(t.data(), b.Pipeline[0])
		var out []value
		for _, d := range t.dotAt(bodyStart, []refs.Block{b}) {
			out = append(out, t.dotValue(d))
		}
		if out == nil {
			return t.top()
		}
		return out
	}
	return t.top()
}

// declared returns what the variable declared by decl stands for: the
// value of its declaration's pipeline, or an element of it in a range.
func (t *templateCursor) declared(decl refs.Token, depth int) []value {
	start, end := declarationAction(t.data(), decl)
	tokens := refs.Lex(t.data()[start:end])
	for i := range tokens {
		tokens[i].Start += start
		tokens[i].End += start
	}
	pipe, element, ok := declaredPipeline(t.data(), tokens, decl)
	if !ok {
		return nil
	}
	vals := t.pipelineValues(pipe, start, depth)
	if !element {
		return vals
	}
	for i := range vals {
		vals[i] = elementOf(vals[i])
	}
	return vals
}

// declaredPipeline finds, among the tokens of the action declaring decl,
// the pipeline whose value the variable takes: element is set when the
// variable is a range's element, ok unset when it is a range's key or
// index, or the action is not a declaration.
func declaredPipeline(data []byte, tokens []refs.Token, decl refs.Token) (pipe []refs.Token, element, ok bool) {
	isRange := len(tokens) > 1 && tokens[1].Kind == refs.TokenKeyword && tokens[1].Text(data) == "range"
	var declared []refs.Token
	for i, tok := range tokens {
		switch tok.Kind {
		case refs.TokenVariable:
			declared = append(declared, tok)
		case refs.TokenDeclare:
			pipe = tokens[i+1:]
			if n := len(pipe); n > 0 && pipe[n-1].Kind == refs.TokenRightDelim {
				pipe = pipe[:n-1]
			}
			if isRange && len(declared) == 2 && declared[0] == decl {
				return nil, false, false
			}
			return pipe, isRange, len(declared) > 0 && declared[len(declared)-1] == decl
		}
	}
	return nil, false, false
}

// pipelineValues returns what a pipeline stands for when it is a field
// chain on ., on $ or on a variable; at is where its action starts.
func (t *templateCursor) pipelineValues(pipe []refs.Token, at, depth int) []value {
	var bases []value
	var chain string
	switch {
	case len(pipe) == 1 && (pipe[0].Kind == refs.TokenField || pipe[0].Kind == refs.TokenDot):
		for _, d := range t.dotAt(at, refs.CursorAt(t.data(), at).Blocks) {
			bases = append(bases, t.dotValue(d))
		}
		chain = pipe[0].Text(t.data())
	case len(pipe) >= 1 && pipe[0].Kind == refs.TokenVariable && (len(pipe) == 1 || len(pipe) == 2 && pipe[1].Kind == refs.TokenField && pipe[1].Start == pipe[0].End):
		bases = t.variableValues(pipe[0].Text(t.data()), depth+1)
		if len(pipe) == 2 {
			chain = pipe[1].Text(t.data())
		}
	default:
		return nil
	}
	var names []string
	if len(chain) > 1 {
		names = strings.Split(chain[1:], ".")
	}
	var out []value
	for _, b := range bases {
		if v, ok := b.chain(t.doc.Root, names); ok {
			out = append(out, v)
		}
	}
	return out
}

// elementOf is an element of a ranged value: of values, any item.
func elementOf(v value) value {
	if v.kind != valuesPath {
		return value{}
	}
	return value{kind: valuesPath, chart: v.chart, path: appendPath(v.path, "*")}
}
