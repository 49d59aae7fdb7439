package rules

import (
	"maps"
	"slices"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
)

// command is one command of a template action, found by walking the parse
// trees of the chart tree's templates.
type command struct {
	cmd   *parse.CommandNode
	chart *chart.Chart
	file  *source.File
	// prev is the command before it in its pipeline, whose result it gets
	// as its last argument; nil for the first.
	prev *parse.CommandNode
	// inDefine is set for commands inside a define or block, and
	// conditional for commands inside if, with or range (or their else).
	inDefine, conditional bool
}

// commands returns the commands the rules examine (see examined) of every
// template of the chart tree that parses, in tree order. They depend on
// the chart alone: they are found once per chart.
func commands(p *lint.Pass) []command {
	return p.ChartMemo("commands", func() any {
		if p.LoadErr != nil || p.Chart == nil || p.Chart.Metadata == nil || p.Parses == nil {
			return []command(nil)
		}
		var out []command
		var walkChart func(c *chart.Chart)
		walkChart = func(c *chart.Chart) {
			for _, t := range c.RenderedTemplates() {
				trees, err := p.Parses.Parse(t.Name, t.File)
				if err != nil {
					continue
				}
				for _, name := range slices.Sorted(maps.Keys(trees)) {
					w := &commandWalker{base: command{chart: c, file: t.File, inDefine: name != t.Name}, out: out}
					w.node(trees[name].Root, false)
					out = w.out
				}
			}
			for _, s := range c.Subcharts {
				walkChart(s)
			}
		}
		walkChart(p.Chart)
		return out
	}).([]command)
}

// examined reports whether a rule examines a command: a .Files call
// (checkFilesMissing) or required (checkRequiredWithoutDefault). Only
// those are kept: a big chart has a hundred thousand commands.
func examined(cmd *parse.CommandNode) bool {
	if _, _, ok := filesCall(cmd); ok {
		return true
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	return ok && id.Ident == "required"
}

// commandWalker collects the examined commands of one parse tree,
// appending them to out.
type commandWalker struct {
	base command
	out  []command
}

func (w *commandWalker) node(n parse.Node, conditional bool) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			w.node(c, conditional)
		}
	case *parse.ActionNode:
		w.pipe(n.Pipe, conditional)
	case *parse.TemplateNode:
		w.pipe(n.Pipe, conditional)
	case *parse.IfNode:
		w.branch(&n.BranchNode, conditional)
	case *parse.WithNode:
		w.branch(&n.BranchNode, conditional)
	case *parse.RangeNode:
		w.branch(&n.BranchNode, conditional)
	}
}

func (w *commandWalker) branch(b *parse.BranchNode, conditional bool) {
	w.pipe(b.Pipe, conditional)
	w.node(b.List, true)
	w.node(b.ElseList, true)
}

func (w *commandWalker) pipe(p *parse.PipeNode, conditional bool) {
	if p == nil {
		return
	}
	var prev *parse.CommandNode
	for _, c := range p.Cmds {
		if examined(c) {
			found := w.base
			found.cmd, found.prev, found.conditional = c, prev, conditional
			w.out = append(w.out, found)
		}
		for _, a := range c.Args {
			w.arg(a, conditional)
		}
		prev = c
	}
}

func (w *commandWalker) arg(n parse.Node, conditional bool) {
	switch n := n.(type) {
	case *parse.PipeNode:
		w.pipe(n, conditional)
	case *parse.ChainNode:
		w.arg(n.Node, conditional)
	}
}

// chainIdents returns the identifiers of a field chain argument: .a.b,
// $.a.b or $v.a.b (with the variable first); nil for anything else.
func chainIdents(n parse.Node) []string {
	switch n := n.(type) {
	case *parse.FieldNode:
		return n.Ident
	case *parse.VariableNode:
		return n.Ident
	}
	return nil
}

// span is a node's span from its start, n bytes long.
func span(f *source.File, n parse.Node, length int) source.Span {
	start := int(n.Position())
	return source.Span{File: f, Start: start, End: start + length}
}
