package refs

import (
	"slices"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// Limits that stop the analysis of recursive templates: how many times one
// define may be under analysis at once (each with a different context), and
// how deep include and tpl may nest.
const (
	maxActive = 2
	maxDepth  = 50
)

// analyzer holds what every frame of one Build shares.
type analyzer struct {
	scopes *scopes
	active map[string]*Define
	// memo holds the body of each define per context key, nil when it
	// reads nothing; keyBuf is where the key of the context looked up is
	// built.
	memo    map[*Define]map[string]*body
	keyBuf  []byte
	running map[*Define]int
	pending map[memoKey]bool
	// buffers holds a buffer body per nesting depth. Frames nest (a
	// frame runs the frames of its includes to completion), so one frame
	// at a time uses a depth's buffer; the body a frame leaves is copied
	// out at its size.
	buffers []body
	// uses are the paths written in the templates; dots what . stands
	// for in with and range bodies and in defines.
	uses []use
	dots dotSet
	// navigation is set when uses and dots are recorded.
	navigation bool
	// chain holds the spans of the names of the field chain being read.
	chain []source.Span
	// args is a stack of the values of the arguments of the calls being
	// evaluated, each call's above those of the calls it is an argument of.
	args []*value
	// constants are the values of the string and number nodes met
	// outside tpl text: values are not modified, and a define's body is
	// analysed once per context, so each node's value is made once.
	constants map[parse.Node]*value
	// names are the values of the literals read for their text only, by
	// text: they have no place.
	names map[string]*value
	// fileTrees are the chart files tpl runs, parsed once; nil for a
	// file that does not parse.
	fileTrees map[*source.File]*parse.Tree
	// assigned are the values paths templates assign (see Index.Assigns).
	assigned assignments
}

type memoKey struct {
	define  *Define
	context string
}

// frame is the analysis of one template body with one context: a template
// file, a define for one context, or tpl text.
type frame struct {
	a      *analyzer
	src    *source.File
	fixed  *source.Span // for tpl text: every span is the tpl call's
	depth  int
	vars   []binding
	guards []guard
	cond   int // > 0 while evaluating an if, with or range pipeline
	// callGuards is a copy of guards for the calls made while they stay
	// the same, nil when there is none yet.
	callGuards []guard
	out        body
	here       source.Span // the action being walked, for reads without a place
}

type binding struct {
	name string
	v    *value
}

// guard is a values path the template tested: reads of it and below are
// guarded.
type guard struct {
	chart *chart.Chart
	path  []string
}

func (a *analyzer) newFrame(src *source.File, dot *value, depth int) *frame {
	f := &frame{a: a, src: src, depth: depth, vars: []binding{{"$", dot}}}
	if depth < len(a.buffers) {
		b := a.buffers[depth]
		f.out = body{sites: b.sites[:0], calls: b.calls[:0]}
	}
	return f
}

// release ends the frame: it returns the frame's body, valid until the
// next frame at its depth starts, and leaves its buffers to that frame.
func (f *frame) release() *body {
	for len(f.a.buffers) <= f.depth {
		f.a.buffers = append(f.a.buffers, body{})
	}
	f.a.buffers[f.depth] = f.out
	return &f.a.buffers[f.depth]
}

// analyzeDefine returns the body of d run with ctx as dot, memoized per
// context; nil when it reads nothing or is not analysed.
func (a *analyzer) analyzeDefine(d *Define, ctx *value, depth int) *body {
	a.keyBuf = ctx.appendKey(a.keyBuf[:0])
	if b, ok := a.memo[d][string(a.keyBuf)]; ok {
		return b
	}
	k := memoKey{d, string(a.keyBuf)}
	if a.pending[k] || a.running[d] >= maxActive || depth > maxDepth {
		return nil
	}
	if !d.File && a.navigation {
		a.dots.add(d.Span, ctx)
	}
	a.running[d]++
	a.pending[k] = true
	f := a.newFrame(d.tree.file.src, ctx, depth)
	f.list(d.tree.tree.Root, ctx)
	a.running[d]--
	delete(a.pending, k)
	b := a.keep(f.release())
	if a.memo[d] == nil {
		a.memo[d] = map[string]*body{}
	}
	a.memo[d][k.context] = b
	return b
}

// keep copies a frame's body out of its buffer, or is nil when the body
// gives no reads.
func (a *analyzer) keep(b *body) *body {
	if len(b.sites) == 0 && len(b.calls) == 0 {
		return nil
	}
	return b.clone(a.scopes)
}

// span is n's span, or the tpl call's for tpl text.
func (f *frame) span(n parse.Node) source.Span {
	if f.fixed != nil {
		return *f.fixed
	}
	return span(f.src, n)
}

// covered reports whether one of guards covers path in c.
func covered(guards []guard, c *chart.Chart, path []string) bool {
	for _, g := range guards {
		if g.chart == c && hasPrefix(path, g.path) {
			return true
		}
	}
	return false
}

// emit records the reads v stands for: whole when its subtree is consumed.
func (f *frame) emit(v *value, whole, guarded bool) {
	f.emitIn(v, whole, guarded, nil)
}

// emitIn is emit inside the dicts, lists and unions of inside, which it
// does not enter again: {{ set $d "self" $d }} makes a dict hold itself.
func (f *frame) emitIn(v *value, whole, guarded bool, inside map[*value]bool) {
	switch v.kind {
	case values:
		sp := v.span()
		if sp.File == nil {
			sp = f.here
		}
		s := newSite(v.chart, v.path, sp, writtenIn(v.pathSpans(), sp))
		s.Whole, s.Guarded, s.renders = whole, guarded || v.guarded, renderingOf(v.text)
		f.add(s)
		return
	case top:
		if whole {
			s := newSite(v.chart, []string{}, v.span(), nil)
			s.Whole, s.Guarded = true, guarded || v.guarded
			f.add(s)
		}
		return
	case union:
	case dict, list:
		if !whole {
			return
		}
	default:
		return
	}
	if inside[v] {
		return
	}
	if inside == nil {
		inside = map[*value]bool{}
	}
	inside[v] = true
	switch v.kind {
	case union:
		for _, e := range v.items() {
			f.emitIn(e, whole, guarded, inside)
		}
	case dict:
		for _, fv := range v.items() {
			f.emitIn(fv, true, guarded, inside)
		}
	case list:
		for _, e := range v.items() {
			f.emitIn(e, true, guarded, inside)
		}
	}
	delete(inside, v)
}

// add records r in this frame, applying the frame's guards.
func (f *frame) add(r site) {
	if r.file == nil {
		r.setSpan(f.here)
	}
	if f.cond > 0 {
		r.Guarded = true
		f.addGuard(r.Chart, r.Path)
	} else if !r.Guarded {
		r.Guarded = covered(f.guards, r.Chart, r.Path)
	}
	f.out.sites = append(f.out.sites, r)
}

// adopt records the reads of a called body b (nil when it reads nothing),
// reached through the call at via. In an if, with or range pipeline, they
// are all guarded and guard the block.
func (f *frame) adopt(b *body, via source.Span) {
	if b == nil {
		return
	}
	c := bodyCall{before: len(f.out.sites), body: b, via: via, cond: f.cond > 0}
	if c.cond {
		f.testBody(b)
	} else {
		c.guards = f.sharedGuards()
	}
	f.out.calls = append(f.out.calls, c)
}

// sharedGuards returns a copy of the frame's guards, shared by the calls
// made while they stay the same.
func (f *frame) sharedGuards() []guard {
	if f.callGuards == nil {
		f.callGuards = slices.Clone(f.guards)
	}
	return f.callGuards
}

// addGuard adds path in c, read by the pipeline of a block, to the guards
// of the block's bodies.
func (f *frame) addGuard(c *chart.Chart, path []string) {
	f.guards = append(f.guards, guard{c, path})
	f.callGuards = nil
}

// popGuards drops the guards from mark on, at the end of a block.
func (f *frame) popGuards(mark int) {
	f.guards = f.guards[:mark]
	f.callGuards = nil
}

// testBody adds the paths b and the bodies it calls read to the guards.
func (f *frame) testBody(b *body) {
	for _, s := range b.sites {
		f.addGuard(s.Chart, s.Path)
	}
	for _, c := range b.calls {
		f.testBody(c.body)
	}
}

func (f *frame) list(l *parse.ListNode, dot *value) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		f.node(n, dot)
	}
}

func (f *frame) node(n parse.Node, dot *value) {
	if n.Type() != parse.NodeText {
		f.here = f.span(n)
	}
	switch n := n.(type) {
	case *parse.ActionNode:
		v := f.pipe(n.Pipe, dot)
		f.emit(v, len(n.Pipe.Decl) == 0, false)
	case *parse.IfNode:
		f.branch(&n.BranchNode, dot, false)
	case *parse.WithNode:
		f.branch(&n.BranchNode, dot, true)
	case *parse.RangeNode:
		f.rangeNode(n, dot)
	case *parse.TemplateNode:
		ctx := nothing()
		if n.Pipe != nil {
			ctx = f.pipe(n.Pipe, dot)
		}
		f.include(n.Name, ctx, f.span(n))
	case *parse.ListNode:
		f.list(n, dot)
	}
}

// condition evaluates the pipeline of if, with or range: every read in it
// is guarded, and is added to the guards of the bodies (the caller drops
// them after the block).
func (f *frame) condition(p *parse.PipeNode, dot *value) *value {
	f.cond++
	v := f.eval(p, dot)
	f.emit(v, false, true)
	f.cond--
	return v
}

// branch walks if and with: both bodies are guarded by the condition's
// reads (the else branch too: no false alarms); with rebinds dot.
func (f *frame) branch(n *parse.BranchNode, dot *value, with bool) {
	vmark, gmark := len(f.vars), len(f.guards)
	v := f.condition(n.Pipe, dot)
	f.declare(n.Pipe, v)
	inner, cmark := dot, len(f.vars)
	if with {
		inner = v.withGuard()
		f.dot(n.Pipe, inner)
	}
	f.list(n.List, inner)
	f.vars = f.vars[:cmark]
	f.list(n.ElseList, dot)
	f.vars = f.vars[:vmark]
	f.popGuards(gmark)
}

// rangeNode walks range: dot and the last declared variable are an element
// of the ranged value, a first of two variables its key or index.
func (f *frame) rangeNode(n *parse.RangeNode, dot *value) {
	vmark, gmark := len(f.vars), len(f.guards)
	v := f.condition(n.Pipe, dot)
	elem := element(v, len(n.Pipe.Decl) == 2)
	switch len(n.Pipe.Decl) {
	case 1:
		f.vars = append(f.vars, binding{n.Pipe.Decl[0].Ident[0], elem})
	case 2:
		f.vars = append(f.vars, binding{n.Pipe.Decl[0].Ident[0], key(v, elem)}, binding{n.Pipe.Decl[1].Ident[0], elem})
	}
	cmark := len(f.vars)
	f.dot(n.Pipe, elem)
	f.list(n.List, elem)
	f.vars = f.vars[:cmark]
	f.list(n.ElseList, dot)
	f.vars = f.vars[:vmark]
	f.popGuards(gmark)
}

// element is an element of ranged v: for a values path, "[]" below it when
// values.yaml holds a list there, "*" for a map (or, when values.yaml does
// not say, when the range declares a key variable).
func element(v *value, keyed bool) *value {
	switch v.kind {
	case values:
		marker := "[]"
		switch lookup(v.chart, v.path).(type) {
		case map[string]any:
			marker = "*"
		case []any:
		default:
			if keyed {
				marker = "*"
			}
		}
		w := v.below([]string{marker}, nil)
		w.setSpan(v.span())
		return w
	case list:
		return anyOf(v.items()...)
	case dict:
		return anyOf(v.items()...)
	case union:
		alts := make([]*value, 0, len(v.items()))
		for _, a := range v.items() {
			alts = append(alts, element(a, keyed))
		}
		return anyOf(alts...)
	case files:
		return filesValue(v.chart, v.filesOf())
	}
	return nothing()
}

// key is the key of a range over v whose elements are elem: for files, a
// path naming one of them, which the files value elem stands for too;
// nothing followed otherwise.
func key(v, elem *value) *value {
	if v.kind == files {
		return elem
	}
	return nothing()
}

// pipe evaluates p and binds its declared variable.
func (f *frame) pipe(p *parse.PipeNode, dot *value) *value {
	v := f.eval(p, dot)
	f.declare(p, v)
	return v
}

func (f *frame) eval(p *parse.PipeNode, dot *value) *value {
	if p == nil {
		return nothing()
	}
	var v *value
	for _, cmd := range p.Cmds {
		v = f.command(cmd, dot, v)
	}
	if v == nil {
		return nothing()
	}
	return v
}

// declare binds or assigns the variable of p. An assignment keeps the old
// value as a possibility: the analysis does not follow control flow.
func (f *frame) declare(p *parse.PipeNode, v *value) {
	if p == nil || len(p.Decl) != 1 {
		return
	}
	name := p.Decl[0].Ident[0]
	if p.IsAssign {
		for i := len(f.vars) - 1; i >= 0; i-- {
			if f.vars[i].name == name {
				f.vars[i].v = anyOf(f.vars[i].v, v)
				return
			}
		}
	}
	f.vars = append(f.vars, binding{name, v})
}

func (f *frame) variable(name string) *value {
	for i := len(f.vars) - 1; i >= 0; i-- {
		if f.vars[i].name == name {
			return f.vars[i].v
		}
	}
	return nothing()
}

// command evaluates one command of a pipeline; prev is the previous
// command's result, passed as the last argument.
func (f *frame) command(cmd *parse.CommandNode, dot, prev *value) *value {
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		return f.call(id.Ident, cmd, cmd.Args[1:], dot, prev)
	}
	v := f.arg(cmd.Args[0], dot)
	if len(cmd.Args) == 1 && prev == nil {
		return v
	}
	if arg, ok := f.filesArg(v, cmd, dot, prev); ok {
		return f.callFiles(v, arg)
	}
	// A method call such as .Files.Get "x": its arguments are consumed.
	for _, a := range cmd.Args[1:] {
		f.emit(f.arg(a, dot), true, false)
	}
	if prev != nil {
		f.emit(prev, true, false)
	}
	return nothing()
}

// filesArg is the one argument of a call of v, a method of .Files that
// names files: written after it or piped in.
func (f *frame) filesArg(v *value, cmd *parse.CommandNode, dot, prev *value) (*value, bool) {
	if v.kind != files || v.text == "" {
		return nil, false
	}
	switch {
	case len(cmd.Args) == 2 && prev == nil:
		return f.arg(cmd.Args[1], dot), true
	case len(cmd.Args) == 1 && prev != nil:
		return prev, true
	}
	return nil, false
}

// arg evaluates an argument node.
func (f *frame) arg(n parse.Node, dot *value) *value {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot.at(f.span(n))
	case *parse.FieldNode:
		return f.fields(dot, n.Ident, f.span(n))
	case *parse.VariableNode:
		return f.fields(f.variable(n.Ident[0]), n.Ident[1:], f.span(n))
	case *parse.ChainNode:
		return f.fields(f.arg(n.Node, dot), n.Field, f.span(n))
	case *parse.PipeNode:
		return f.pipe(n, dot)
	case *parse.IdentifierNode:
		return f.call(n.Ident, n, nil, dot, nil)
	case *parse.StringNode:
		return f.constant(n, n.Text)
	case *parse.NumberNode:
		return f.constant(n, n.Text)
	case *parse.BoolNode, *parse.NilNode:
		return bareConstant
	}
	return nothing()
}

// constant is the value of the string or number node n, whose text is
// text; its span is where n is written, the zero Span in tpl text.
func (f *frame) constant(n parse.Node, text string) *value {
	if f.fixed != nil {
		return &value{kind: constant, text: text}
	}
	if v := f.a.constants[n]; v != nil {
		return v
	}
	v := &value{kind: constant, text: text}
	v.setSpan(span(f.src, n))
	if f.a.constants == nil {
		f.a.constants = map[parse.Node]*value{}
	}
	f.a.constants[n] = v
	return v
}

// name is the value of a literal read for its text only.
func (a *analyzer) name(text string) *value {
	if v := a.names[text]; v != nil {
		return v
	}
	v := &value{kind: constant, text: text}
	if a.names == nil {
		a.names = map[string]*value{}
	}
	a.names[text] = v
	return v
}

// fields is v.names..., the chain written at span. The rest of a chain
// below a values path is one path: one value for it rather than one per
// name. The fields of a top-level object are recorded for At.
func (f *frame) fields(v *value, names []string, span source.Span) *value {
	if !hasFields(v) {
		return nothing()
	}
	if len(names) == 0 {
		return v.at(span)
	}
	spans := f.chainSpans(span, names)
	start := v
	for i, name := range names {
		if v.kind == top && name == "Values" && i+1 < len(names) {
			// Not the last name: the path below is made from the chart's
			// .Values without making a value of it.
			vals := value{kind: values, chart: v.chart, guarded: v.guarded}
			return f.valuesChain(&vals, start, names, i+1, spans, span)
		}
		if v.kind == values {
			return f.valuesChain(v, start, names, i, spans, span)
		}
		v = v.field(name, spans[i], f.a.scopes)
	}
	f.builtin(start, names, spans)
	v = v.at(span)
	f.mention(v, span)
	return v
}

// hasFields reports whether the analysis follows the fields of v: not
// those of an unknown value, a constant or a list.
func hasFields(v *value) bool {
	switch v.kind {
	case unknown, constant, list:
		return false
	}
	return true
}

// valuesChain is the field chain of names written at span, which reaches
// the values path v at names[i], as one path below it.
func (f *frame) valuesChain(v, start *value, names []string, i int, spans []source.Span, span source.Span) *value {
	if isAsMap(v, names[i]) {
		i++
	}
	f.builtin(start, names[:i], spans)
	w := v.below(names[i:], spans[i:])
	w.setSpan(span)
	f.mention(w, span)
	return w
}

// isAsMap reports whether name, below the values v, is the method AsMap of
// Helm's Values, which gives the values themselves: a chart's .Values (not
// a map below it) has it, and a method hides the key of that name.
func isAsMap(v *value, name string) bool {
	return name == "AsMap" && len(v.path) == 0
}

// chainSpans are where the names of the field chain written at span are:
// the chain ends the span, each name after a dot. They are zero Spans
// when the text does not read so (tpl text, which is not in the file),
// and on an index without navigation, whose Reads have no PathSpans.
// They are valid until the next call.
func (f *frame) chainSpans(span source.Span, names []string) []source.Span {
	out := append(f.a.chain[:0], make([]source.Span, len(names))...)
	f.a.chain = out
	if f.fixed != nil || span.File == nil || !f.a.navigation {
		return out
	}
	data, end := span.File.Data, span.End
	for i := len(names) - 1; i >= 0; i-- {
		start := end - len(names[i])
		if start <= span.Start || string(data[start:end]) != names[i] || data[start-1] != '.' {
			clear(out)
			return out
		}
		out[i] = source.Span{File: span.File, Start: start, End: end}
		end = start - 1
	}
	return out
}

// builtin records the fields of a top-level object start that a chain
// names, written at spans.
func (f *frame) builtin(start *value, fields []string, spans []source.Span) {
	if start.kind == top && len(fields) > 0 && f.a.navigation {
		f.a.use(TargetBuiltin, start.chart, fields, slices.Clone(spans[:len(fields)]))
	}
}

// mention records the values paths v stands for where their elements are
// written in span: a path is named there, read or not (an include's
// context, a variable's value).
func (f *frame) mention(v *value, span source.Span) {
	if !f.a.navigation {
		return
	}
	switch v.kind {
	case values:
		if spans := writtenIn(v.pathSpans(), span); spans != nil {
			f.a.use(TargetValues, v.chart, v.path, spans)
		}
	case union:
		for _, a := range v.items() {
			f.mention(a, span)
		}
	}
}

// dot records what . stands for in the body of the block of pipeline p.
func (f *frame) dot(p *parse.PipeNode, v *value) {
	if f.fixed == nil && f.a.navigation {
		f.a.dots.add(source.Span{File: f.src, Start: int(p.Pos)}, v)
	}
}

// writtenIn keeps the path spans inside span, the read's place: the
// elements written there. It is nil when none is.
// The spans are shared, not copied, when all are inside.
func writtenIn(pathSpans []source.Span, span source.Span) []source.Span {
	inside := func(s source.Span) bool {
		return s.File == span.File && s.Start >= span.Start && s.End <= span.End
	}
	kept, dropped := 0, 0
	for _, s := range pathSpans {
		switch {
		case !written(s):
		case inside(s):
			kept++
		default:
			dropped++
		}
	}
	switch {
	case kept == 0:
		return nil
	case dropped == 0:
		return pathSpans
	}
	out := make([]source.Span, len(pathSpans))
	for i, s := range pathSpans {
		if written(s) && inside(s) {
			out[i] = s
		}
	}
	return out
}
