package fastparse

import (
	"strings"
	"text/template/parse"
)

// kind is a token's type, as text/template's lexer distinguishes them.
type kind uint8

const (
	kEOF kind = iota
	kText
	kLeftDelim
	kRightDelim
	kSpace
	kField
	kVariable
	kIdentifier
	kString
	kRawString
	kNumber
	kBool
	kAssign
	kDeclare
	kPipe
	kComma
	kLeftParen
	kRightParen
	// keywords
	kBlock
	kBreak
	kContinue
	kDot
	kDefine
	kElse
	kEnd
	kIf
	kNil
	kRange
	kTemplate
	kWith
)

// wordKind tells keywords and booleans from identifiers.
func wordKind(word string) kind {
	switch word {
	case "block":
		return kBlock
	case "break":
		return kBreak
	case "continue":
		return kContinue
	case "define":
		return kDefine
	case "else":
		return kElse
	case "end":
		return kEnd
	case "if":
		return kIf
	case "nil":
		return kNil
	case "range":
		return kRange
	case "template":
		return kTemplate
	case "with":
		return kWith
	case "true", "false":
		return kBool
	}
	return kIdentifier
}

// token is one lexical item: its kind and where it starts and ends.
type token struct {
	kind     kind
	pos, end int32
}

// lexer scans a template the way text/template's lexer does, for the inputs
// this package handles; anything else makes it give up (see bail).
type lexer struct {
	input        string
	pos          int
	insideAction bool
	parenDepth   int
	// actionStart is where the action being scanned starts, its "{{";
	// openParen is its outermost parenthesis not yet closed. Errors name
	// them.
	actionStart, openParen int
	// line is the line number at linePos; lines are counted only for the
	// nodes that record them.
	line    int
	linePos int
}

func newLexer(input string) *lexer {
	return &lexer{input: input, line: 1}
}

// lineAt returns the line number of pos, counting from the previous call.
func (l *lexer) lineAt(pos parse.Pos) int {
	p := int(pos)
	if p >= l.linePos {
		l.line += strings.Count(l.input[l.linePos:p], "\n")
	} else {
		l.line -= strings.Count(l.input[p:l.linePos], "\n")
	}
	l.linePos = p
	return l.line
}

func (l *lexer) token(k kind, start int) token {
	return token{kind: k, pos: int32(start), end: int32(l.pos)}
}

// val is a token's text.
func (l *lexer) val(t token) string { return l.input[t.pos:t.end] }

func (l *lexer) next() token {
	if l.insideAction {
		return l.action()
	}
	return l.text()
}

// text scans literal text up to the next action, skipping comments.
func (l *lexer) text() token {
	for {
		start := l.pos
		x := strings.Index(l.input[start:], "{{")
		if x < 0 {
			l.pos = len(l.input)
			if l.pos > start {
				return l.token(kText, start)
			}
			return l.token(kEOF, start)
		}
		delim := start + x
		if x > 0 {
			end := delim
			if hasLeftTrimMarker(l.input[delim+2:]) {
				end -= rightTrimLength(l.input[start:delim])
			}
			l.pos = delim
			if end > start {
				return token{kind: kText, pos: int32(start), end: int32(end)}
			}
		}
		if t, ok := l.leftDelim(delim); ok {
			return t
		}
	}
}

// leftDelim handles "{{" at pos: the start of an action, or a comment that
// is skipped (ok false).
func (l *lexer) leftDelim(pos int) (token, bool) {
	after := pos + 2
	if hasLeftTrimMarker(l.input[after:]) {
		after += 2
	}
	if strings.HasPrefix(l.input[after:], "/*") {
		l.comment(pos, after)
		return token{}, false
	}
	l.pos = pos + 2
	t := l.token(kLeftDelim, pos)
	l.pos = after
	l.insideAction = true
	l.parenDepth = 0
	l.actionStart = pos
	return t, true
}

// comment skips a comment starting at pos, after the "{{" at open, and its
// closing delimiter.
func (l *lexer) comment(open, pos int) {
	x := strings.Index(l.input[pos+2:], "*/")
	if x < 0 {
		fail(pos, open, pos+2) // unclosed comment
	}
	end := pos + 2 + x + 2
	delim, trim := l.atRightDelim(end)
	if !delim {
		fail(pos, end-2, end) // comment ends before closing delimiter
	}
	if trim {
		end += 2
	}
	end += 2
	if trim {
		end += leftTrimLength(l.input[end:])
	}
	l.pos = end
}

// atRightDelim reports whether "}}" or " -}}" starts at pos.
func (l *lexer) atRightDelim(pos int) (delim, trim bool) {
	s := l.input[pos:]
	if hasRightTrimMarker(s) && strings.HasPrefix(s[2:], "}}") {
		return true, true
	}
	return strings.HasPrefix(s, "}}"), false
}

// action scans one token inside an action.
func (l *lexer) action() token {
	start := l.pos
	if delim, _ := l.atRightDelim(start); delim {
		if l.parenDepth != 0 {
			fail(start, l.openParen, l.openParen+1) // unclosed left paren
		}
		return l.rightDelim()
	}
	if start >= len(l.input) {
		fail(start, l.actionStart, l.actionStart+2) // unclosed action
	}
	c := l.input[start]
	l.pos++
	switch {
	case isSpace(c):
		l.pos--
		return l.space()
	case c == '=':
		return l.token(kAssign, start)
	case c == ':':
		if l.pos >= len(l.input) || l.input[l.pos] != '=' {
			fail(start, start, start+1) // expected :=
		}
		l.pos++
		return l.token(kDeclare, start)
	case c == '|':
		return l.token(kPipe, start)
	case c == ',':
		return l.token(kComma, start)
	case c == '"':
		return l.quote(start)
	case c == '`':
		return l.rawQuote(start)
	case c == '$':
		return l.fieldOrVariable(kVariable, start)
	case c == '.' && l.pos < len(l.input) && !isDigit(l.input[l.pos]):
		return l.fieldOrVariable(kField, start)
	case c == '.' || c == '+' || c == '-' || isDigit(c):
		l.pos--
		return l.number(start)
	case isAlphaNumeric(c):
		l.pos--
		return l.identifier(start)
	case c == '(':
		if l.parenDepth == 0 {
			l.openParen = start
		}
		l.parenDepth++
		return l.token(kLeftParen, start)
	case c == ')':
		l.parenDepth--
		if l.parenDepth < 0 {
			fail(start, start, start+1) // unexpected right paren
		}
		return l.token(kRightParen, start)
	case c == '\'' || c >= 0x80:
		bail() // a character constant, a Unicode space or letter
	}
	fail(start, start, start+1) // a character no token starts with
	return token{}
}

func (l *lexer) rightDelim() token {
	_, trim := l.atRightDelim(l.pos)
	if trim {
		l.pos += 2
	}
	start := l.pos
	l.pos += 2
	t := l.token(kRightDelim, start)
	if trim {
		l.pos += leftTrimLength(l.input[l.pos:])
	}
	l.insideAction = false
	return t
}

// space scans a run of spaces; the last one stays if it belongs to " -}}".
func (l *lexer) space() token {
	start := l.pos
	for l.pos < len(l.input) && isSpace(l.input[l.pos]) {
		l.pos++
	}
	if hasRightTrimMarker(l.input[l.pos-1:]) && strings.HasPrefix(l.input[l.pos+1:], "}}") {
		l.pos--
		if l.pos == start {
			return l.rightDelim()
		}
	}
	return l.token(kSpace, start)
}

func (l *lexer) identifier(start int) token {
	for l.pos < len(l.input) && isAlphaNumeric(l.input[l.pos]) {
		l.pos++
	}
	l.requireTerminator(start)
	return l.token(wordKind(l.input[start:l.pos]), start)
}

// fieldOrVariable scans ".name" or "$name" (the sigil already consumed);
// a bare sigil is the dot or the variable "$".
func (l *lexer) fieldOrVariable(k kind, start int) token {
	if l.atTerminator() {
		if k == kField {
			return l.token(kDot, start)
		}
		return l.token(kVariable, start)
	}
	for l.pos < len(l.input) && isAlphaNumeric(l.input[l.pos]) {
		l.pos++
	}
	l.requireTerminator(start)
	return l.token(k, start)
}

// requireTerminator checks that the word that started at start ends here.
func (l *lexer) requireTerminator(start int) {
	if !l.atTerminator() {
		fail(start, l.pos, l.pos+1) // bad character
	}
}

// atTerminator reports whether the byte at the position may end a word.
func (l *lexer) atTerminator() bool {
	if l.pos >= len(l.input) {
		return true
	}
	switch c := l.input[l.pos]; {
	case isSpace(c), c == '.', c == ',', c == '|', c == ':', c == ')', c == '(':
		return true
	case c >= 0x80:
		bail() // a Unicode space or letter: leave it to text/template
	}
	return strings.HasPrefix(l.input[l.pos:], "}}")
}

// number scans a number as text/template's scanNumber does; complex and
// imaginary numbers are left to text/template.
func (l *lexer) number(start int) token {
	l.accept("+-")
	digits := "0123456789_"
	if l.accept("0") {
		switch {
		case l.accept("xX"):
			digits = "0123456789abcdefABCDEF_"
		case l.accept("oO"):
			digits = "01234567_"
		case l.accept("bB"):
			digits = "01_"
		}
	}
	l.acceptRun(digits)
	if l.accept(".") {
		l.acceptRun(digits)
	}
	if len(digits) == 10+1 && l.accept("eE") {
		l.accept("+-")
		l.acceptRun("0123456789_")
	}
	if len(digits) == 16+6+1 && l.accept("pP") {
		l.accept("+-")
		l.acceptRun("0123456789_")
	}
	if l.pos < len(l.input) {
		switch c := l.input[l.pos]; {
		case c == 'i' || c == '+' || c == '-' || c >= 0x80:
			bail() // imaginary and complex numbers
		case isAlphaNumeric(c):
			fail(start, start, l.pos+1) // bad number syntax
		}
	}
	return l.token(kNumber, start)
}

func (l *lexer) accept(valid string) bool {
	if l.pos < len(l.input) && strings.IndexByte(valid, l.input[l.pos]) >= 0 {
		l.pos++
		return true
	}
	return false
}

func (l *lexer) acceptRun(valid string) {
	for l.accept(valid) {
	}
}

// quote scans an interpreted string; its validity is checked by Unquote.
func (l *lexer) quote(start int) token {
	for {
		if l.pos >= len(l.input) {
			fail(start, start, l.pos) // unterminated quoted string
		}
		c := l.input[l.pos]
		l.pos++
		switch c {
		case '\\':
			if l.pos >= len(l.input) || l.input[l.pos] == '\n' {
				fail(start, start, l.pos) // unterminated quoted string
			}
			l.pos++
		case '\n':
			fail(start, start, l.pos-1) // unterminated quoted string
		case '"':
			return l.token(kString, start)
		}
	}
}

func (l *lexer) rawQuote(start int) token {
	x := strings.IndexByte(l.input[l.pos:], '`')
	if x < 0 {
		fail(start, start, start+1) // unterminated raw quoted string
	}
	l.pos += x + 1
	return l.token(kRawString, start)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isAlphaNumeric is text/template's test for ASCII; a non-ASCII byte gives
// up, since Unicode letters are rare in actions and need rune decoding.
func isAlphaNumeric(c byte) bool {
	switch {
	case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', isDigit(c):
		return true
	case c >= 0x80:
		bail()
	}
	return false
}

func hasLeftTrimMarker(s string) bool {
	return len(s) >= 2 && s[0] == '-' && isSpace(s[1])
}

func hasRightTrimMarker(s string) bool {
	return len(s) >= 2 && isSpace(s[0]) && s[1] == '-'
}

func rightTrimLength(s string) int {
	return len(s) - len(strings.TrimRight(s, " \t\r\n"))
}

func leftTrimLength(s string) int {
	return len(s) - len(strings.TrimLeft(s, " \t\r\n"))
}
