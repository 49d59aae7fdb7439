package refs

import (
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/internal/fastparse"
)

// call evaluates a function call: the functions that move values around
// (index, dig, default, dict, ...) keep track of them; include, template
// and tpl analyse what they run; every other function consumes its
// arguments whole.
func (f *frame) call(name string, n parse.Node, args []parse.Node, dot, prev *value) *value {
	mark := len(f.a.args)
	literals := keepsLiterals(name, args)
	for i, a := range args {
		v := f.argument(name, i, a, dot, literals) // may push and pop arguments of its own
		f.a.args = append(f.a.args, v)
	}
	if prev != nil {
		f.a.args = append(f.a.args, prev)
	}
	v := f.apply(name, n, slices.Clip(f.a.args[mark:]))
	f.a.args = f.a.args[:mark]
	return v
}

// argument evaluates a, the argument i of a call of the function name. A
// literal is made a value only where apply looks at it (literals), and
// where apply reads only its text (a define's name, a dict's key), the
// value is the one of that text.
func (f *frame) argument(name string, i int, a parse.Node, dot *value, literals bool) *value {
	if name == "include" && i == 1 {
		return f.context(a, dot)
	}
	if !isLiteral(a) {
		return f.arg(a, dot)
	}
	if !literals {
		return nothing()
	}
	if s, ok := a.(*parse.StringNode); ok && readsName(name, i) {
		return f.a.name(s.Text)
	}
	return f.arg(a, dot)
}

// context evaluates a, the context argument of an include, without placing
// "." or a variable where it is written: the define's analysis, memoized
// per context whatever its place, never reads the place. The usual
// context, "." or "$", then costs no value per include.
func (f *frame) context(a parse.Node, dot *value) *value {
	switch a := a.(type) {
	case *parse.DotNode:
		return dot
	case *parse.VariableNode:
		if v := f.variable(a.Ident[0]); len(a.Ident) == 1 && hasFields(v) {
			return v
		}
	}
	return f.arg(a, dot)
}

// readsName reports whether apply reads only the text of the argument i
// of name: the define's name of include, tpl's text, a dict's keys, the
// key of pluck and set.
func readsName(name string, i int) bool {
	switch name {
	case "include", "tpl", "pluck":
		return i == 0
	case "dict":
		return i%2 == 0
	case "set":
		return i == 1
	}
	return false
}

// movesLiterals reports whether apply does something with the literal
// arguments of the function name: keeps them (default, dict, list, ...) or
// reads them (include's name, index's keys, ...). The other functions
// consume or test their arguments, which reads nothing of a literal, so
// the analysis does not make values for them.
func movesLiterals(name string) bool {
	switch name {
	case "include", "tpl", "default", "required", "coalesce", "and", "or", "mustDeepCopy", "ternary", "deepCopy",
		"index", "get", "dig", "hasKey", "dict", "list", "tuple", "pluck", "set", "first", "mustFirst":
		return true
	}
	return false
}

// keepsLiterals reports whether apply looks at the literal arguments of a
// call of name with args: those of a function that moves literals, and for
// print and printf, only when they may print a constant (every argument a
// literal or .Template.BasePath), which is rare.
func keepsLiterals(name string, args []parse.Node) bool {
	if name == "print" || name == "printf" {
		return !slices.ContainsFunc(args, func(a parse.Node) bool { return !isLiteral(a) && !namesBasePath(a) })
	}
	return movesLiterals(name)
}

// namesBasePath reports whether n is a chain that ends with BasePath
// (.Template.BasePath, $.Template.BasePath, $root.Template.BasePath).
func namesBasePath(n parse.Node) bool {
	var idents []string
	switch n := n.(type) {
	case *parse.FieldNode:
		idents = n.Ident
	case *parse.VariableNode:
		idents = n.Ident
	case *parse.ChainNode:
		idents = n.Field
	}
	return len(idents) > 0 && idents[len(idents)-1] == "BasePath"
}

// isLiteral reports whether n is a string, number, bool or nil literal.
func isLiteral(n parse.Node) bool {
	switch n.(type) {
	case *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return true
	}
	return false
}

// apply evaluates the call of the function name, the whole call being n,
// with the values of its arguments (valid during the call only).
func (f *frame) apply(name string, n parse.Node, vals []*value) *value {
	switch name {
	case "include":
		if len(vals) == 2 && vals[0].kind == constant {
			f.include(vals[0].text, vals[1], f.span(n))
		}
		return nothing()
	case "tpl":
		if len(vals) == 2 {
			f.tpl(vals[0], vals[1], f.span(n))
		}
		return nothing()
	case "default":
		return f.passGuarded(vals[:max(0, len(vals)-2)], vals[max(0, len(vals)-2):]...)
	case "required":
		return f.passGuarded(vals[:min(1, len(vals))], vals[min(1, len(vals)):]...)
	case "coalesce", "and", "or", "mustDeepCopy":
		return anyOf(guardAll(vals)...)
	case "ternary":
		return f.passGuarded(vals[min(2, len(vals)):], vals[:min(2, len(vals))]...)
	case "deepCopy":
		return anyOf(vals...)
	case "index", "get":
		if len(vals) == 0 {
			return nothing()
		}
		return f.located(f.navigate(vals[0], vals[1:]), n)
	case "dig":
		if len(vals) < 3 {
			return f.consume(vals)
		}
		d, def := vals[len(vals)-1], vals[len(vals)-2]
		v := f.located(f.navigate(d, vals[:len(vals)-2]), n)
		return anyOf(def, v.withGuard())
	case "hasKey":
		if len(vals) == 2 {
			f.emit(f.located(f.navigate(vals[0], vals[1:]), n), false, true)
		}
		return nothing()
	case "empty", "not", "kindIs", "typeIs", "typeIsLike", "kindOf", "typeOf":
		f.test(vals, true)
		return nothing()
	case "len", "keys", "eq", "ne", "lt", "le", "gt", "ge":
		f.test(vals, false)
		return nothing()
	case "dict":
		return f.dict(vals)
	case "list", "tuple":
		return withItems(list, slices.Clone(vals))
	case "pluck":
		return f.pluck(vals)
	case "set":
		return f.set(vals, copiesFirst(n))
	case "merge", "mergeOverwrite", "mustMerge", "mustMergeOverwrite":
		if len(vals) > 0 && !copiesFirst(n) {
			f.assignBelow(vals[0])
		}
	case "unset":
		if len(vals) == 2 && vals[0].kind == top {
			return f.onTop(vals)
		}
	case "first", "mustFirst":
		if len(vals) == 1 {
			return firstOf(vals[0])
		}
	case "print", "printf":
		if text, ok := printed(name, vals); ok {
			return &value{kind: constant, text: text}
		}
	}
	if text, ok := conversions[name]; ok && len(vals) == 1 {
		return f.convert(vals[0], text)
	}
	if text, ok := renderings[name]; ok {
		for i, v := range vals {
			vals[i] = converted(v, text)
		}
	}
	return f.consume(vals)
}

// convert is the result of a conversion of v that renders an undefined
// value as text: the values paths v stands for go on, to be consumed or
// defaulted; what else v stands for is consumed.
func (f *frame) convert(v *value, text string) *value {
	var out []*value
	for _, a := range alternatives(v) {
		if a.kind == values {
			out = append(out, converted(a, text))
		} else {
			f.emit(a, true, false)
		}
	}
	return anyOf(out...)
}

// located is v, what the call n gives, placed at n, where the paths it
// stands for are mentioned.
func (f *frame) located(v *value, n parse.Node) *value {
	span := f.span(n)
	v = v.at(span)
	f.mention(v, span)
	return v
}

// consume records vals as read whole; the result is unknown.
func (f *frame) consume(vals []*value) *value {
	for _, v := range vals {
		f.emit(v, true, false)
	}
	return nothing()
}

// test records vals as read but not consumed.
func (f *frame) test(vals []*value, guarded bool) {
	for _, v := range vals {
		f.emit(v, false, guarded)
	}
}

// passGuarded consumes used and returns any of passed, guarded: default,
// required and ternary return one of their arguments.
func (f *frame) passGuarded(used []*value, passed ...*value) *value {
	f.test(used, true)
	return anyOf(guardAll(passed)...)
}

func guardAll(vals []*value) []*value {
	out := make([]*value, len(vals))
	for i, v := range vals {
		out[i] = v.withGuard()
	}
	return out
}

// navigate follows constant keys (index, get, dig); a computed key is "*"
// in a values path.
func (f *frame) navigate(v *value, keys []*value) *value {
	for _, k := range keys {
		switch {
		case v.kind == list && k.kind == constant:
			v = listElem(v, k.text)
		case k.kind == constant:
			v = v.field(k.text, f.elementSpan(k.span()), f.a.scopes)
		case v.kind == values:
			f.emit(k, true, false)
			v = v.below([]string{"*"}, nil)
		default:
			f.emit(k, true, false)
			return nothing()
		}
	}
	return v
}

// elementSpan is span, where an element of a values path is written, on
// an index with navigation; the zero Span on one without, whose Reads have
// no PathSpans.
func (f *frame) elementSpan(span source.Span) source.Span {
	if !f.a.navigation {
		return source.Span{}
	}
	return span
}

func listElem(v *value, index string) *value {
	for i, e := range v.items() {
		if index == strconv.Itoa(i) {
			return e
		}
	}
	return nothing()
}

func firstOf(v *value) *value {
	switch v.kind {
	case list: // pluck's list skips missing keys: any element may come first
		return anyOf(v.items()...)
	case values:
		w := v.below([]string{"[]"}, nil)
		w.setSpan(v.span())
		return w
	}
	return nothing()
}

// dict builds a dict value when every key is constant.
func (f *frame) dict(vals []*value) *value {
	if len(vals)%2 != 0 {
		return f.consume(vals)
	}
	for i := 0; i < len(vals); i += 2 {
		if vals[i].kind != constant {
			return f.consume(vals)
		}
	}
	d := withItems(dict, make([]*value, 0, len(vals)/2))
	d.path = make([]string, 0, len(vals)/2)
	for i := 0; i < len(vals); i += 2 {
		d.setField(vals[i].text, vals[i+1])
	}
	return d
}

// set adds a key to a dict value (set mutates its dict in Helm too). A
// key set on a chart's top-level object reads none of its values: only the
// value set is consumed. What it assigns in a chart's values is recorded;
// copied is set when the dict is a copy made in the call (see copiesFirst).
// Such a copy of the top-level object given other values, (set (deepCopy
// $) "Values" ...), holds none of the chart's: what is read through it is
// unknown.
func (f *frame) set(vals []*value, copied bool) *value {
	if len(vals) != 3 {
		return f.consume(vals)
	}
	if copied && vals[0].kind == top && isValuesKey(vals[1]) {
		f.consume(vals[1:])
		return nothing()
	}
	f.assignKey(vals[0], vals[1], copied)
	if vals[0].kind == dict && vals[1].kind == constant {
		vals[0].setField(vals[1].text, vals[2])
		return vals[0]
	}
	if vals[0].kind == top {
		return f.onTop(vals)
	}
	return f.consume(vals)
}

// isValuesKey reports whether key is "Values", the key of a top-level
// object that holds the chart's values.
func isValuesKey(key *value) bool {
	return key.kind == constant && key.text == "Values"
}

// onTop is the result of set or unset on a chart's top-level object,
// vals[0], which holds the values without reading them: the other
// arguments are consumed.
func (f *frame) onTop(vals []*value) *value {
	f.consume(vals[1:])
	return vals[0]
}

// assignKey records what set of key on target assigns in a chart's values:
// "Values" on the chart's top-level object replaces them whole (the empty
// path), a key on a values path assigns the path below it, and a computed
// key any path below it. A copy of the top-level object held in a
// variable ($ctx := deepCopy $) is not told apart: the reads through it
// are the chart's reads too. A copy of values made in the call (copied)
// is left out: set's result, the only way to it, is not followed.
func (f *frame) assignKey(target, key *value, copied bool) {
	for _, t := range alternatives(target) {
		switch {
		case t.kind == top && isValuesKey(key):
			f.a.assign(t.chart, []string{})
		case t.kind != values || copied:
		case key.kind == constant:
			f.a.assign(t.chart, appendPath(t.path, key.text))
		default:
			f.a.assign(t.chart, t.path)
		}
	}
}

// copiesFirst reports whether the first argument of the call n is a deep
// copy made there, (deepCopy .Values): what the call does to it is seen
// only through the call's result.
func copiesFirst(n parse.Node) bool {
	cmd, ok := n.(*parse.CommandNode)
	if !ok || len(cmd.Args) < 2 {
		return false
	}
	p, ok := cmd.Args[1].(*parse.PipeNode)
	if !ok || len(p.Cmds) == 0 {
		return false
	}
	id, ok := p.Cmds[len(p.Cmds)-1].Args[0].(*parse.IdentifierNode)
	return ok && (id.Ident == "deepCopy" || id.Ident == "mustDeepCopy")
}

// assignBelow records that a merge into dst assigns any path below the
// values paths dst stands for.
func (f *frame) assignBelow(dst *value) {
	for _, t := range alternatives(dst) {
		if t.kind == values {
			f.a.assign(t.chart, t.path)
		}
	}
}

// pluck is the list of the key's values in each dict: optional, since
// pluck leaves out the dicts that lack the key.
func (f *frame) pluck(vals []*value) *value {
	if len(vals) == 0 || vals[0].kind != constant {
		return f.consume(vals)
	}
	items := make([]*value, 0, len(vals)-1)
	for _, d := range vals[1:] {
		items = append(items, d.field(vals[0].text, source.Span{}, f.a.scopes).at(d.span()).withGuard())
	}
	return withItems(list, items)
}

// include analyses the define named name with ctx as dot (include and
// template). An unknown name is left to the Call the lexical pass records.
func (f *frame) include(name string, ctx *value, via source.Span) {
	d := f.a.active[name]
	if d == nil {
		return
	}
	f.adopt(f.a.analyzeDefine(d, ctx, f.depth+1), via)
}

// tpl analyses the text tpl renders when it is known: a constant, a
// values path whose default in values.yaml is a string, or chart files
// (.Files.Get, .Files.Glob ... .AsConfig), which are templates in their
// own right. The text itself is consumed whole; text the analysis cannot
// know is not guessed.
func (f *frame) tpl(text, ctx *value, via source.Span) {
	f.emit(text, true, false)
	if f.depth >= maxDepth {
		return
	}
	for _, t := range f.tplTrees(text) {
		sub := f.a.newFrame(f.src, ctx, f.depth+1)
		sub.fixed = &via
		sub.list(t.Root, ctx)
		f.adopt(f.a.keep(sub.release()), via)
	}
}

// tplTrees are the parsed texts tpl may render for text.
func (f *frame) tplTrees(text *value) []*parse.Tree {
	if text.kind == files && text.text == "" {
		return f.a.tplFiles(text)
	}
	src, ok := tplText(text)
	if !ok {
		return nil
	}
	trees, err := fastparse.Parse("tpl", src, parse.SkipFuncCheck)
	if err != nil || trees["tpl"] == nil {
		return nil
	}
	return []*parse.Tree{trees["tpl"]}
}

func tplText(v *value) (string, bool) {
	switch v.kind {
	case constant:
		return v.text, strings.Contains(v.text, "{{")
	case values:
		s, ok := lookup(v.chart, v.path).(string)
		return s, ok && strings.Contains(s, "{{")
	}
	return "", false
}
