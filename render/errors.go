package render

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/chartwright/chartwright/chart/source"
)

// Error is one template parse or execution error: where it happened and
// Helm's message for it, worded as the selected Helm version words it.
type Error struct {
	// Span is the innermost template position the error names (inside an
	// included helper, the helper's line), when it names one.
	Span source.Span
	// Template is the name of the template file whose rendering failed.
	Template string
	// Message is Helm's error text.
	Message string
	// Recursion is, when the template calls itself without end through
	// include or tpl, the cycle of calls: ["a", "b", "a"]; Helm's message
	// then repeats it a thousand times, or Helm overflows its stack.
	Recursion []string
}

func (e *Error) Error() string { return e.Message }

// Errors is every error of a render, in Helm's order: parse errors in parse
// order, then execution errors in execution order. Helm reports only the first.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Message
	}
	return strings.Join(msgs, "\n")
}

// Helm wraps the messages of required and fail in these markers so that the
// outermost error can show them alone.
const (
	markStart = "HELM_ERR_START"
	markEnd   = "HELM_ERR_END"
)

var markedMessage = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(markStart + `((?s).*)` + markEnd) })

func markMessage(msg string) string { return markStart + msg + markEnd }

// parseError formats a parse error as Helm does: the location and the last
// segment of Go's message.
func parseError(name string, err error) string {
	tokens := strings.Split(err.Error(), ": ")
	if len(tokens) == 1 {
		return fmt.Sprintf("parse error in (%s): %s", name, err)
	}
	return fmt.Sprintf("parse error at (%s): %s", tokens[1], tokens[len(tokens)-1])
}

// execError formats an execution error as the Helm version does.
func execError(name string, err error, helm3 bool) string {
	if _, ok := errors.AsType[template.ExecError](err); !ok {
		return err.Error()
	}
	tokens := strings.SplitN(err.Error(), ": ", 3)
	if len(tokens) != 3 {
		return fmt.Sprintf("execution error in (%s): %s", name, err)
	}
	if m := markedMessage().FindStringSubmatch(tokens[2]); len(m) >= 2 {
		return fmt.Sprintf("execution error at (%s): %s", tokens[1], m[1])
	}
	if helm3 {
		return err.Error()
	}
	return traceMessage(err)
}

// traceMessage is Helm 4's multi-line rendering of a chain of template
// errors: one block per distinct level, location, then what was executing,
// then the message.
func traceMessage(err error) string {
	var levels []traceLevel
	for cur := err; cur != nil; cur = errors.Unwrap(cur) {
		lvl, ok := parseTraceLevel(cur.Error())
		if !ok {
			return err.Error()
		}
		if len(levels) == 0 || levels[len(levels)-1] != lvl {
			levels = append(levels, lvl)
		}
	}
	var b strings.Builder
	for _, l := range levels {
		b.WriteString(l.String())
	}
	return strings.TrimSpace(b.String())
}

type traceLevel struct {
	location, executing, message string
}

func (l traceLevel) String() string {
	var b strings.Builder
	if l.location != "" {
		fmt.Fprintf(&b, "%s\n  ", l.location)
	}
	if l.executing != "" {
		fmt.Fprintf(&b, "%s\n    ", l.executing)
	}
	if l.message != "" {
		fmt.Fprintf(&b, "%s\n", l.message)
	}
	return b.String()
}

// parseTraceLevel reads one level of a "template: ..." error string.
func parseTraceLevel(s string) (traceLevel, bool) {
	rest, ok := strings.CutPrefix(s, "template: ")
	if !ok {
		return traceLevel{}, false
	}
	if strings.HasPrefix(rest, "no template ") {
		return traceLevel{message: s}, true
	}
	if lvl, ok := parseExecutingLevel(rest); ok {
		return lvl, true
	}
	if sep := strings.LastIndex(rest, ": "); sep >= 0 {
		return traceLevel{location: rest[:sep], message: cutNestedTemplate(rest[sep+2:])}, true
	}
	return traceLevel{}, false
}

// parseExecutingLevel reads `<loc>: executing "<name>" at <<node>>: <msg>`.
func parseExecutingLevel(rest string) (traceLevel, bool) {
	loc, after, found := strings.Cut(rest, ": executing ")
	if !found || after == "" || after[0] != '"' {
		return traceLevel{}, false
	}
	end := strings.IndexByte(after[1:], '"')
	if end < 0 {
		return traceLevel{}, false
	}
	name, afterName := after[1:end+1], after[end+2:]
	afterAt, ok := strings.CutPrefix(afterName, " at <")
	if !ok {
		return traceLevel{}, false
	}
	node, msg, found := strings.Cut(afterAt, ">: ")
	if !found {
		return traceLevel{}, false
	}
	return traceLevel{
		location:  loc,
		executing: `executing "` + name + `" at <` + node + ">:",
		message:   cutNestedTemplate(msg),
	}, true
}

func cutNestedTemplate(msg string) string {
	if i := strings.Index(msg, " template:"); i >= 0 {
		return msg[:i]
	}
	return msg
}

// locate finds the innermost position an execution error text names whose
// template is a known file. The span covers the node the error names when
// the text there reads as the message prints it.
func locate(msg string, files map[string]*source.File) source.Span {
	loc, ok := innermostLocation(msg, files)
	if !ok {
		return source.Span{}
	}
	f := files[loc.name]
	// Go's template errors count columns from 0, in bytes.
	off := f.Offset(source.Position{Line: loc.line, Column: loc.col + 1})
	start, end := nodeAt(f.Data, off, loc.node)
	return source.Span{File: f, Start: start, End: end}
}

// location is a template position in an error text of text/template.
type location struct {
	name      string
	line, col int    // col is 0 when the text gives none
	node      string // the node executing there, as the message prints it
}

// innermostLocation reads the last "template: NAME:LINE:COL: " or
// "template: NAME:LINE: " of msg whose NAME is a key of files: the
// innermost position of an error raised through include, template and tpl.
// Names may hold spaces and colons: the longest key of files that is
// followed by a position is the name.
func innermostLocation(msg string, files map[string]*source.File) (location, bool) {
	const marker = "template: "
	longest := 0
	for name := range files {
		longest = max(longest, len(name))
	}
	for end := len(msg); end > 0; {
		i := strings.LastIndex(msg[:end], marker)
		if i < 0 {
			break
		}
		end = i
		if loc, ok := readLocation(msg[i+len(marker):], files, longest); ok {
			return loc, true
		}
	}
	return location{}, false
}

// readLocation reads "NAME:LINE:COL: " or "NAME:LINE: " at the start of s,
// taking the longest NAME (at most longest bytes) that files holds.
func readLocation(s string, files map[string]*source.File, longest int) (location, bool) {
	var best location
	found := false
	for j := 0; j <= min(longest, len(s)-1); j++ {
		if s[j] != ':' || files[s[:j]] == nil {
			continue
		}
		line, col, rest, ok := readLineCol(s[j:])
		if ok {
			best, found = location{name: s[:j], line: line, col: col, node: executingNode(rest)}, true
		}
	}
	return best, found
}

// readLineCol reads ":LINE:COL: " or ":LINE: " and returns what follows.
func readLineCol(s string) (line, col int, rest string, ok bool) {
	line, s, ok = readNumber(s)
	if !ok {
		return 0, 0, "", false
	}
	if c, after, ok := readNumber(s); ok && strings.HasPrefix(after, ": ") {
		return line, c, after[2:], true
	}
	if after, ok := strings.CutPrefix(s, ": "); ok {
		return line, 0, after, true
	}
	return 0, 0, "", false
}

// readNumber reads ":" and a decimal number.
func readNumber(s string) (int, string, bool) {
	s, ok := strings.CutPrefix(s, ":")
	n := 0
	for ok && n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	if !ok || n == 0 || n > 9 {
		return 0, "", false
	}
	v, _ := strconv.Atoi(s[:n])
	return v, s[n:], true
}

// executingNode reads the node of `executing "NAME" at <NODE>: `, or "".
func executingNode(s string) string {
	s, ok := strings.CutPrefix(s, "executing ")
	if !ok {
		return ""
	}
	name, err := strconv.QuotedPrefix(s)
	if err != nil {
		return ""
	}
	s, ok = strings.CutPrefix(s[len(name):], " at <")
	if !ok {
		return ""
	}
	node, _, ok := strings.Cut(s, ">: ")
	if !ok {
		return ""
	}
	return node
}

// nodeAt is the range of the node text, as an error message prints it, at
// or just before off in data: text/template places a field chain at its
// second field, and prints long nodes cut, ending in "...". It is the empty
// range at off when data does not read so there.
func nodeAt(data []byte, off int, node string) (start, end int) {
	node = strings.TrimSuffix(node, "...")
	if node == "" {
		return off, off
	}
	for start := off; start >= 0 && start > off-len(node); start-- {
		if end := start + len(node); end <= len(data) && string(data[start:end]) == node {
			return start, end
		}
	}
	return off, off
}
