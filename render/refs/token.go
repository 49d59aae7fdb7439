package refs

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TokenKind classifies the tokens of template actions.
type TokenKind uint8

// Kinds of tokens. Text outside actions is not tokenized.
const (
	TokenUnknown    TokenKind = iota // a character no token starts with
	TokenLeftDelim                   // "{{", or "{{-" with its trim marker
	TokenRightDelim                  // "}}", or "-}}" with its trim marker
	TokenComment                     // a whole comment action, "{{/* ... */}}", delimiters included
	TokenKeyword                     // if, else, end, range, with, define, template, block, break, continue
	TokenFunction                    // any other identifier: a function name
	TokenField                       // a field chain: ".a", ".a.b", or ".a." while it is typed
	TokenDot                         // "." alone
	TokenVariable                    // "$" or "$x"; a field chain written after it is a TokenField
	TokenString                      // an interpreted string, quotes included; unterminated, it ends at the line end
	TokenRawString                   // a raw string, backquotes included
	TokenChar                        // a character constant
	TokenNumber                      // a number
	TokenBool                        // true or false
	TokenNil                         // nil
	TokenPipe                        // "|"
	TokenLeftParen                   // "("
	TokenRightParen                  // ")"
	TokenDeclare                     // ":="
	TokenAssign                      // "="
	TokenComma                       // ","
)

var tokenKindNames = [...]string{
	"unknown", "left delimiter", "right delimiter", "comment", "keyword", "function", "field", "dot",
	"variable", "string", "raw string", "char", "number", "bool", "nil", "pipe", "left paren",
	"right paren", "declare", "assign", "comma",
}

// String names the kind.
func (k TokenKind) String() string {
	if int(k) < len(tokenKindNames) {
		return tokenKindNames[k]
	}
	return "token kind " + strconv.Itoa(int(k))
}

// Token is a token of a template action: its kind and its byte range in
// the template text.
type Token struct {
	Kind       TokenKind
	Start, End int
}

// Text is the token's text in data, the template text it was read from.
func (t Token) Text(data []byte) string { return string(data[t.Start:t.End]) }

// Lex returns the tokens of the actions of a template text, in order; the
// text around actions is skipped. It reads any input, as an editor holds
// it while the user types: an action that is not closed ends at the next
// "{{" or at the end of the text, an unterminated string at the end of its
// line, and a character that starts no token is a TokenUnknown of its own.
func Lex(data []byte) []Token {
	var out []Token
	s := scanner{data: data}
	for t, ok := s.next(); ok; t, ok = s.next() {
		out = append(out, t)
	}
	return out
}

// scanner reads the tokens of data from pos; every token read advances it.
type scanner struct {
	data     []byte
	pos      int
	inAction bool
}

var (
	leftDelim  = []byte("{{")
	rightDelim = []byte("}}")
)

// next returns the next token; ok is false at the end of the text.
func (s *scanner) next() (t Token, ok bool) {
	if s.inAction {
		return s.action()
	}
	return s.delimiter()
}

// delimiter skips text to the next "{{" and reads the left delimiter, or
// the comment, starting there.
func (s *scanner) delimiter() (Token, bool) {
	i := bytes.Index(s.data[s.pos:], leftDelim)
	if i < 0 {
		s.pos = len(s.data)
		return Token{}, false
	}
	start := s.pos + i
	s.pos = start + len(leftDelim)
	comment := s.pos
	if s.at("-") && s.pos+1 < len(s.data) && isSpace(s.data[s.pos+1]) {
		s.pos++
		comment = s.pos + 1
	}
	s.inAction = true
	if bytes.HasPrefix(s.data[comment:], []byte("/*")) {
		return s.comment(start, comment), true
	}
	return Token{TokenLeftDelim, start, s.pos}, true
}

// comment reads a comment whose "/*" is at pos, from its "{{" at start
// through its "*/" and, when it follows, its right delimiter. An
// unterminated comment runs to the end of the text.
func (s *scanner) comment(start, pos int) Token {
	end := bytes.Index(s.data[pos+2:], []byte("*/"))
	if end < 0 {
		s.pos, s.inAction = len(s.data), false
		return Token{TokenComment, start, s.pos}
	}
	s.pos = pos + 2 + end + 2
	switch {
	case s.at("}}"):
		s.pos += 2
	case s.pos+3 < len(s.data) && isSpace(s.data[s.pos]) && bytes.HasPrefix(s.data[s.pos+1:], []byte("-}}")):
		s.pos += 4
	default:
		return Token{TokenComment, start, s.pos} // the action goes on
	}
	s.inAction = false
	return Token{TokenComment, start, s.pos}
}

// at reports whether the text at pos starts with prefix.
func (s *scanner) at(prefix string) bool {
	return bytes.HasPrefix(s.data[s.pos:], []byte(prefix))
}

// action reads the next token inside an action.
func (s *scanner) action() (Token, bool) {
	for s.pos < len(s.data) && isSpace(s.data[s.pos]) {
		s.pos++
		if s.at("-}}") {
			s.pos += 3
			s.inAction = false
			return Token{TokenRightDelim, s.pos - 3, s.pos}, true
		}
	}
	switch {
	case s.pos >= len(s.data):
		return Token{}, false
	case s.at("}}"):
		s.pos += 2
		s.inAction = false
		return Token{TokenRightDelim, s.pos - 2, s.pos}, true
	case s.at("{{"): // the action was not closed: a new one starts
		s.inAction = false
		return s.delimiter()
	}
	start := s.pos
	c := s.data[s.pos]
	s.pos++
	switch {
	case c == '"':
		return s.quoted(start, '"', TokenString), true
	case c == '\'':
		return s.quoted(start, '\'', TokenChar), true
	case c == '`':
		return s.raw(start), true
	case c == '$':
		s.identifier()
		return Token{TokenVariable, start, s.pos}, true
	case c == '.' && s.pos < len(s.data) && isDigit(s.data[s.pos]),
		isDigit(c),
		(c == '+' || c == '-') && s.pos < len(s.data) && (isDigit(s.data[s.pos]) || s.data[s.pos] == '.'):
		return s.number(start), true
	case c == '.':
		return s.field(start), true
	case c == '|':
		return Token{TokenPipe, start, s.pos}, true
	case c == '(':
		return Token{TokenLeftParen, start, s.pos}, true
	case c == ')':
		return Token{TokenRightParen, start, s.pos}, true
	case c == ',':
		return Token{TokenComma, start, s.pos}, true
	case c == '=':
		return Token{TokenAssign, start, s.pos}, true
	case c == ':' && s.at("="):
		s.pos++
		return Token{TokenDeclare, start, s.pos}, true
	}
	s.pos = start
	if s.identifier() {
		return Token{wordKind(s.data[start:s.pos]), start, s.pos}, true
	}
	_, size := utf8.DecodeRune(s.data[start:])
	s.pos = start + size
	return Token{TokenUnknown, start, s.pos}, true
}

// quoted reads a string or character constant after its opening quote,
// through its closing quote. Unterminated, it ends at the end of its line,
// or before a right delimiter on it: an editor closes "{{" as it is typed.
func (s *scanner) quoted(start int, quote byte, kind TokenKind) Token {
	for s.pos < len(s.data) {
		switch c := s.data[s.pos]; {
		case c == '\n':
			return s.unterminated(start, kind)
		case c == '\\' && s.pos+1 < len(s.data) && s.data[s.pos+1] != '\n':
			s.pos += 2
		case c == quote:
			s.pos++
			return Token{kind, start, s.pos}
		default:
			s.pos++
		}
	}
	return s.unterminated(start, kind)
}

// unterminated ends the string that starts at start before the first right
// delimiter in it, if any, else here.
func (s *scanner) unterminated(start int, kind TokenKind) Token {
	if i := bytes.Index(s.data[start:s.pos], rightDelim); i >= 0 {
		s.pos = start + i
		if s.pos-2 > start && s.data[s.pos-1] == '-' && isSpace(s.data[s.pos-2]) {
			s.pos-- // a trim marker
		}
		for s.pos > start+1 && isSpace(s.data[s.pos-1]) {
			s.pos--
		}
	}
	return Token{kind, start, s.pos}
}

// raw reads a raw string after its opening backquote, through the closing
// one; without one, it ends at the end of its line.
func (s *scanner) raw(start int) Token {
	if end := bytes.IndexByte(s.data[s.pos:], '`'); end >= 0 {
		s.pos += end + 1
	} else if end := bytes.IndexByte(s.data[s.pos:], '\n'); end >= 0 {
		s.pos += end
	} else {
		s.pos = len(s.data)
	}
	return Token{TokenRawString, start, s.pos}
}

// number reads a number, loosely: its sign, digits, letters, dots and
// underscores, and the sign of an exponent.
func (s *scanner) number(start int) Token {
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case isDigit(c), 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == '.':
			s.pos++
		case (c == '+' || c == '-') && strings.IndexByte("eEpP", s.data[s.pos-1]) >= 0:
			s.pos++
		default:
			return Token{TokenNumber, start, s.pos}
		}
	}
	return Token{TokenNumber, start, s.pos}
}

// field reads a field chain after its first dot: names each after a dot,
// the last of which may be empty while it is typed. A dot with no name
// after it is the dot.
func (s *scanner) field(start int) Token {
	if !s.identifier() {
		return Token{TokenDot, start, s.pos}
	}
	for s.at(".") {
		s.pos++
		if !s.identifier() {
			break
		}
	}
	return Token{TokenField, start, s.pos}
}

// identifier reads letters, digits and underscores; it reports whether it
// read any.
func (s *scanner) identifier() bool {
	start := s.pos
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		if c < utf8.RuneSelf {
			if c != '_' && !isDigit(c) && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') {
				break
			}
			s.pos++
			continue
		}
		r, size := utf8.DecodeRune(s.data[s.pos:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		s.pos += size
	}
	return s.pos > start
}

// wordKind tells keywords, booleans and nil from function names.
func wordKind(word []byte) TokenKind {
	switch string(word) {
	case "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue":
		return TokenKeyword
	case "true", "false":
		return TokenBool
	case "nil":
		return TokenNil
	}
	return TokenFunction
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
