package completion

import (
	"bytes"
	"slices"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render/funcdoc"
	"github.com/chartwright/chartwright/render/refs"
)

// templateCursor is a completion request in a template, with what the
// text says at the cursor.
type templateCursor struct {
	*request
	cur refs.Cursor
	// indexed is the root's latest index, looked up once.
	indexed     *cache.Indexed
	indexLooked bool
}

// template proposes what may be typed at the offset of a template: the
// YAML of a manifest outside actions, and inside one what the word at the
// cursor may become.
func (r *request) template() []Item {
	t := &templateCursor{request: r, cur: refs.CursorAt(r.data(), r.offset)}
	switch {
	case t.cur.InComment:
		return nil
	case !t.cur.InAction:
		return r.kubeFields()
	case t.cur.InString:
		return t.stringArgument()
	}
	switch t.cur.Word.Kind {
	case refs.TokenField, refs.TokenDot:
		if t.onParenthesized() {
			return nil // a field of a pipeline's result: nothing says what it is
		}
		return t.members(t.dotValues(), t.cur.Segments)
	case refs.TokenVariable:
		if len(t.cur.Segments) == 1 {
			return t.variables()
		}
		return t.members(t.variableValues(t.cur.Segments[0], 0), t.cur.Segments[1:])
	case refs.TokenFunction, refs.TokenKeyword, refs.TokenBool, refs.TokenNil:
		return t.functionsAndKeywords()
	case refs.TokenUnknown: // no word: after a space, a delimiter or punctuation
		if t.templateNameArgument() {
			return t.templateNames()
		}
		switch {
		case t.cur.ExpectFunction && t.piped(): // a pipeline's stage is a call
			return t.functionsAndKeywords()
		case t.callFull():
			return nil
		}
		return t.operands()
	}
	return nil
}

// operands proposes what may begin a command or an argument where nothing
// is typed yet ({{ if ‸ }}, {{ quote ‸ }}, asked for by the user): the
// fields of the dot, written with their dot, the variables in scope and
// the functions (and the keywords at an action's start).
func (t *templateCursor) operands() []Item {
	items := t.variables()
	for _, it := range t.members(t.dotValues(), []string{""}) {
		if isIdentifier(it.Insert) {
			it.Label, it.Insert, it.Filter = "."+it.Label, "."+it.Insert, ""
			items = append(items, it)
		}
	}
	return append(items, t.functionsAndKeywords()...)
}

// callFull reports whether the function whose arguments the cursor is
// among has all it takes, a piped value counted: {{ include "x" . ‸ }}.
func (t *templateCursor) callFull() bool {
	if t.cur.ExpectFunction || t.cur.Call.Name == "" {
		return false
	}
	f, ok := funcdoc.Lookup(t.cur.Call.Name, t.helm3())
	if !ok || f.Variadic {
		return false
	}
	written := len(f.Params)
	if t.cur.Call.Piped {
		written--
	}
	return t.cur.Call.Arg >= written
}

// onParenthesized reports whether the word at the cursor is a field chain
// written on a parenthesized pipeline: "(include "x" .).a".
func (t *templateCursor) onParenthesized() bool {
	i := t.wordIndex()
	return i > 0 && t.cur.Action[i-1].Kind == refs.TokenRightParen && t.cur.Action[i-1].End == t.cur.Word.Start
}

// index returns the latest index of the document's root, computing the
// root's index only when none was ever computed.
func (t *templateCursor) index() *cache.Indexed {
	if !t.indexLooked {
		t.indexLooked = true
		if root := t.doc.Root; root != nil {
			t.indexed = root.LatestIndex()
		}
	}
	return t.indexed
}

// actionStart is where the action the cursor is in starts.
func (t *templateCursor) actionStart() int { return t.cur.Action[0].Start }

// dotAt returns what . stands for in the action starting at offset: from
// the latest index when it knows the file as it is up to there, else read
// from the enclosing blocks.
func (t *templateCursor) dotAt(offset int, blocks []refs.Block) []refs.Dot {
	if ix := t.index(); ix != nil {
		if old := ix.File(t.doc.File.Path); old != nil && len(old.Data) >= offset && bytes.Equal(old.Data[:offset], t.data()[:offset]) {
			return ix.Index.DotAt(old, offset)
		}
	}
	if t.doc.Chart == nil {
		return nil
	}
	return refs.DotIn(t.doc.Chart, t.data(), blocks)
}

// dotValues is what . stands for at the cursor. Where the analysis does
// not know, in a define, . is taken to be the top-level object, which
// most defines are included with.
func (t *templateCursor) dotValues() []value {
	dots := t.dotAt(t.actionStart(), t.cur.Blocks)
	if dots == nil && innermostDefine(t.data(), t.cur.Blocks) {
		return t.top()
	}
	out := make([]value, 0, len(dots))
	for _, d := range dots {
		out = append(out, t.dotValue(d))
	}
	return out
}

// dotValue is the value of what refs says . is, in the snapshot's tree:
// the latest index may be an earlier tree's, whose charts hold earlier
// metadata and schemas.
func (t *templateCursor) dotValue(d refs.Dot) value {
	c := t.currentChart(d.Chart)
	if d.Top {
		return value{kind: topObject, chart: c}
	}
	return value{kind: valuesPath, chart: c, path: d.Path}
}

// currentChart returns the chart of the snapshot's tree in c's folder, c
// itself when the tree has none.
func (t *templateCursor) currentChart(c *chart.Chart) *chart.Chart {
	if c == nil || t.doc.Chart == nil || t.doc.Chart == c {
		return c
	}
	root := t.doc.Chart
	for root.Parent != nil {
		root = root.Parent
	}
	if found := chartIn(root, c.Dir); found != nil {
		return found
	}
	return c
}

// chartIn finds the chart of a tree in folder dir.
func chartIn(c *chart.Chart, dir string) *chart.Chart {
	if c.Dir == dir {
		return c
	}
	for _, s := range c.Subcharts {
		if found := chartIn(s, dir); found != nil {
			return found
		}
	}
	return nil
}

// top is the document's chart's top-level object.
func (t *templateCursor) top() []value {
	return []value{{kind: topObject, chart: t.doc.Chart}}
}

// innermostDefine reports whether the innermost block that sets . is a
// define or block.
func innermostDefine(data []byte, blocks []refs.Block) bool {
	for i := len(blocks) - 1; i >= 0; i-- {
		switch blocks[i].Keyword.Text(data) {
		case "define", "block":
			return true
		case "with", "range":
			if !blocks[i].Else {
				return false
			}
		}
	}
	return false
}

// site is where a name of a field chain is typed: the chain is written
// from wordStart, the name from start to end; chain is the text before
// the name, without its last dot (".Values.labels" for
// ".Values.labels.ap").
type site struct {
	chain                 string
	wordStart, start, end int
}

// members proposes what may follow a field chain written on values: the
// chain is segments, the last of them being typed.
func (t *templateCursor) members(bases []value, segments []string) []Item {
	s := site{wordStart: t.cur.Word.Start, start: t.offset - len(segments[len(segments)-1])}
	s.end = identifierEnd(t.data(), t.offset, t.cur.Word.End)
	s.chain = string(bytes.TrimSuffix(t.data()[s.wordStart:s.start], []byte(".")))
	var items []Item
	var seen map[string]bool // with several bases, which may propose a name twice
	if len(bases) > 1 {
		seen = map[string]bool{}
	}
	for _, v := range bases {
		v, ok := v.chain(t.doc.Root, segments[:len(segments)-1])
		if !ok {
			continue
		}
		proposals := t.proposalsOf(v, s)
		items = slices.Grow(items, len(proposals))
		for _, it := range proposals {
			if seen != nil {
				if seen[it.Label] {
					continue
				}
				seen[it.Label] = true
			}
			if it.Replace.File == nil {
				it.Replace = t.span(s.start, s.end)
			}
			items = append(items, it)
		}
	}
	return items
}

// proposalsOf proposes the names that may follow a value: the top-level
// objects, a built-in object's fields or the keys of values.
func (t *templateCursor) proposalsOf(v value, s site) []Item {
	switch v.kind {
	case topObject:
		return topObjects()
	case builtinPath:
		return t.builtinFields(v)
	case valuesPath:
		return t.valuesKeys(v, s)
	}
	return nil
}

// identifierEnd extends offset over the name characters that follow it,
// up to limit.
func identifierEnd(data []byte, offset, limit int) int {
	end := offset
	for end < len(data) && end < max(limit, offset) && isNameByte(data[end]) {
		end++
	}
	return end
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// stringArgument proposes what a string being typed may be, by the call
// it is an argument of: a template name for include and template, a key
// for index, a file name for .Files' methods.
func (t *templateCursor) stringArgument() []Item {
	c := t.cur.Call
	switch {
	case t.templateNameArgument():
		return t.templateNames()
	case c.Name == "index" && c.Arg >= 1:
		return t.indexKeys()
	case strings.HasPrefix(c.Name, ".Files.") && c.Arg == 0:
		return t.fileNames()
	}
	return nil
}

// quotedSite is where the text of the string at the cursor is: from after
// its opening quote to its closing quote, or when it is not closed to the
// end of the name typed; suffix closes it.
func (t *templateCursor) quotedSite() (start, end int, suffix string) {
	w := t.cur.Word
	if t.offset < w.End && closedString(t.data()[w.Start:w.End]) {
		return w.Start + 1, w.End - 1, ""
	}
	return w.Start + 1, nameEnd(t.data(), t.offset), string(t.data()[w.Start])
}

// callArguments are the arguments written before the cursor's word in the
// call it is in, each as its tokens: a field chain written on a variable
// is one argument.
func (t *templateCursor) callArguments() [][]refs.Token {
	head := -1
	for i, tok := range t.cur.Action {
		if tok == t.cur.Call.Head {
			head = i
		}
	}
	if head < 0 {
		return nil
	}
	var args [][]refs.Token
	for _, tok := range t.cur.Action[head+1 : t.wordIndex()] {
		if n := len(args); n > 0 && tok.Kind == refs.TokenField && args[n-1][len(args[n-1])-1].End == tok.Start {
			args[n-1] = append(args[n-1], tok)
			continue
		}
		args = append(args, []refs.Token{tok})
	}
	return args
}
