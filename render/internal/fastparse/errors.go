package fastparse

import (
	"errors"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/chart/source"
)

// Error is a parse error: text/template/parse's error, whose text is the
// one Helm shows, and the byte range of the text it is about.
//
// The range comes from this package's parser, which stops where
// text/template's does and knows the token at fault: the "{{" of an
// unclosed action, the name of an undefined function, the opening quote of
// an unterminated string. When the parser had handed the text over before
// reaching the error (a form it leaves to text/template), the range is the
// line the message names, without its indentation.
type Error struct {
	Err        error
	Start, End int
}

func (e *Error) Error() string { return e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// ErrorSpan is where in f, the text parsed, the parse error err is: its
// range when it is an [*Error], else the start of f.
func ErrorSpan(f *source.File, err error) source.Span {
	if e, ok := errors.AsType[*Error](err); ok {
		return source.Span{File: f, Start: e.Start, End: e.End}
	}
	return source.Span{File: f}
}

// stop is the panic value with which the parser abandons a text. When the
// text is invalid, at is where text/template's parser reads as it reports
// the error (the line of its message is at's) and start and end delimit
// the text at fault; otherwise the parser merely leaves the form to
// text/template and invalid is false.
type stop struct {
	invalid        bool
	at, start, end int
}

// bail gives the text up to text/template: a form this parser leaves
// aside, which may be valid.
func bail() { panic(stop{}) }

// fail abandons an invalid text: text/template reports an error while it
// reads at, about the text [start, end).
func fail[P ~int | ~int32](at, start, end P) {
	panic(stop{invalid: true, at: int(at), start: int(start), end: int(end)})
}

// newError places text/template's parse error err of the text parsed as
// name: at the text s names when text/template's message is on s's line
// (the parsers agree), else on the line of the message.
func newError(name, text string, err error, s stop) *Error {
	line, ok := errorLine(err.Error(), name)
	if !ok {
		return &Error{Err: err}
	}
	if s.invalid && lineOf(text, s.at) == line {
		return &Error{Err: err, Start: s.start, End: s.end}
	}
	start, end := lineText(text, line)
	return &Error{Err: err, Start: start, End: end}
}

// errorLine reads the line of text/template's parse error message
// "template: <name>:<line>: ...".
func errorLine(msg, name string) (int, bool) {
	rest, ok := strings.CutPrefix(msg, "template: "+name+":")
	if !ok {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, ":")
	line, err := strconv.Atoi(digits)
	return line, ok && err == nil && line > 0
}

// lineOf is the 1-based line of offset in text.
func lineOf(text string, offset int) int {
	return 1 + strings.Count(text[:min(max(offset, 0), len(text))], "\n")
}

// lineText is the range of the 1-based line in text without its blanks at
// either end and its line end; at the end of text when it has fewer lines.
func lineText(text string, line int) (start, end int) {
	for ; line > 1; line-- {
		i := strings.IndexByte(text[start:], '\n')
		if i < 0 {
			return len(text), len(text)
		}
		start += i + 1
	}
	end = start + len(text[start:])
	if i := strings.IndexByte(text[start:], '\n'); i >= 0 {
		end = start + i
	}
	end = start + len(strings.TrimRight(text[start:end], " \t\r"))
	start = end - len(strings.TrimLeft(text[start:end], " \t"))
	return start, end
}
