package render

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
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

var markedMessage = regexp.MustCompile(markStart + `((?s).*)` + markEnd)

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
	if m := markedMessage.FindStringSubmatch(tokens[2]); len(m) >= 2 {
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

// errorLocation matches the template positions in Go's error texts.
var errorLocation = regexp.MustCompile(`template: ([^:\s]+):(\d+)(?::(\d+))?:`)

// locate finds the innermost position an error text names whose template is
// a known file.
func locate(msg string, files map[string]*source.File) source.Span {
	matches := errorLocation.FindAllStringSubmatch(msg, -1)
	for i := len(matches) - 1; i >= 0; i-- {
		m := matches[i]
		f, ok := files[m[1]]
		if !ok {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		col := 0 // Go's template errors count columns from 0, in bytes
		if m[3] != "" {
			col, _ = strconv.Atoi(m[3])
		}
		off := f.Offset(source.Position{Line: line, Column: col + 1})
		return source.Span{File: f, Start: off, End: off}
	}
	return source.Span{}
}
