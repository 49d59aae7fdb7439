package lsp

import (
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/render/refs"
)

// The structure of a template text read from its tokens alone (refs.Lex),
// so that it is known while the text does not parse: its actions, and the
// blocks they open and close. Folding ranges and document symbols read it.

// action is one action of a template text: a run of tokens from a left
// delimiter or a comment to the right delimiter that closes it. An action
// left open ends with its last token, before the next action.
type action struct {
	Start, End int
	Tokens     []refs.Token
}

// templateActions groups the tokens of a template text into actions: Lex
// reads a comment only where an action starts, and a left delimiter always
// starts one.
func templateActions(tokens []refs.Token) []action {
	var out []action
	for i, t := range tokens {
		if t.Kind == refs.TokenLeftDelim || t.Kind == refs.TokenComment || len(out) == 0 {
			out = append(out, action{Start: t.Start})
		}
		a := &out[len(out)-1]
		a.Tokens = tokens[i-len(a.Tokens) : i+1]
		a.End = t.End
	}
	return out
}

// keyword returns the keyword the action starts with ("if", "end", ...),
// "" when it starts with none.
func (a action) keyword(data []byte) string {
	if len(a.Tokens) < 2 || a.Tokens[0].Kind != refs.TokenLeftDelim || a.Tokens[1].Kind != refs.TokenKeyword {
		return ""
	}
	return a.Tokens[1].Text(data)
}

// comment returns the action's comment token, if the action is a comment.
func (a action) comment() (refs.Token, bool) {
	if len(a.Tokens) > 0 && a.Tokens[0].Kind == refs.TokenComment {
		return a.Tokens[0], true
	}
	return refs.Token{}, false
}

// block is an if, range, with, define or block action with the else
// actions of its branches and the end that closes it.
type block struct {
	Keyword string
	Open    action
	Elses   []action
	// End is the end action; Closed is false while it is not written.
	End    action
	Closed bool
}

// opensBlock reports whether an action keyword opens a block.
func opensBlock(keyword string) bool {
	switch keyword {
	case "if", "range", "with", "define", "block":
		return true
	}
	return false
}

// templateBlocks matches the actions that open blocks with their else and
// end actions, in the order the blocks open. It is tolerant, as a text
// being typed needs: an end with no block open is ignored, and blocks
// still open at the end of the text are returned unclosed.
func templateBlocks(data []byte, actions []action) []block {
	var out []block
	var open []int // indexes in out of the blocks open, innermost last
	for _, a := range actions {
		switch kw := a.keyword(data); {
		case opensBlock(kw):
			open = append(open, len(out))
			out = append(out, block{Keyword: kw, Open: a})
		case kw == "else" && len(open) > 0:
			b := &out[open[len(open)-1]]
			b.Elses = append(b.Elses, a)
		case kw == "end" && len(open) > 0:
			b := &out[open[len(open)-1]]
			b.End, b.Closed = a, true
			open = open[:len(open)-1]
		}
	}
	return out
}

// name returns the template name a define or block action declares, and
// its token; ok is false when no name is written yet.
func (b block) name(data []byte) (name string, tok refs.Token, ok bool) {
	if b.Keyword != "define" && b.Keyword != "block" || len(b.Open.Tokens) < 3 {
		return "", refs.Token{}, false
	}
	tok = b.Open.Tokens[2]
	if tok.Kind != refs.TokenString && tok.Kind != refs.TokenRawString {
		return "", refs.Token{}, false
	}
	text := tok.Text(data)
	if name, err := strconv.Unquote(text); err == nil {
		return name, tok, true
	}
	return strings.Trim(text, "\"`"), tok, true // unterminated while typed
}
