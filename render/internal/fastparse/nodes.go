package fastparse

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"text/template/parse"
	"unsafe"
)

// slab hands out pointers into arrays allocated a chunk at a time: one
// allocation for many nodes of a kind. Chunks grow from 4 nodes, so that
// small templates waste little, to as many as fill 32 KiB, the largest
// size class: a chunk of 128 nodes rounded up to its class left up to an
// eighth of its memory unused (CommandNode: 7 KiB in 8), spreading the
// trees, which are most of a render's fresh memory, over more pages.
type slab[T any] struct {
	free []T
	size int
}

// slabBytes is the memory of a full-grown slab chunk.
const slabBytes = 32 << 10

func (s *slab[T]) new() *T {
	if len(s.free) == 0 {
		s.size = min(max(4, s.size*2), slabBytes/int(unsafe.Sizeof(*new(T))))
		s.free = make([]T, s.size)
	}
	n := &s.free[0]
	s.free = s.free[1:]
	return n
}

// carver hands out exact-length slices cut from larger arrays.
type carver[T any] struct {
	free []T
	size int
}

// copy returns a copy of src with no spare capacity, nil if src is empty
// (as the lists parse builds by appending).
func (c *carver[T]) copy(src []T) []T {
	if len(src) == 0 {
		return nil
	}
	if len(src) > len(c.free) {
		c.size = min(max(16, c.size*2), 1024)
		if len(src) > c.size {
			return append([]T(nil), src...)
		}
		c.free = make([]T, c.size)
	}
	dst := c.free[:len(src):len(src)]
	copy(dst, src)
	c.free = c.free[len(src):]
	return dst
}

// nodeAllocator builds the frequent node kinds from slabs.
type nodeAllocator struct {
	lists     slab[parse.ListNode]
	actions   slab[parse.ActionNode]
	ifs       slab[parse.IfNode]
	numbers   slab[parse.NumberNode]
	dots      slab[parse.DotNode]
	includes  slab[parse.TemplateNode]
	texts     slab[parse.TextNode]
	pipes     slab[parse.PipeNode]
	commands  slab[parse.CommandNode]
	fields    slab[parse.FieldNode]
	variables slab[parse.VariableNode]
	strings   slab[parse.StringNode]
	idents    slab[string]
	ids       slab[parse.IdentifierNode]
	nodeLists carver[parse.Node]
	cmdLists  carver[*parse.CommandNode]
	strLists  carver[string]
	// textBytes is the template text that text nodes slice: the caller's
	// bytes or a copy.
	textBytes []byte
}

func (a *nodeAllocator) list(pos parse.Pos) *parse.ListNode {
	n := a.lists.new()
	n.NodeType, n.Pos = parse.NodeList, pos
	return n
}

// text returns a text node for src[start:end]. Its bytes are a
// slice of one copy of src, capped at its end; as with parse, no two text
// nodes start at the same address, which is how the renderer tells literal
// text from action output.
func (a *nodeAllocator) text(src string, start, end int32) *parse.TextNode {
	if a.textBytes == nil {
		a.textBytes = []byte(src)
	}
	n := a.texts.new()
	n.NodeType, n.Pos, n.Text = parse.NodeText, parse.Pos(start), a.textBytes[start:end:end]
	return n
}

func (a *nodeAllocator) action(pos parse.Pos, line int, pipe *parse.PipeNode) *parse.ActionNode {
	n := a.actions.new()
	n.NodeType, n.Pos, n.Line, n.Pipe = parse.NodeAction, pos, line, pipe
	return n
}

func (a *nodeAllocator) ifNode(b parse.BranchNode) *parse.IfNode {
	n := a.ifs.new()
	n.BranchNode = b
	return n
}

func (a *nodeAllocator) dot(pos parse.Pos) *parse.DotNode {
	n := a.dots.new()
	n.NodeType, n.Pos = parse.NodeDot, pos
	return n
}

// template returns a {{template}} node.
func (a *nodeAllocator) template(pos parse.Pos, line int, name string, pipe *parse.PipeNode) *parse.TemplateNode {
	n := a.includes.new()
	n.NodeType, n.Pos, n.Line, n.Name, n.Pipe = parse.NodeTemplate, pos, line, name, pipe
	return n
}

func (a *nodeAllocator) pipe(pos parse.Pos, line int) *parse.PipeNode {
	n := a.pipes.new()
	n.NodeType, n.Pos, n.Line = parse.NodePipe, pos, line
	return n
}

func (a *nodeAllocator) command(pos parse.Pos) *parse.CommandNode {
	n := a.commands.new()
	n.NodeType, n.Pos = parse.NodeCommand, pos
	return n
}

func (a *nodeAllocator) field(pos parse.Pos, token string) *parse.FieldNode {
	n := a.fields.new()
	n.NodeType, n.Pos, n.Ident = parse.NodeField, pos, a.ident(token[1:])
	return n
}

func (a *nodeAllocator) variable(pos parse.Pos, token string) *parse.VariableNode {
	n := a.variables.new()
	n.NodeType, n.Pos, n.Ident = parse.NodeVariable, pos, a.ident(token)
	return n
}

// ident returns a one-element identifier list with no spare capacity, so
// that appending fields copies it.
func (a *nodeAllocator) ident(s string) []string {
	id := a.idents.new()
	*id = s
	return unsafe.Slice(id, 1)
}

func (a *nodeAllocator) identifier(pos parse.Pos, name string) *parse.IdentifierNode {
	n := a.ids.new()
	n.NodeType, n.Pos, n.Ident = parse.NodeIdentifier, pos, name
	return n
}

func (a *nodeAllocator) str(pos parse.Pos, quoted, text string) *parse.StringNode {
	n := a.strings.new()
	n.NodeType, n.Pos, n.Quoted, n.Text = parse.NodeString, pos, quoted, text
	return n
}

// number is parse's number conversion for integers and floats: the
// value in every representation it fits; ok is false when text is not a
// number parse accepts.
func (a *nodeAllocator) number(pos parse.Pos, text string) (n *parse.NumberNode, ok bool) {
	n = a.numbers.new()
	n.NodeType, n.Pos, n.Text = parse.NodeNumber, pos, text
	u, err := strconv.ParseUint(text, 0, 64)
	if err == nil {
		n.IsUint, n.Uint64 = true, u
	}
	if i, err := strconv.ParseInt(text, 0, 64); err == nil {
		n.IsInt, n.Int64 = true, i
		if i == 0 {
			n.IsUint, n.Uint64 = true, u
		}
	}
	switch {
	case n.IsInt:
		n.IsFloat, n.Float64 = true, float64(n.Int64)
	case n.IsUint:
		n.IsFloat, n.Float64 = true, float64(n.Uint64)
	default:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || !strings.ContainsAny(text, ".eEpP") {
			return nil, false
		}
		n.IsFloat, n.Float64 = true, f
		if float64(int64(f)) == f {
			n.IsInt, n.Int64 = true, int64(f)
		}
		if float64(uint64(f)) == f {
			n.IsUint, n.Uint64 = true, uint64(f)
		}
	}
	return n, true
}

// treeText is parse.Tree's unexported text field, which ErrorContext reads
// to place execution errors; parse sets it, and so must we.
var treeText, treeTextSettable = func() (reflect.StructField, bool) {
	f, ok := reflect.TypeFor[parse.Tree]().FieldByName("text")
	return f, ok && f.Type.Kind() == reflect.String
}()

func setTreeText(t *parse.Tree, text string) {
	if !treeTextSettable {
		panic(fmt.Sprintf("fastparse: parse.Tree has no text field: %v", treeText))
	}
	*(*string)(unsafe.Add(unsafe.Pointer(t), treeText.Offset)) = text
}

func (a *nodeAllocator) nodeList(nodes []parse.Node) []parse.Node { return a.nodeLists.copy(nodes) }

func (a *nodeAllocator) commandList(cmds []*parse.CommandNode) []*parse.CommandNode {
	return a.cmdLists.copy(cmds)
}

func (a *nodeAllocator) identList(idents []string) []string { return a.strLists.copy(idents) }
