package refs

import (
	"fmt"
	"text/template/parse"
)

// lexer is the syntactic pass over every parsed body, called or not: it
// records include, template and tpl calls, unknown functions and wrong
// argument counts.
type lexer struct {
	funcs  map[string]arity
	active map[string]*Define
	file   *file
	calls  []Call
	issues []Issue
}

func (x *lexer) list(l *parse.ListNode) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		x.node(n)
	}
}

func (x *lexer) node(n parse.Node) {
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
		call := Call{Kind: Template, Name: n.Name, Span: span(x.file.src, n), Chart: x.file.chart, Define: x.active[n.Name]}
		call.NameSpan = call.Span
		call.NameSpan.End = quotedEnd(x.file.src.Data, call.Span.Start)
		x.calls = append(x.calls, call)
	}
}

func (x *lexer) branch(n *parse.BranchNode) {
	x.pipe(n.Pipe)
	x.list(n.List)
	x.list(n.ElseList)
}

func (x *lexer) pipe(p *parse.PipeNode) {
	if p == nil {
		return
	}
	for i, cmd := range p.Cmds {
		x.command(cmd, i > 0)
	}
}

func (x *lexer) command(cmd *parse.CommandNode, piped bool) {
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		n := len(cmd.Args) - 1
		if piped {
			n++
		}
		x.function(id.Ident, cmd, cmd.Args[1:], n)
	}
	for _, a := range cmd.Args[1:] {
		x.arg(a)
	}
}

func (x *lexer) arg(n parse.Node) {
	switch n := n.(type) {
	case *parse.PipeNode:
		x.pipe(n)
	case *parse.ChainNode:
		x.arg(n.Node)
	case *parse.IdentifierNode:
		x.function(n.Ident, n, nil, 0)
	}
}

// function checks a call of name with n arguments (args as written).
func (x *lexer) function(name string, n parse.Node, args []parse.Node, count int) {
	sp := span(x.file.src, n)
	a, ok := x.funcs[name]
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
