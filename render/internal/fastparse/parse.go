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
// rare forms are text/template's own. Built with Go 1.27 or later, whose
// nodes it cannot build (see fastTrees), it hands every text over.
package fastparse

import (
	"slices"
	"strconv"
	"text/template/parse"
	"unsafe"
)

// Parse is parse.Parse with a mode: it returns the trees of name's text
// and of its define and block actions, keyed by template name.
// An error is an [*Error].
func Parse(name, text string, mode parse.Mode, funcs ...map[string]any) (map[string]*parse.Tree, error) {
	trees, _, err := ParseCalls(name, text, mode, funcs...)
	return trees, err
}

// ParseCalls is Parse that also returns the names of the functions the
// text calls (builtins among them), each once, in the order first called:
// an empty list when it calls none, nil when they are not known (the text
// was handed to text/template/parse).
func ParseCalls(name, text string, mode parse.Mode, funcs ...map[string]any) (map[string]*parse.Tree, []string, error) {
	trees, calls, s := tryParse(NewAllocator(), name, text, nil, mode, funcs)
	if trees != nil {
		return trees, calls, nil
	}
	trees, err := stdParse(name, text, mode, funcs, s)
	return trees, nil, err
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
	trees, _, err := ParseBytesCalls(a, name, text, mode, funcs...)
	return trees, err
}

// ParseBytesCalls is ParseBytesWith that also returns the functions the
// text calls, as ParseCalls does.
func ParseBytesCalls(a *Allocator, name string, text []byte, mode parse.Mode, funcs ...map[string]any) (map[string]*parse.Tree, []string, error) {
	s := unsafe.String(unsafe.SliceData(text), len(text))
	trees, calls, stopped := tryParse(a, name, s, text, mode, funcs)
	if trees != nil {
		return trees, calls, nil
	}
	trees, err := stdParse(name, string(text), mode, funcs, stopped)
	return trees, nil, err
}

// stdParse parses text with text/template/parse, placing its error with
// what this parser saw when it stopped.
func stdParse(name, text string, mode parse.Mode, funcs []map[string]any, stopped stop) (map[string]*parse.Tree, error) {
	t := parse.New(name)
	t.Mode = mode
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(text, "", "", trees, funcs...); err != nil {
		if !fastTrees { // our parser did not run: it finds where the error is
			_, _, stopped = fastParse(NewAllocator(), name, text, nil, mode, funcs)
		}
		return trees, newError(name, text, err, stopped)
	}
	return trees, nil
}

// tryParse parses text, whose bytes are textBytes when not nil, and lists
// the functions it calls. The trees are nil if the parser stopped, and
// stopped says why, or when built with Go 1.27 (see fastTrees).
func tryParse(a *Allocator, name, text string, textBytes []byte, mode parse.Mode, funcs []map[string]any) (trees map[string]*parse.Tree, calls []string, stopped stop) {
	if !fastTrees {
		return nil, nil, stop{}
	}
	return fastParse(a, name, text, textBytes, mode, funcs)
}

// fastParse is tryParse whatever the Go version: built with Go 1.27, it
// only places the errors of text/template (see stdParse).
func fastParse(a *Allocator, name, text string, textBytes []byte, mode parse.Mode, funcs []map[string]any) (trees map[string]*parse.Tree, calls []string, stopped stop) {
	if mode&parse.ParseComments != 0 || !treeTextSettable || hasFunction(funcs, "break") || hasFunction(funcs, "continue") {
		return nil, nil, stop{}
	}
	defer func() {
		if r := recover(); r != nil {
			s, ok := r.(stop)
			if !ok {
				panic(r)
			}
			trees, calls, stopped = nil, nil, s
		}
	}()
	p := &parser{lex: newLexer(text), text: text, parseName: name, mode: mode, funcs: funcs, trees: map[string]*parse.Tree{}, nodes: &a.nodes,
		calls: []string{}}
	a.nodes.textBytes = textBytes
	defer func() { a.nodes.textBytes = nil }()
	p.parseFile(name)
	return p.trees, p.calls, stop{}
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
	// calls are the functions called, each once, in the order first called.
	calls []string

	token      [3]token
	peekCount  int
	vars       []string
	rangeDepth int
	depth      int
	// blocks are the keywords of the blocks open (if, range, with, block,
	// define), innermost last: a text that ends inside one is an error
	// there, where the {{end}} is missing.
	blocks  []token
	nodes   *nodeAllocator
	scratch scratch
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
		p.failAt(t)
	}
	return t
}

// failAt abandons the text, invalid at the token t. text/template reports
// the error on the line of the token it read last, as this parser does:
// both read ahead alike.
func (p *parser) failAt(t token) { fail(p.token[0].pos, t.pos, t.end) }

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
// replaces an empty one, two non-empty ones are an error, about the name
// token (the end of the file for the file's own tree).
func (p *parser) add(t *parse.Tree, name token) {
	old := p.trees[t.Name]
	if old == nil || parse.IsEmptyTree(old.Root) {
		p.trees[t.Name] = t
		return
	}
	if !parse.IsEmptyTree(t.Root) {
		p.failAt(name)
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
			if t := p.nextNonSpace(); t.kind == kDefine {
				p.blocks = append(p.blocks, t)
				p.parseDefinition()
				p.blocks = p.blocks[:len(p.blocks)-1]
				continue
			}
			p.backup2(delim)
		}
		n, end := p.textOrAction()
		if end.kind != kEOF {
			p.failAt(end.word) // unexpected {{end}} or {{else}}
		}
		p.scratch.nodes = append(p.scratch.nodes, n)
	}
	root.Nodes = p.nodes.nodeList(p.scratch.popNodes(base))
	p.add(p.newTree(name, root), p.token[0])
}

func (p *parser) parseDefinition() {
	name := p.nextNonSpace()
	if name.kind != kString && name.kind != kRawString {
		p.failAt(name)
	}
	defined := p.unquote(name)
	p.expect(kRightDelim)
	outer, outerRange := p.vars, p.rangeDepth
	p.vars, p.rangeDepth = []string{"$"}, 0
	list, end := p.itemList()
	if end.kind != kEnd {
		p.failAt(end.word)
	}
	p.vars, p.rangeDepth = outer, outerRange
	p.add(p.newTree(defined, list), name)
}

// marker is an {{end}} or {{else}} ending a list: its node position, and
// its keyword for errors. The zero marker (kind kEOF) is none.
type marker struct {
	kind kind
	pos  parse.Pos
	word token
}

func (p *parser) itemList() (*parse.ListNode, marker) {
	list := p.nodes.list(parse.Pos(p.peekNonSpace().pos))
	base := len(p.scratch.nodes)
	for p.peekNonSpace().kind != kEOF {
		n, end := p.textOrAction()
		if end.kind != kEOF {
			list.Nodes = p.nodes.nodeList(p.scratch.popNodes(base))
			return list, end
		}
		p.scratch.nodes = append(p.scratch.nodes, n)
	}
	if n := len(p.blocks); n > 0 {
		fail(p.token[0].pos, p.blocks[n-1].pos, p.blocks[n-1].end) // unexpected EOF in a block
	}
	p.failAt(p.token[0]) // unexpected EOF
	return nil, marker{}
}

func (p *parser) textOrAction() (parse.Node, marker) {
	switch t := p.nextNonSpace(); t.kind {
	case kText:
		return p.nodes.text(p.text, t.pos, t.end), marker{}
	case kLeftDelim:
		return p.action()
	}
	bail()
	return nil, marker{}
}

func (p *parser) action() (parse.Node, marker) {
	t := p.nextNonSpace()
	switch t.kind {
	case kBlock, kIf, kRange, kWith:
		p.blocks = append(p.blocks, t)
		defer func() { p.blocks = p.blocks[:len(p.blocks)-1] }()
	}
	switch t.kind {
	case kBlock:
		return p.blockControl(), marker{}
	case kBreak, kContinue:
		return p.loopControl(t), marker{}
	case kElse:
		return nil, p.elseControl(t)
	case kEnd:
		return nil, marker{kind: kEnd, pos: parse.Pos(p.expect(kRightDelim).pos), word: t}
	case kIf:
		return p.branch(parse.NodeIf), marker{}
	case kRange:
		return p.branch(parse.NodeRange), marker{}
	case kTemplate:
		return p.templateControl(), marker{}
	case kWith:
		return p.branch(parse.NodeWith), marker{}
	}
	p.backup()
	t = p.peek()
	pos, line := p.posLine(t)
	return p.nodes.action(pos, line, p.pipeline(false, kRightDelim)), marker{}
}

func (p *parser) loopControl(t token) parse.Node {
	p.expect(kRightDelim)
	if p.rangeDepth == 0 {
		p.failAt(t) // {{break}} outside {{range}}
	}
	pos, line := p.posLine(t)
	if t.kind == kBreak {
		return &parse.BreakNode{NodeType: parse.NodeBreak, Pos: pos, Line: line}
	}
	return &parse.ContinueNode{NodeType: parse.NodeContinue, Pos: pos, Line: line}
}

func (p *parser) elseControl(word token) marker {
	if t := p.peekNonSpace(); t.kind == kIf || t.kind == kWith {
		return marker{kind: kElse, pos: parse.Pos(t.pos), word: word}
	}
	return marker{kind: kElse, pos: parse.Pos(p.expect(kRightDelim).pos), word: word}
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
		return p.nodes.ifNode(b)
	case parse.NodeRange:
		return &parse.RangeNode{BranchNode: b}
	}
	return &parse.WithNode{BranchNode: b}
}

func (p *parser) elseList(typ parse.NodeType, elseAt marker) *parse.ListNode {
	if typ == parse.NodeIf && p.peek().kind == kIf || typ == parse.NodeWith && p.peek().kind == kWith {
		p.next()
		list := p.nodes.list(elseAt.pos)
		list.Nodes = []parse.Node{p.branch(typ)}
		return list
	}
	list, next := p.itemList()
	if next.kind != kEnd {
		p.failAt(next.word) // expected end
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
		p.failAt(end.word)
	}
	p.vars, p.rangeDepth = outer, outerRange
	p.add(p.newTree(name, list), t)
	pos, line := p.posLine(t)
	return p.nodes.template(pos, line, name, pipe)
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
	return p.nodes.template(pos, line, name, pipe)
}

func (p *parser) templateName(t token) string {
	if t.kind != kString && t.kind != kRawString {
		p.failAt(t)
	}
	return p.unquote(t)
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
			p.checkPipeline(pipe, t)
			return pipe
		case kBool, kDot, kField, kIdentifier, kNumber, kNil, kRawString, kString, kVariable, kLeftParen:
			p.backup()
			cmd := p.command()
			p.scratch.cmds = append(p.scratch.cmds, cmd)
		default:
			p.failAt(t)
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
			comma := p.nextNonSpace()
			pipe.Decl = append(pipe.Decl, p.nodes.variable(parse.Pos(v.pos), p.lex.val(v)))
			p.vars = append(p.vars, p.lex.val(v))
			if !inRange || len(pipe.Decl) >= 2 {
				p.failAt(comma) // too many declarations
			}
			switch t := p.peekNonSpace(); t.kind {
			case kVariable, kRightDelim, kRightParen:
				continue
			default:
				p.failAt(t) // range can only initialize variables
			}
		case after.kind == kSpace:
			p.backup3(v, after)
		default:
			p.backup2(v)
		}
		return
	}
}

// checkPipeline rejects empty pipelines and constants after a pipe; end is
// the token that ended the pipeline.
func (p *parser) checkPipeline(pipe *parse.PipeNode, end token) {
	if len(pipe.Cmds) == 0 {
		p.failAt(end) // missing value
	}
	for _, c := range pipe.Cmds[1:] {
		if n, ok := constantLen(c.Args[0]); ok {
			start := int(c.Args[0].Position())
			fail(int(end.pos), start, start+n) // non executable command
		}
	}
}

// constantLen is the length of the constant n as written; ok is false
// when n is not a constant.
func constantLen(n parse.Node) (int, bool) {
	switch n := n.(type) {
	case *parse.BoolNode:
		return len(strconv.FormatBool(n.True)), true
	case *parse.DotNode:
		return len("."), true
	case *parse.NilNode:
		return len("nil"), true
	case *parse.NumberNode:
		return len(n.Text), true
	case *parse.StringNode:
		return len(n.Quoted), true
	}
	return 0, false
}

func (p *parser) command() *parse.CommandNode {
	cmd := p.nodes.command(parse.Pos(p.peekNonSpace().pos))
	base := len(p.scratch.nodes)
	var end token
	for {
		p.peekNonSpace()
		if operand := p.operand(); operand != nil {
			p.scratch.nodes = append(p.scratch.nodes, operand)
		}
		end = p.next()
		switch end.kind {
		case kSpace:
			continue
		case kRightDelim, kRightParen:
			p.backup()
		case kPipe:
		default:
			p.failAt(end) // unexpected token in operand
		}
		break
	}
	cmd.Args = p.nodes.nodeList(p.scratch.popNodes(base))
	if len(cmd.Args) == 0 {
		p.failAt(end) // empty command
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
		p.failAt(p.peek()) // unexpected . after term
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
			p.failAt(t) // function not defined
		}
		if !slices.Contains(p.calls, val) {
			p.calls = append(p.calls, val)
		}
		return p.nodes.identifier(pos, val)
	case kDot:
		return p.nodes.dot(pos)
	case kNil:
		return &parse.NilNode{NodeType: parse.NodeNil, Pos: pos}
	case kVariable:
		return p.useVar(t)
	case kField:
		return p.nodes.field(pos, val)
	case kBool:
		return &parse.BoolNode{NodeType: parse.NodeBool, Pos: pos, True: val == "true"}
	case kNumber:
		n, ok := p.nodes.number(pos, val)
		if !ok {
			p.failAt(t) // illegal number syntax
		}
		return n
	case kLeftParen:
		if p.depth >= maxDepth {
			bail()
		}
		p.depth++
		defer func() { p.depth-- }()
		return p.pipeline(false, kRightParen)
	case kString, kRawString:
		return p.nodes.str(pos, val, p.unquote(t))
	}
	p.backup()
	return nil
}

// maxDepth bounds parenthesised nesting well below parse's own limit.
const maxDepth = 1000

func (p *parser) useVar(t token) parse.Node {
	v := p.nodes.variable(parse.Pos(t.pos), p.lex.val(t))
	for _, name := range p.vars {
		if name == v.Ident[0] {
			return v
		}
	}
	p.failAt(t) // undefined variable
	return nil
}

// unquote is the value of the string token t.
func (p *parser) unquote(t token) string {
	u, err := strconv.Unquote(p.lex.val(t))
	if err != nil {
		p.failAt(t)
	}
	return u
}
