package refs

import (
	"strconv"
	"strings"
)

// Cursor is what a template text says at an offset, read token by token
// with [Lex]'s rules, so that it answers on a template that does not parse,
// as one is while it is typed: the action around the offset, the word
// being typed, the call it is an argument of, and the blocks and variables
// in scope. Offsets are byte offsets in the text.
type Cursor struct {
	Offset int
	// InAction is set when the offset is inside an action: after its left
	// delimiter, before its right one. The fields from Action to Call are
	// set only then.
	InAction bool
	// InComment is set when the offset is inside a comment.
	InComment bool
	// Action is the current action's tokens that start before the offset,
	// from its left delimiter; the token the offset is in is whole.
	Action []Token
	// Word is the token the offset is in or at the end of, a variable and
	// the field chain written after it counting as one variable token; it
	// is the zero Token when the offset follows a space, a delimiter or
	// punctuation.
	Word Token
	// Segments are the names of a field, dot or variable Word up to the
	// offset: "{{ .Values.ima" gives ["Values", "ima"], "{{ $v." gives
	// ["$v", ""], "{{ ." gives [""].
	Segments []string
	// Prefix is the part of the Word before the offset: the last segment,
	// an identifier's text, or a string's Literal.
	Prefix string
	// InString is set when the offset is inside a string or character
	// literal: after its opening quote, before its closing one. Literal is
	// its text up to the offset, unquoted as far as it can be.
	InString bool
	Literal  string
	// ExpectFunction is set where a command starts, so that a function
	// name may be written: in an empty action, after if, with, range or
	// else, after "|", "(", ":=" or "=".
	ExpectFunction bool
	// Call is the innermost function call whose arguments the offset is
	// in; its Name is empty when there is none.
	Call FuncCall
	// Vars are the variables in scope, "$" first, then in the order of
	// their declarations.
	Vars []Var
	// Blocks are the if, with, range, define and block actions that
	// enclose the offset, outermost first.
	Blocks []Block
}

// FuncCall is a function call the cursor is in the arguments of.
type FuncCall struct {
	// Name is the function as written: "include", ".Files.Get", or the
	// keyword template, define or block.
	Name string
	Head Token
	// Arg is the 0-based index of the argument at the cursor among those
	// written after the function; a piped value is not counted.
	Arg int
	// Piped is set when the call follows a pipe: the piped value is its
	// last argument.
	Piped bool
}

// Var is a variable in scope.
type Var struct {
	Name string
	// Decl is the variable token that declares it; the zero Token for $.
	Decl Token
}

// Block is an if, with, range, define or block action around the cursor.
type Block struct {
	// Keyword is the block's keyword; after "else if" or "else with", that
	// if or with.
	Keyword Token
	// Pipeline is the tokens after the keyword, up to the right delimiter:
	// the condition or ranged value with its declarations, or the name and
	// context of a define or block.
	Pipeline []Token
	// Else is set when the cursor is in the block's else branch.
	Else bool
}

// CursorAt reads data at offset. It reads every action before the offset
// (text is skipped, not read) and the current action up to the offset.
func CursorAt(data []byte, offset int) Cursor {
	offset = max(0, min(offset, len(data)))
	c := Cursor{Offset: offset}
	scope := scopeReader{data: data}
	var action []Token
	s := scanner{data: data}
	for t, ok := s.next(); ok && t.Start < offset; t, ok = s.next() {
		if t.Kind == TokenLeftDelim || t.Kind == TokenComment {
			scope.apply(action) // an action that was not closed
			action = action[:0]
		}
		if t.End > offset && (t.Kind == TokenLeftDelim || t.Kind == TokenRightDelim || t.Kind == TokenComment) {
			c.InComment = t.Kind == TokenComment
			action = action[:0]
			break
		}
		if t.Kind == TokenComment {
			continue
		}
		action = append(action, t)
		if t.Kind == TokenRightDelim {
			scope.apply(action)
			action = action[:0]
		}
	}
	if len(action) > 0 {
		c.InAction = true
		c.Action = action
		c.read(data)
	}
	c.Blocks, c.Vars = scope.result()
	return c
}

// read reads the current action up to the offset.
func (c *Cursor) read(data []byte) {
	tokens := c.Action[1:]
	if n := len(tokens); n > 0 && tokens[n-1].End >= c.Offset && isWord(tokens[n-1].Kind) {
		c.Word = tokens[n-1]
		tokens = tokens[:n-1]
		if n := len(tokens); n > 0 && isChain(tokens[n-1], c.Word) && tokens[n-1].Kind == TokenVariable {
			c.Word = Token{TokenVariable, tokens[n-1].Start, c.Word.End}
			tokens = tokens[:n-1]
		}
		c.readWord(data)
	}
	frames := commandFrames(data, tokens)
	cur := frames[len(frames)-1]
	c.ExpectFunction = !cur.hasHead && !cur.closed
	c.Call = enclosingCall(data, frames)
}

// readWord sets the segments, prefix and literal of the word.
func (c *Cursor) readWord(data []byte) {
	text := string(data[c.Word.Start:c.Offset])
	switch c.Word.Kind {
	case TokenField, TokenDot:
		c.Segments = strings.Split(text[1:], ".")
	case TokenVariable:
		c.Segments = strings.Split(text, ".")
	case TokenString, TokenRawString, TokenChar:
		c.InString = c.Offset < c.Word.End || !closedQuote(data[c.Word.Start:c.Word.End])
		if c.InString {
			c.Literal = unquotePrefix(text)
			c.Prefix = c.Literal
		}
		return
	default:
		c.Prefix = text
		return
	}
	c.Prefix = c.Segments[len(c.Segments)-1]
}

// isChain reports whether t is a field chain (or its first dot, as typed)
// written right after the variable or parenthesized pipeline prev.
func isChain(prev, t Token) bool {
	return (t.Kind == TokenField || t.Kind == TokenDot) && prev.End == t.Start &&
		(prev.Kind == TokenVariable || prev.Kind == TokenRightParen)
}

// isWord reports whether tokens of the kind are words the cursor may be
// typing.
func isWord(k TokenKind) bool {
	switch k {
	case TokenFunction, TokenKeyword, TokenField, TokenDot, TokenVariable, TokenBool, TokenNil,
		TokenNumber, TokenString, TokenRawString, TokenChar:
		return true
	}
	return false
}

// closedQuote reports whether a quoted token ends with its closing quote.
func closedQuote(tok []byte) bool {
	if len(tok) < 2 || tok[len(tok)-1] != tok[0] {
		return false
	}
	if tok[0] == '`' {
		return true
	}
	backslashes := 0
	for i := len(tok) - 2; i > 0 && tok[i] == '\\'; i-- {
		backslashes++
	}
	return backslashes%2 == 0
}

// unquotePrefix is the text of the start of a literal, opening quote
// included: unescaped when it unquotes whole, as written otherwise.
func unquotePrefix(text string) string {
	quote, body := text[:1], text[1:]
	if quote == "`" {
		return body
	}
	if s, err := strconv.Unquote(`"` + body + `"`); err == nil {
		return s
	}
	return body
}

// command is a command being read: its head (the function or operand it
// starts with) and how many arguments follow it.
type command struct {
	head    Token
	hasHead bool
	args    int
	piped   bool
	// closed is set after end, break and continue, which take nothing.
	closed bool
	// outerArg is, for a parenthesized pipeline, the index of the argument
	// it is in the enclosing command, -1 when it is that command's head.
	outerArg int
}

// commandFrames reads the tokens of an action after its left delimiter and
// returns the commands open at their end, outermost first: one per
// parenthesized pipeline entered.
func commandFrames(data []byte, tokens []Token) []command {
	frames := []command{{outerArg: -1}}
	var prev Token
	for _, t := range tokens {
		f := &frames[len(frames)-1]
		switch t.Kind {
		case TokenKeyword:
			switch t.Text(data) {
			case "if", "with", "range", "else":
				*f = command{outerArg: f.outerArg}
			case "template", "define", "block":
				f.head, f.hasHead = t, true
			default:
				f.closed = true
			}
		case TokenPipe:
			*f = command{piped: true, outerArg: f.outerArg}
		case TokenDeclare, TokenAssign, TokenComma:
			*f = command{outerArg: f.outerArg}
		case TokenLeftParen:
			arg := -1
			if f.hasHead {
				arg = f.args
				f.args++
			}
			f.hasHead = true
			frames = append(frames, command{outerArg: arg})
		case TokenRightParen:
			if len(frames) > 1 {
				frames = frames[:len(frames)-1]
			}
		case TokenField, TokenDot:
			if !isChain(prev, t) {
				f.operand(t)
			}
		default:
			f.operand(t)
		}
		prev = t
	}
	return frames
}

// operand adds an operand to the command: its head, or an argument.
func (f *command) operand(t Token) {
	if f.hasHead {
		f.args++
		return
	}
	f.head, f.hasHead = t, true
}

// enclosingCall is the innermost call of frames whose arguments the end is
// in: the innermost frame's when it has a head, else the call the frame's
// parenthesized pipeline is an argument of.
func enclosingCall(data []byte, frames []command) FuncCall {
	arg := -1
	for i := len(frames) - 1; i >= 0; i-- {
		f := frames[i]
		if i == len(frames)-1 {
			arg = f.args
			if !f.hasHead {
				arg = -1
			}
		}
		if arg >= 0 && f.hasHead && isCallHead(f.head.Kind) {
			return FuncCall{Name: f.head.Text(data), Head: f.head, Arg: arg, Piped: f.piped}
		}
		arg = f.outerArg
	}
	return FuncCall{}
}

// isCallHead reports whether a command starting with a token of the kind
// calls something with its arguments: a function, a method reached by a
// field chain, or template, define and block.
func isCallHead(k TokenKind) bool {
	return k == TokenFunction || k == TokenField || k == TokenVariable || k == TokenKeyword
}

// scopeReader follows the blocks and variable declarations of the actions
// read.
type scopeReader struct {
	data   []byte
	blocks []openBlock
	vars   []Token
	// visible is where the variables of the current template (the file,
	// or the innermost define or block) start in vars.
	visible int
}

// openBlock is a block being read: its keyword, where its pipeline is,
// and what to restore at its end.
type openBlock struct {
	keyword          Token
	pipeStart        int
	pipeEnd          int
	els              bool
	vars, oldVisible int
}

// apply reads a whole action: a block opens, turns to its else branch or
// ends; variables are declared.
func (s *scopeReader) apply(action []Token) {
	if len(action) > 0 && action[0].Kind == TokenLeftDelim {
		action = action[1:]
	}
	if n := len(action); n > 0 && action[n-1].Kind == TokenRightDelim {
		action = action[:n-1]
	}
	if len(action) == 0 {
		return
	}
	if action[0].Kind != TokenKeyword {
		s.declare(action)
		return
	}
	switch action[0].Text(s.data) {
	case "if", "with", "range":
		s.open(action, false)
	case "define", "block":
		s.open(action, true)
	case "else":
		if len(s.blocks) == 0 {
			return
		}
		b := &s.blocks[len(s.blocks)-1]
		if len(action) > 1 && action[1].Kind == TokenKeyword {
			if w := action[1].Text(s.data); w == "if" || w == "with" {
				b.keyword, b.els = action[1], false
				b.pipeStart, b.pipeEnd = pipeRange(action[1:])
				s.declare(action[2:])
				return
			}
		}
		b.els = true
	case "end":
		if n := len(s.blocks); n > 0 {
			b := s.blocks[n-1]
			s.blocks = s.blocks[:n-1]
			s.vars, s.visible = s.vars[:b.vars], b.oldVisible
		}
	}
}

// open pushes the block of the action; a define or block starts a new
// template, in which only $ is visible.
func (s *scopeReader) open(action []Token, template bool) {
	b := openBlock{keyword: action[0], vars: len(s.vars), oldVisible: s.visible}
	b.pipeStart, b.pipeEnd = pipeRange(action)
	s.blocks = append(s.blocks, b)
	if template {
		s.visible = len(s.vars)
		return
	}
	s.declare(action[1:])
}

// pipeRange is where the tokens after the keyword are.
func pipeRange(action []Token) (start, end int) {
	if len(action) < 2 {
		return action[0].End, action[0].End
	}
	return action[1].Start, action[len(action)-1].End
}

// declare records the variables a pipeline declares: "$x :=" or, in
// range, "$k, $v :=".
func (s *scopeReader) declare(pipe []Token) {
	var decl []Token
	for i, t := range pipe {
		switch {
		case t.Kind == TokenVariable && i%2 == 0:
			decl = append(decl, t)
		case t.Kind == TokenComma && i%2 == 1:
		case t.Kind == TokenDeclare && i%2 == 1:
			s.vars = append(s.vars, decl...)
			return
		default:
			return
		}
	}
}

// result is the blocks open and the variables visible.
func (s *scopeReader) result() ([]Block, []Var) {
	blocks := make([]Block, len(s.blocks))
	for i, b := range s.blocks {
		blocks[i] = Block{Keyword: b.keyword, Else: b.els}
		sub := scanner{data: s.data[:b.pipeEnd], pos: b.pipeStart, inAction: true}
		for t, ok := sub.next(); ok; t, ok = sub.next() {
			blocks[i].Pipeline = append(blocks[i].Pipeline, t)
		}
	}
	vars := []Var{{Name: "$"}}
	for _, v := range s.vars[s.visible:] {
		vars = append(vars, Var{Name: v.Text(s.data), Decl: v})
	}
	return blocks, vars
}
