package lsp

import (
	"bytes"
	"context"
	"slices"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render/refs"
	"go.lsp.dev/protocol"
)

// Folding ranges come from the text alone, so that they follow every
// keystroke without a chart: in templates, the if, range, with, define and
// block actions with their else branches (from refs.Lex, tolerant of
// blocks left open) and comments over several lines; in templates and
// YAML files, the YAML documents, the mappings and lists nested by
// indentation, and runs of comment lines. A client that gets folding
// ranges from a server stops folding by indentation itself, hence the
// YAML ranges in templates too. Clients drop ranges that cross others, so
// where a template block crosses the YAML structure (an if around part of
// a mapping) the block is kept and the YAML range dropped.

func (s *Server) foldingRange(_ context.Context, snap *cache.Snapshot, params *protocol.FoldingRangeParams) ([]protocol.FoldingRange, error) {
	doc, err := document(snap, params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	return foldingRanges(doc), nil
}

// fold is a range to fold: Start is on its first line, End on its last;
// where folds cross, the one of higher rank is kept.
type fold struct {
	Start, End int
	Kind       protocol.FoldingRangeKind
	rank       int
}

// Ranks of folds.
const (
	rankYAML = iota
	rankDocument
	rankTemplate
)

// foldingRanges returns the folding ranges of a document, well nested: a
// template's or a YAML file's; other files have none.
func foldingRanges(doc *cache.Document) []protocol.FoldingRange {
	data := doc.File.Data
	var folds []fold
	switch doc.Kind {
	case cache.KindTemplate:
		actions := templateActions(refs.Lex(data))
		folds = append(templateFolds(data, actions), yamlFolds(data, actions)...)
	case cache.KindValues, cache.KindChartYAML, cache.KindConfig:
		folds = yamlFolds(data, nil)
	default:
		return nil
	}
	return nestFolds(foldLines(doc.File, folds))
}

// templateFolds folds each branch of the closed blocks, from the action
// opening it to the line before the else or end that closes it, and each
// comment over several lines.
func templateFolds(data []byte, actions []action) []fold {
	var out []fold
	for _, b := range templateBlocks(data, actions) {
		if !b.Closed {
			continue
		}
		bounds := append(append([]action{b.Open}, b.Elses...), b.End)
		for i := 0; i+1 < len(bounds); i++ {
			if end := lineStart(data, bounds[i+1].Start) - 1; end >= 0 {
				out = append(out, fold{Start: bounds[i].Start, End: end, Kind: protocol.RegionFoldingRange, rank: rankTemplate})
			}
		}
	}
	for _, a := range actions {
		if tok, ok := a.comment(); ok {
			out = append(out, fold{Start: tok.Start, End: tok.End - 1, Kind: protocol.CommentFoldingRange, rank: rankTemplate})
		}
	}
	return out
}

// lineStart returns the offset where the line holding offset starts.
func lineStart(data []byte, offset int) int {
	return bytes.LastIndexByte(data[:offset], '\n') + 1
}

// yamlLine is a line of YAML text, classified for folding.
type yamlLine struct {
	content int // where its first non-space character is
	kind    yamlLineKind
	level   int // how deep the content nests: twice its indent, plus one for "- "
}

type yamlLineKind uint8

const (
	lineBlank     yamlLineKind = iota // empty or spaces
	lineAction                        // starting inside a template action
	lineComment                       // a "#" comment
	lineSeparator                     // "---" or "...": a document ends
	lineContent                       // anything else
)

// yamlFolds folds the YAML documents, the nested mappings and lists by
// indentation, and runs of comment lines. Lines starting inside template
// actions (given in order) end nothing: an action's indentation says
// little of the YAML's (an if at column 0 inside a mapping), but one
// indented under a key is part of it (an include under labels:).
func yamlFolds(data []byte, actions []action) []fold {
	f := &yamlFolder{docStart: -1, docEnd: -1}
	next := 0 // the first action that does not end before the line
	for start := 0; start < len(data); {
		end := len(data)
		if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
			end = start + i + 1
		}
		line := classifyLine(data, start, end)
		for next < len(actions) && actions[next].End <= line.content {
			next++
		}
		if next < len(actions) && actions[next].Start <= line.content && line.kind != lineBlank {
			line.kind = lineAction
		}
		f.add(line)
		start = end
	}
	f.end()
	return f.folds
}

// classifyLine classifies the line [start, end) of data.
func classifyLine(data []byte, start, end int) yamlLine {
	c := start
	for c < end && (data[c] == ' ' || data[c] == '\t') {
		c++
	}
	line := yamlLine{content: c, level: 2 * (c - start)}
	text := data[c:end]
	switch {
	case len(bytes.TrimSpace(text)) == 0:
		line.kind = lineBlank
	case text[0] == '#':
		line.kind = lineComment
	case c == start && (isMarker(text, "---") || isMarker(text, "...")):
		line.kind = lineSeparator
	default:
		line.kind = lineContent
		if text[0] == '-' && (len(text) == 1 || text[1] == ' ' || text[1] == '\r' || text[1] == '\n') {
			line.level++
		}
	}
	return line
}

// isMarker reports whether a line is a document marker: the marker alone
// or followed by a space.
func isMarker(text []byte, marker string) bool {
	rest, ok := bytes.CutPrefix(text, []byte(marker))
	return ok && (len(bytes.TrimSpace(rest)) == 0 || rest[0] == ' ' || rest[0] == '\t')
}

// yamlFolder reads YAML lines in order and makes their folds.
type yamlFolder struct {
	folds []fold
	// open are the content lines later lines may nest under, innermost
	// last; last[i] is the content of the last line nested under open[i].
	open []yamlLine
	last []int
	// comments are the run of comment lines being read.
	comments []yamlLine
	// docStart and docEnd are where the first and last lines of the
	// document being read start, -1 before it has any; docFolds are the
	// documents read.
	docStart, docEnd int
	docFolds         []fold
}

// add reads the next line.
func (f *yamlFolder) add(line yamlLine) {
	if line.kind != lineComment {
		f.endComments()
	}
	switch line.kind {
	case lineAction:
		f.attach(line)
	case lineComment:
		f.comments = append(f.comments, line)
		f.attach(line)
		f.document(line)
	case lineSeparator:
		f.close(-1)
		f.endDocument()
		f.docStart = line.content
	case lineContent:
		f.close(line.level)
		if n := len(f.open); n > 0 {
			f.last[n-1] = line.content
		}
		f.open = append(f.open, line)
		f.last = append(f.last, line.content)
		f.document(line)
	}
}

// end reads the end of the text.
func (f *yamlFolder) end() {
	f.endComments()
	f.close(-1)
	f.endDocument()
	if len(f.docFolds) > 1 {
		f.folds = append(f.folds, f.docFolds...)
	}
}

// document records a line of the document being read.
func (f *yamlFolder) document(line yamlLine) {
	if f.docStart < 0 {
		f.docStart = line.content
	}
	f.docEnd = line.content
}

// attach makes a line that ends nothing part of the innermost open line
// it is indented under, if any.
func (f *yamlFolder) attach(line yamlLine) {
	for i := len(f.open) - 1; i >= 0; i-- {
		if f.open[i].level < line.level {
			f.last[i] = max(f.last[i], line.content)
			return
		}
	}
}

// close ends the open lines nested at level or deeper (all for -1),
// folding those that have lines under them.
func (f *yamlFolder) close(level int) {
	for n := len(f.open); n > 0 && (level < 0 || f.open[n-1].level >= level); n = len(f.open) {
		top, last := f.open[n-1], f.last[n-1]
		f.open, f.last = f.open[:n-1], f.last[:n-1]
		if last > top.content {
			f.folds = append(f.folds, fold{Start: top.content, End: last, rank: rankYAML})
		}
		if n > 1 {
			f.last[n-2] = max(f.last[n-2], last)
		}
	}
}

// endComments folds a run of two comment lines or more.
func (f *yamlFolder) endComments() {
	if len(f.comments) > 1 {
		f.folds = append(f.folds, fold{Start: f.comments[0].content, End: f.comments[len(f.comments)-1].content,
			Kind: protocol.CommentFoldingRange, rank: rankYAML})
	}
	f.comments = f.comments[:0]
}

// endDocument records the document just read, if it has lines.
func (f *yamlFolder) endDocument() {
	if f.docEnd >= 0 {
		f.docFolds = append(f.docFolds, fold{Start: f.docStart, End: f.docEnd, Kind: protocol.RegionFoldingRange, rank: rankDocument})
	}
	f.docStart, f.docEnd = -1, -1
}

// lineFold is a fold in lines.
type lineFold struct {
	protocol.FoldingRange
	rank int
}

// foldLines converts folds to lines, dropping those within one line.
func foldLines(f *source.File, folds []fold) []lineFold {
	out := make([]lineFold, 0, len(folds))
	for _, fd := range folds {
		r := toRange(f, fd.Start, fd.End)
		if r.End.Line > r.Start.Line {
			out = append(out, lineFold{protocol.FoldingRange{StartLine: r.Start.Line, EndLine: r.End.Line, Kind: fd.Kind}, fd.rank})
		}
	}
	return out
}

// nestFolds returns the folds well nested, sorted by start: of folds that
// cross or start on the same line, the one of higher rank is kept, the
// first (the outer) among equals.
func nestFolds(folds []lineFold) []protocol.FoldingRange {
	slices.SortStableFunc(folds, func(a, b lineFold) int {
		if a.StartLine != b.StartLine {
			return int(a.StartLine) - int(b.StartLine)
		}
		return int(b.EndLine) - int(a.EndLine)
	})
	kept := make([]bool, len(folds))
	var open []int // kept folds enclosing the current start, innermost last
	for i, fd := range folds {
		for len(open) > 0 && folds[open[len(open)-1]].EndLine < fd.StartLine {
			open = open[:len(open)-1]
		}
		crossing := len(open)
		for crossing > 0 && crosses(folds[open[crossing-1]], fd) {
			crossing--
		}
		if slices.ContainsFunc(open[crossing:], func(j int) bool { return folds[j].rank >= fd.rank }) {
			continue
		}
		for _, j := range open[crossing:] {
			kept[j] = false
		}
		open = append(open[:crossing], i)
		kept[i] = true
	}
	out := make([]protocol.FoldingRange, 0, len(folds))
	for i, fd := range folds {
		if kept[i] {
			out = append(out, fd.FoldingRange)
		}
	}
	return out
}

// crosses reports whether fold b, starting at or after a, is not nested
// in a: it starts on a's first line or ends after a.
func crosses(a, b lineFold) bool {
	return a.StartLine == b.StartLine || b.EndLine > a.EndLine
}
