package refs

import (
	"fmt"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart/source"
)

// syntax is the syntactic pass over every parsed body, called or not: it
// records include, template and tpl calls, unknown functions and wrong
// argument counts (with checkCalls set), or, for At, the function and variable
// names of a file (with names set).
type syntax struct {
	checkCalls bool
	active     map[string]*Define
	file       *file
	calls      []Call
	issues     []Issue
	// names receives the names; vars are the variables in scope,
	// innermost last, and their declarations in names.decls.
	names *fileIndex
	vars  []varInScope
}

// varInScope is a variable in scope and its declaration (-1: $).
type varInScope struct {
	name string
	decl int32
}

// body walks the body of a template: a file or a define, where only $ is
// in scope at first.
func (x *syntax) body(f *file, root *parse.ListNode) {
	x.file = f
	x.vars = append(x.vars[:0], varInScope{"$", -1})
	x.list(root)
}

func (x *syntax) list(l *parse.ListNode) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		x.node(n)
	}
}

func (x *syntax) node(n parse.Node) {
	switch n := n.(type) {
	case *parse.ActionNode:
		x.pipe(n.Pipe)
	case *parse.IfNode:
		x.branch(&n.BranchNode)
	case *parse.WithNode:
		x.branch(&n.BranchNode)
	case *parse.RangeNode:
		x.branch(&n.BranchNode)
	case *parse.ListNode:
		x.list(n)
	case *parse.TemplateNode:
		x.pipe(n.Pipe)
		if x.checkCalls {
			call := Call{Kind: Template, Name: n.Name, Span: span(x.file.src, n), Chart: x.file.chart, Define: x.active[n.Name]}
			call.NameSpan = call.Span
			call.NameSpan.End = quotedEnd(x.file.src.Data, call.Span.Start)
			x.calls = append(x.calls, call)
		}
	}
}

// branch walks if, with and range: the variables declared in the
// pipeline and the bodies go out of scope at the end.
func (x *syntax) branch(n *parse.BranchNode) {
	mark := len(x.vars)
	x.pipe(n.Pipe)
	x.list(n.List)
	x.list(n.ElseList)
	x.vars = x.vars[:mark]
}

func (x *syntax) pipe(p *parse.PipeNode) {
	if p == nil {
		return
	}
	for _, v := range p.Decl {
		if p.IsAssign {
			x.variable(v)
		} else {
			x.declare(v)
		}
	}
	for i, cmd := range p.Cmds {
		x.command(cmd, i > 0)
	}
}

func (x *syntax) command(cmd *parse.CommandNode, piped bool) {
	args := cmd.Args
	if id, ok := args[0].(*parse.IdentifierNode); ok {
		n := len(args) - 1
		if piped {
			n++
		}
		x.function(id, cmd, args[1:], n)
		args = args[1:]
	}
	for _, a := range args {
		x.arg(a)
	}
}

func (x *syntax) arg(n parse.Node) {
	switch n := n.(type) {
	case *parse.PipeNode:
		x.pipe(n)
	case *parse.ChainNode:
		x.arg(n.Node)
	case *parse.IdentifierNode:
		x.function(n, n, nil, 0)
	case *parse.VariableNode:
		x.variable(n)
	}
}

// function checks a call of the function id with count arguments (args
// as written), the whole call being n.
func (x *syntax) function(id *parse.IdentifierNode, n parse.Node, args []parse.Node, count int) {
	name := id.Ident
	x.target(span(x.file.src, id), TargetFunction, -1)
	if !x.checkCalls {
		return
	}
	sp := span(x.file.src, n)
	a, ok := arityOf(name)
	switch {
	case !ok:
		x.issues = append(x.issues, Issue{Kind: UnknownFunction, Span: sp, Name: name,
			Message: fmt.Sprintf("function %q not defined", name)})
	case !a.accepts(count):
		x.issues = append(x.issues, Issue{Kind: ArgCount, Span: sp, Name: name,
			Message: fmt.Sprintf("wrong number of args for %s: want %s got %d", name, a, count)})
	}
	if name != "include" && name != "tpl" {
		return
	}
	kind := Include
	if name == "tpl" {
		kind = Tpl
	}
	call := Call{Kind: kind, Span: sp, Chart: x.file.chart, Dynamic: true}
	if len(args) > 0 {
		if s, ok := args[0].(*parse.StringNode); ok {
			call.Name, call.Dynamic, call.NameSpan = s.Text, false, span(x.file.src, s)
		}
	}
	if kind == Include && !call.Dynamic {
		call.Define = x.active[call.Name]
	}
	x.calls = append(x.calls, call)
}

// declare brings the variable n declares into scope.
func (x *syntax) declare(n *parse.VariableNode) {
	if x.names == nil {
		return
	}
	sp := variableSpan(x.file.src, n)
	x.names.decls = append(x.names.decls, sp)
	decl := int32(len(x.names.decls) - 1)
	x.vars = append(x.vars, varInScope{n.Ident[0], decl})
	x.target(sp, TargetVariable, decl)
}

// variable records a use of a variable, with the declaration in scope.
func (x *syntax) variable(n *parse.VariableNode) {
	decl := int32(-1)
	for i := len(x.vars) - 1; i >= 0; i-- {
		if x.vars[i].name == n.Ident[0] {
			decl = x.vars[i].decl
			break
		}
	}
	x.target(variableSpan(x.file.src, n), TargetVariable, decl)
}

// variableSpan is the span of the variable's name, without the fields
// written after it.
func variableSpan(f *source.File, n *parse.VariableNode) source.Span {
	sp := span(f, n)
	sp.End = min(sp.End, sp.Start+len(n.Ident[0]))
	return sp
}

// target records a name At finds in the file walked.
func (x *syntax) target(sp source.Span, kind TargetKind, ref int32) {
	if x.names != nil {
		x.names.add(sp, kind, 0, ref)
	}
}
