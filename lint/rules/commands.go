package rules

import (
	"maps"
	"slices"
	"strconv"
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
	// tested is set for a command whose result is only tested (see
	// testedValue): what it gives when it finds nothing is expected.
	tested bool
	// guards are the constant .Files names and patterns that the if, with
	// and range enclosing the command test (not in their else).
	guards []string
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
	base   command
	out    []command
	guards []string // of the blocks being walked
}

// node walks a node of a parse tree.
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
		w.pipe(n.Pipe, conditional, false)
	case *parse.TemplateNode:
		w.pipe(n.Pipe, conditional, false)
	case *parse.IfNode:
		w.branch(&n.BranchNode, conditional)
	case *parse.WithNode:
		w.branch(&n.BranchNode, conditional)
	case *parse.RangeNode:
		w.branch(&n.BranchNode, conditional)
	}
}

// branch walks an if, with or range: its pipeline is what is tested, and
// the .Files it tests guard its list (not its else, which runs when they
// are absent).
func (w *commandWalker) branch(b *parse.BranchNode, conditional bool) {
	first := len(w.out)
	w.pipe(b.Pipe, conditional, true)
	outer := w.guards
	w.guards = append(slices.Clip(outer), testedFiles(w.out[first:])...)
	w.node(b.List, true)
	w.guards = outer
	w.node(b.ElseList, true)
}

// pipe walks a pipeline; tested says whether its result is only tested.
func (w *commandWalker) pipe(p *parse.PipeNode, conditional, tested bool) {
	if p == nil {
		return
	}
	var prev *parse.CommandNode
	for i, c := range p.Cmds {
		last := i == len(p.Cmds)-1
		valueTested := tested && last || !last && testsPiped(p.Cmds[i+1])
		if examined(c) {
			found := w.base
			found.cmd, found.prev, found.conditional = c, prev, conditional
			found.tested, found.guards = valueTested, w.guards
			w.out = append(w.out, found)
		}
		for j, a := range c.Args {
			w.arg(a, conditional, argTested(c, j, valueTested))
		}
		prev = c
	}
}

// arg walks a command's argument; tested says whether its value is only
// tested.
func (w *commandWalker) arg(n parse.Node, conditional, tested bool) {
	switch n := n.(type) {
	case *parse.PipeNode:
		w.pipe(n, conditional, tested)
	case *parse.ChainNode:
		w.arg(n.Node, conditional, false) // (x).Field uses x
	}
}

// testFuncs are the functions that look only at whether their arguments
// are empty: not and empty, and and or, whose value is one of their
// arguments picked by that test (or's is a chain of fallbacks).
var testFuncs = map[string]bool{"and": true, "or": true, "not": true, "empty": true}

// argTested reports whether argument j of c is only tested: an argument of
// a test function, the value default falls back from, or a parenthesized
// pipeline that is c's only argument when c's value is tested.
func argTested(c *parse.CommandNode, j int, valueTested bool) bool {
	if j == 0 {
		_, parens := c.Args[0].(*parse.PipeNode)
		return parens && len(c.Args) == 1 && valueTested
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	if !ok {
		return false
	}
	return testFuncs[id.Ident] || id.Ident == "default" && j == 2
}

// testsPiped reports whether a command only tests the value piped into it.
func testsPiped(next *parse.CommandNode) bool {
	id, ok := next.Args[0].(*parse.IdentifierNode)
	return ok && (testFuncs[id.Ident] || id.Ident == "default" && len(next.Args) == 2)
}

// testedFiles returns the constant names and patterns of the .Files calls
// among cmds whose result is only tested.
func testedFiles(cmds []command) []string {
	var out []string
	for _, c := range cmds {
		if _, arg, ok := filesCall(c.cmd); ok && c.tested {
			if name, err := strconv.Unquote(arg.Quoted); err == nil {
				out = append(out, name)
			}
		}
	}
	return out
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
