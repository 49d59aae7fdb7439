// Package fastparse parses Go templates into text/template/parse trees,
// several times faster than text/template/parse, for the templates charts
// are made of.
//
// Its trees are the trees text/template/parse builds from the same text:
// same node types, positions, lines and values, same definitions (a test
// compares both on every template we have and under fuzzing). Whenever the
// text is invalid, or uses something this parser leaves aside (Unicode
// identifiers, character constants, complex numbers, comments kept in the
// tree), it hands the text to text/template/parse instead, so errors and
// rare forms are text/template's own.
package fastparse

import (
	"strconv"
	"text/template/parse"
	"unsafe"
)

// Parse is parse.Parse with a mode: it returns the trees of name's text
// and of its define and block actions, keyed by template name.
func Parse(name, text string, mode parse.Mode, funcs ...map[string]any) (map[string]*parse.Tree, error) {
	if trees, ok := tryParse(NewAllocator(), name, text, nil, mode, funcs); ok {
		return trees, nil
	}
	return stdParse(name, text, mode, funcs)
}

// ParseBytes is Parse without copying text: the trees' text nodes and
// error contexts refer to it, so it must not change while they are used.
func ParseBytes(name string, text []byte, mode parse.Mode, funcs ...map[string]any) (map[string]*parse.Tree, error) {
	return ParseBytesWith(NewAllocator(), name, text, mode, funcs...)
}

// Allocator hands out the nodes of trees from arrays of many nodes, which
// the trees of every text parsed with it share: parsing many small texts
// with one Allocator leaves no partly used array per text (a quarter of
// the memory of a chart's trees). Trees keep alive the arrays their nodes
// are in. An Allocator is not safe for concurrent use.
type Allocator struct {
	nodes nodeAllocator
}

// NewAllocator returns an Allocator with no arrays yet.
func NewAllocator() *Allocator { return &Allocator{} }

// ParseBytesWith is ParseBytes taking the nodes from a.
func ParseBytesWith(a *Allocator, name string, text []byte, mode parse.Mode, funcs ...map[string]any) (map[string]*parse.Tree, error) {
	s := unsafe.String(unsafe.SliceData(text), len(text))
	if trees, ok := tryParse(a, name, s, text, mode, funcs); ok {
		return trees, nil
	}
	return stdParse(name, string(text), mode, funcs)
}

func stdParse(name, text string, mode parse.Mode, funcs []map[string]any) (map[string]*parse.Tree, error) {
	t := parse.New(name)
	t.Mode = mode
	trees := map[string]*parse.Tree{}
	_, err := t.Parse(text, "", "", trees, funcs...)
	return trees, err
}

// gaveUp is the panic value with which the parser abandons a text.
type gaveUp struct{}

func bail() { panic(gaveUp{}) }

// tryParse parses text, whose bytes are textBytes when not nil; ok is false
// if the parser gave up.
func tryParse(a *Allocator, name, text string, textBytes []byte, mode parse.Mode, funcs []map[string]any) (trees map[string]*parse.Tree, ok bool) {
	if mode&parse.ParseComments != 0 || !treeTextSettable || hasFunction(funcs, "break") || hasFunction(funcs, "continue") {
		return nil, false
	}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(gaveUp); !ok {
				panic(r)
			}
			trees, ok = nil, false
		}
	}()
	p := &parser{lex: newLexer(text), text: text, parseName: name, mode: mode, funcs: funcs, trees: map[string]*parse.Tree{}, nodes: &a.nodes}
	a.nodes.textBytes = textBytes
	defer func() { a.nodes.textBytes = nil }()
	p.parseFile(name)
	return p.trees, true
}

func hasFunction(funcs []map[string]any, name string) bool {
	for _, m := range funcs {
		if m[name] != nil {
			return true
		}
	}
	return false
}

// parser follows text/template/parse's recursive descent and three-token
// lookahead step by step, so that the trees come out the same.
type parser struct {
	lex       *lexer
	text      string
	parseName string
	mode      parse.Mode
	funcs     []map[string]any
	trees     map[string]*parse.Tree

	token      [3]token
	peekCount  int
	vars       []string
	rangeDepth int
	depth      int
	nodes      *nodeAllocator
	scratch    scratch
}

// scratch holds the lists being built, nested lists above outer ones, so
// that each list is allocated once at its final length.
type scratch struct {
	nodes  []parse.Node
	cmds   []*parse.CommandNode
	idents []string
}

// popNodes returns the nodes pushed since len was base and drops them; the
// result is valid until the next push.
func (s *scratch) popNodes(base int) []parse.Node {
	top := s.nodes[base:]
	s.nodes = s.nodes[:base]
	return top
}

func (s *scratch) popCommands(base int) []*parse.CommandNode {
	top := s.cmds[base:]
	s.cmds = s.cmds[:base]
	return top
}

func (p *parser) next() token {
	if p.peekCount > 0 {
		p.peekCount--
	} else {
		p.token[0] = p.lex.next()
	}
	return p.token[p.peekCount]
}

func (p *parser) backup() { p.peekCount++ }

func (p *parser) backup2(t1 token) {
	p.token[1] = t1
	p.peekCount = 2
}

func (p *parser) backup3(t2, t1 token) {
	p.token[1] = t1
	p.token[2] = t2
	p.peekCount = 3
}

func (p *parser) peek() token {
	if p.peekCount > 0 {
		return p.token[p.peekCount-1]
	}
	p.peekCount = 1
	p.token[0] = p.lex.next()
	return p.token[0]
}

func (p *parser) nextNonSpace() token {
	for {
		if t := p.next(); t.kind != kSpace {
			return t
		}
	}
}

func (p *parser) peekNonSpace() token {
	t := p.nextNonSpace()
	p.backup()
	return t
}

func (p *parser) expect(k kind) token {
	t := p.nextNonSpace()
	if t.kind != k {
		bail()
	}
	return t
}

// newTree returns a tree for a template of this text.
func (p *parser) newTree(name string, root *parse.ListNode) *parse.Tree {
	t := parse.New(name)
	t.ParseName = p.parseName
	t.Mode = p.mode
	t.Root = root
	setTreeText(t, p.text)
	return t
}

// add records a tree as parse's Tree.add does: a non-empty definition
// replaces an empty one, two non-empty ones are an error.
func (p *parser) add(t *parse.Tree) {
	old := p.trees[t.Name]
	if old == nil || parse.IsEmptyTree(old.Root) {
		p.trees[t.Name] = t
		return
	}
	if !parse.IsEmptyTree(t.Root) {
		bail()
	}
}

// parseFile is the top level: text and actions, with define actions
// becoming trees of their own.
func (p *parser) parseFile(name string) {
	p.vars = []string{"$"}
	root := p.nodes.list(parse.Pos(p.peek().pos))
	base := len(p.scratch.nodes)
	for p.peek().kind != kEOF {
		if p.peek().kind == kLeftDelim {
			delim := p.next()
			if p.nextNonSpace().kind == kDefine {
				p.parseDefinition()
				continue
			}
			p.backup2(delim)
		}
		n, end := p.textOrAction()
		if end != nil {
			bail()
		}
		p.scratch.nodes = append(p.scratch.nodes, n)
	}
	root.Nodes = p.nodes.nodeList(p.scratch.popNodes(base))
	p.add(p.newTree(name, root))
}

func (p *parser) parseDefinition() {
	name := p.nextNonSpace()
	if name.kind != kString && name.kind != kRawString {
		bail()
	}
	p.expect(kRightDelim)
	outer, outerRange := p.vars, p.rangeDepth
	p.vars, p.rangeDepth = []string{"$"}, 0
	list, end := p.itemList()
	if end.kind != kEnd {
		bail()
	}
	p.vars, p.rangeDepth = outer, outerRange
	p.add(p.newTree(unquote(p.lex.val(name)), list))
}

// marker is an {{end}} or {{else}} ending a list.
type marker struct {
	kind kind
	pos  parse.Pos
}

func (p *parser) itemList() (*parse.ListNode, *marker) {
	list := p.nodes.list(parse.Pos(p.peekNonSpace().pos))
	base := len(p.scratch.nodes)
	for p.peekNonSpace().kind != kEOF {
		n, end := p.textOrAction()
		if end != nil {
			list.Nodes = p.nodes.nodeList(p.scratch.popNodes(base))
			return list, end
		}
		p.scratch.nodes = append(p.scratch.nodes, n)
	}
	bail()
	return nil, nil
}

func (p *parser) textOrAction() (parse.Node, *marker) {
	switch t := p.nextNonSpace(); t.kind {
	case kText:
		return p.nodes.text(p.text, t.pos, t.end), nil
	case kLeftDelim:
		return p.action()
	}
	bail()
	return nil, nil
}

func (p *parser) action() (parse.Node, *marker) {
	switch t := p.nextNonSpace(); t.kind {
	case kBlock:
		return p.blockControl(), nil
	case kBreak, kContinue:
		return p.loopControl(t), nil
	case kElse:
		return nil, p.elseControl()
	case kEnd:
		return nil, &marker{kind: kEnd, pos: parse.Pos(p.expect(kRightDelim).pos)}
	case kIf:
		return p.branch(parse.NodeIf), nil
	case kRange:
		return p.branch(parse.NodeRange), nil
	case kTemplate:
		return p.templateControl(), nil
	case kWith:
		return p.branch(parse.NodeWith), nil
	}
	p.backup()
	t := p.peek()
	pos, line := p.posLine(t)
	return &parse.ActionNode{NodeType: parse.NodeAction, Pos: pos, Line: line, Pipe: p.pipeline(false, kRightDelim)}, nil
}

func (p *parser) loopControl(t token) parse.Node {
	p.expect(kRightDelim)
	if p.rangeDepth == 0 {
		bail()
	}
	pos, line := p.posLine(t)
	if t.kind == kBreak {
		return &parse.BreakNode{NodeType: parse.NodeBreak, Pos: pos, Line: line}
	}
	return &parse.ContinueNode{NodeType: parse.NodeContinue, Pos: pos, Line: line}
}

func (p *parser) elseControl() *marker {
	if t := p.peekNonSpace(); t.kind == kIf || t.kind == kWith {
		return &marker{kind: kElse, pos: parse.Pos(t.pos)}
	}
	return &marker{kind: kElse, pos: parse.Pos(p.expect(kRightDelim).pos)}
}

// branch parses if, range and with, including "else if" and "else with"
// chains, as parse's parseControl does.
func (p *parser) branch(typ parse.NodeType) parse.Node {
	defer p.popVars(len(p.vars))
	pipe := p.pipeline(typ == parse.NodeRange, kRightDelim)
	if typ == parse.NodeRange {
		p.rangeDepth++
	}
	list, next := p.itemList()
	if typ == parse.NodeRange {
		p.rangeDepth--
	}
	var elseList *parse.ListNode
	if next.kind == kElse {
		elseList = p.elseList(typ, next)
	}
	b := parse.BranchNode{NodeType: typ, Pos: pipe.Pos, Line: pipe.Line, Pipe: pipe, List: list, ElseList: elseList}
	switch typ {
	case parse.NodeIf:
		return &parse.IfNode{BranchNode: b}
	case parse.NodeRange:
		return &parse.RangeNode{BranchNode: b}
	}
	return &parse.WithNode{BranchNode: b}
}

func (p *parser) elseList(typ parse.NodeType, elseAt *marker) *parse.ListNode {
	if typ == parse.NodeIf && p.peek().kind == kIf || typ == parse.NodeWith && p.peek().kind == kWith {
		p.next()
		list := p.nodes.list(elseAt.pos)
		list.Nodes = []parse.Node{p.branch(typ)}
		return list
	}
	list, next := p.itemList()
	if next.kind != kEnd {
		bail()
	}
	return list
}

func (p *parser) popVars(n int) { p.vars = p.vars[:n] }

func (p *parser) blockControl() parse.Node {
	t := p.nextNonSpace()
	name := p.templateName(t)
	pipe := p.pipeline(false, kRightDelim)
	outer, outerRange := p.vars, p.rangeDepth
	p.vars, p.rangeDepth = []string{"$"}, 0
	list, end := p.itemList()
	if end.kind != kEnd {
		bail()
	}
	p.vars, p.rangeDepth = outer, outerRange
	p.add(p.newTree(name, list))
	pos, line := p.posLine(t)
	return &parse.TemplateNode{NodeType: parse.NodeTemplate, Pos: pos, Line: line, Name: name, Pipe: pipe}
}

func (p *parser) templateControl() parse.Node {
	t := p.nextNonSpace()
	name := p.templateName(t)
	var pipe *parse.PipeNode
	if p.nextNonSpace().kind != kRightDelim {
		p.backup()
		pipe = p.pipeline(false, kRightDelim)
	}
	pos, line := p.posLine(t)
	return &parse.TemplateNode{NodeType: parse.NodeTemplate, Pos: pos, Line: line, Name: name, Pipe: pipe}
}

func (p *parser) templateName(t token) string {
	if t.kind != kString && t.kind != kRawString {
		bail()
	}
	return unquote(p.lex.val(t))
}

// posLine is where a token starts, as node position and line number.
func (p *parser) posLine(t token) (parse.Pos, int) {
	pos := parse.Pos(t.pos)
	return pos, p.lex.lineAt(pos)
}

// pipeline parses up to end; inRange allows range's two declarations.
func (p *parser) pipeline(inRange bool, end kind) *parse.PipeNode {
	pipe := p.nodes.pipe(p.posLine(p.peekNonSpace()))
	p.declarations(pipe, inRange)
	base := len(p.scratch.cmds)
	for {
		switch t := p.nextNonSpace(); t.kind {
		case end:
			pipe.Cmds = p.nodes.commandList(p.scratch.popCommands(base))
			p.checkPipeline(pipe)
			return pipe
		case kBool, kDot, kField, kIdentifier, kNumber, kNil, kRawString, kString, kVariable, kLeftParen:
			p.backup()
			cmd := p.command()
			p.scratch.cmds = append(p.scratch.cmds, cmd)
		default:
			bail()
		}
	}
}

// declarations parses "$x :=", "$x =" and range's "$i, $v :=".
func (p *parser) declarations(pipe *parse.PipeNode, inRange bool) {
	for {
		v := p.peekNonSpace()
		if v.kind != kVariable {
			return
		}
		p.next()
		after := p.peek()
		next := p.peekNonSpace()
		switch {
		case next.kind == kAssign, next.kind == kDeclare:
			pipe.IsAssign = next.kind == kAssign
			p.nextNonSpace()
			pipe.Decl = append(pipe.Decl, p.nodes.variable(parse.Pos(v.pos), p.lex.val(v)))
			p.vars = append(p.vars, p.lex.val(v))
			return
		case next.kind == kComma:
			p.nextNonSpace()
			pipe.Decl = append(pipe.Decl, p.nodes.variable(parse.Pos(v.pos), p.lex.val(v)))
			p.vars = append(p.vars, p.lex.val(v))
			if !inRange || len(pipe.Decl) >= 2 {
				bail()
			}
			switch p.peekNonSpace().kind {
			case kVariable, kRightDelim, kRightParen:
				continue
			}
			bail()
		case after.kind == kSpace:
			p.backup3(v, after)
		default:
			p.backup2(v)
		}
		return
	}
}

// checkPipeline rejects empty pipelines and constants after a pipe.
func (p *parser) checkPipeline(pipe *parse.PipeNode) {
	if len(pipe.Cmds) == 0 {
		bail()
	}
	for _, c := range pipe.Cmds[1:] {
		switch c.Args[0].Type() {
		case parse.NodeBool, parse.NodeDot, parse.NodeNil, parse.NodeNumber, parse.NodeString:
			bail()
		}
	}
}

func (p *parser) command() *parse.CommandNode {
	cmd := p.nodes.command(parse.Pos(p.peekNonSpace().pos))
	base := len(p.scratch.nodes)
	for {
		p.peekNonSpace()
		if operand := p.operand(); operand != nil {
			p.scratch.nodes = append(p.scratch.nodes, operand)
		}
		switch t := p.next(); t.kind {
		case kSpace:
			continue
		case kRightDelim, kRightParen:
			p.backup()
		case kPipe:
		default:
			bail()
		}
		break
	}
	cmd.Args = p.nodes.nodeList(p.scratch.popNodes(base))
	if len(cmd.Args) == 0 {
		bail()
	}
	return cmd
}

// operand is a term followed by field accesses, as in (pipeline).Field or
// $x.Field: fields after a field or variable join its identifiers, at the
// position of the first added field.
func (p *parser) operand() parse.Node {
	node := p.term()
	if node == nil || p.peek().kind != kField {
		return node
	}
	pos := parse.Pos(p.peek().pos)
	var head string
	switch n := node.(type) {
	case *parse.FieldNode:
		head = n.Ident[0]
	case *parse.VariableNode:
		head = n.Ident[0]
	case *parse.BoolNode, *parse.StringNode, *parse.NumberNode, *parse.NilNode, *parse.DotNode:
		bail()
	}
	idents := append(p.scratch.idents[:0], head)
	for p.peek().kind == kField {
		idents = append(idents, p.lex.val(p.next())[1:])
	}
	p.scratch.idents = idents
	switch n := node.(type) {
	case *parse.FieldNode:
		n.Pos, n.Ident = pos, p.nodes.identList(idents)
		return n
	case *parse.VariableNode:
		n.Pos, n.Ident = pos, p.nodes.identList(idents)
		return n
	}
	return &parse.ChainNode{NodeType: parse.NodeChain, Pos: pos, Node: node, Field: p.nodes.identList(idents[1:])}
}

func (p *parser) term() parse.Node {
	t := p.nextNonSpace()
	pos, val := parse.Pos(t.pos), p.lex.val(t)
	switch t.kind {
	case kIdentifier:
		if p.mode&parse.SkipFuncCheck == 0 && !hasFunction(p.funcs, val) {
			bail()
		}
		return p.nodes.identifier(pos, val)
	case kDot:
		return &parse.DotNode{NodeType: parse.NodeDot, Pos: pos}
	case kNil:
		return &parse.NilNode{NodeType: parse.NodeNil, Pos: pos}
	case kVariable:
		return p.useVar(pos, val)
	case kField:
		return p.nodes.field(pos, val)
	case kBool:
		return &parse.BoolNode{NodeType: parse.NodeBool, Pos: pos, True: val == "true"}
	case kNumber:
		return newNumber(pos, val)
	case kLeftParen:
		if p.depth >= maxDepth {
			bail()
		}
		p.depth++
		defer func() { p.depth-- }()
		return p.pipeline(false, kRightParen)
	case kString, kRawString:
		return p.nodes.str(pos, val, unquote(val))
	}
	p.backup()
	return nil
}

// maxDepth bounds parenthesised nesting well below parse's own limit.
const maxDepth = 1000

func (p *parser) useVar(pos parse.Pos, name string) parse.Node {
	v := p.nodes.variable(pos, name)
	for _, name := range p.vars {
		if name == v.Ident[0] {
			return v
		}
	}
	bail()
	return nil
}

func unquote(s string) string {
	u, err := strconv.Unquote(s)
	if err != nil {
		bail()
	}
	return u
}
