package refs

import (
	"strconv"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart/source"
)

// nodeSpan returns the byte range of n in its template text. The parser
// keeps only start positions, and for a field chain the position of its
// second field; the rest is measured from the node's text, which for these
// nodes is exactly what was written.
func nodeSpan(n parse.Node, data []byte) (start, end int) {
	pos := int(n.Position())
	switch n := n.(type) {
	case *parse.FieldNode:
		if len(n.Ident) > 1 {
			pos -= len(n.Ident[0]) + 1
		}
		return pos, pos + len(n.Ident) + identLen(n.Ident)
	case *parse.VariableNode:
		if len(n.Ident) > 1 {
			pos -= len(n.Ident[0])
		}
		return pos, pos + len(n.Ident) - 1 + identLen(n.Ident)
	case *parse.ChainNode:
		start, _ := nodeSpan(n.Node, data)
		if _, ok := n.Node.(*parse.PipeNode); ok && start > 0 && start <= len(data) && data[start-1] == '(' {
			start-- // the parenthesis the parser does not keep
		}
		return start, pos + len(n.Field) + identLen(n.Field)
	case *parse.DotNode:
		return pos, pos + 1
	case *parse.StringNode:
		return pos, pos + len(n.Quoted)
	case *parse.NumberNode:
		return pos, pos + len(n.Text)
	case *parse.BoolNode:
		return pos, pos + len(strconv.FormatBool(n.True))
	case *parse.NilNode:
		return pos, pos + len("nil")
	case *parse.IdentifierNode:
		return pos, pos + len(n.Ident)
	case *parse.CommandNode:
		return spanOf(pos, n.Args, data)
	case *parse.PipeNode:
		if len(n.Cmds) == 0 {
			return pos, pos
		}
		_, end := nodeSpan(n.Cmds[len(n.Cmds)-1], data)
		return pos, end
	case *parse.TemplateNode:
		end := quotedEnd(data, pos)
		if n.Pipe != nil {
			_, end = nodeSpan(n.Pipe, data)
		}
		return pos, end
	}
	return pos, pos
}

func spanOf(pos int, args []parse.Node, data []byte) (int, int) {
	if len(args) == 0 {
		return pos, pos
	}
	start, _ := nodeSpan(args[0], data)
	_, end := nodeSpan(args[len(args)-1], data)
	return min(start, pos), end
}

// identLen is the length of the identifiers together.
func identLen(idents []string) int {
	n := 0
	for _, id := range idents {
		n += len(id)
	}
	return n
}

// span returns n's span in f, clamped to the file.
func span(f *source.File, n parse.Node) source.Span {
	start, end := nodeSpan(n, f.Data)
	start = max(0, min(start, len(f.Data)))
	end = max(start, min(end, len(f.Data)))
	return source.Span{File: f, Start: start, End: end}
}

// quotedEnd returns the end of the quoted string (interpreted or raw)
// starting at pos, or pos when there is none.
func quotedEnd(data []byte, pos int) int {
	if pos < 0 || pos >= len(data) || data[pos] != '"' && data[pos] != '`' {
		return pos
	}
	quote := data[pos]
	for i := pos + 1; i < len(data); i++ {
		switch {
		case data[i] == quote:
			return i + 1
		case data[i] == '\\' && quote == '"':
			i++
			if i < len(data) && data[i] == '\n' {
				return pos
			}
		case data[i] == '\n' && quote == '"':
			return pos
		}
	}
	return pos
}
