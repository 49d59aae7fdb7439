package completion

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/refs"
)

// templateNameArgument reports whether the cursor is where the name
// include or template takes goes.
func (t *templateCursor) templateNameArgument() bool {
	c := t.cur.Call
	return (c.Name == "include" || c.Name == "template") && c.Arg == 0
}

// defined is a template name a chart defines.
type defined struct {
	name string
	// file is the file holding the define, doc its doc comment.
	file *source.File
	doc  string
}

// templateNames proposes the names of the defines of the chart tree
// (its subcharts' and library charts' included) where include's or
// template's name goes: inside the quotes of a name being typed, or
// quoted after the call.
func (t *templateCursor) templateNames() []Item {
	start, end, insertSuffix, quote := t.offset, t.offset, "", `"`
	if t.cur.InString {
		start, end, insertSuffix = t.quotedSite()
		quote = ""
	}
	var items []Item
	for _, d := range t.defines() {
		items = append(items, Item{
			Label: d.name, Kind: TemplateName, Detail: d.file.Path, Doc: defineDoc(d),
			Insert: quote + d.name + quote + insertSuffix, Replace: t.span(start, end),
		})
	}
	sortItems(items)
	return items
}

// defineDoc is a define's documentation: its doc comment and its file.
func defineDoc(d defined) string {
	where := "Defined in `" + d.file.Path + "`."
	if d.doc == "" {
		return where
	}
	return d.doc + "\n\n" + where
}

// defines returns the defines of the tree: those of the latest index,
// but the document's own read from its text as it is now.
func (t *templateCursor) defines() []defined {
	seen := map[string]bool{}
	var out []defined
	add := func(d defined) {
		if !seen[d.name] {
			seen[d.name] = true
			out = append(out, d)
		}
	}
	for _, d := range definesIn(t.doc.File) {
		add(d)
	}
	if ix := t.index(); ix != nil {
		for _, d := range ix.Index.Defines() {
			if !d.File && d.Active && d.Span.File.Path != t.doc.File.Path {
				add(defined{name: d.Name, file: d.Span.File, doc: refs.DocComment(d.Span.File.Data, d.Span.Start)})
			}
		}
		return out
	}
	if t.doc.Root != nil {
		if l := t.doc.Root.Load(); l.Chart != nil {
			walkTemplates(l.Chart, func(f *source.File) {
				if f.Path != t.doc.File.Path {
					for _, d := range definesIn(f) {
						add(d)
					}
				}
			})
		}
	}
	return out
}

// walkTemplates visits the templates of a chart tree.
func walkTemplates(c *chart.Chart, visit func(*source.File)) {
	for _, f := range c.Templates {
		visit(f)
	}
	for _, s := range c.Subcharts {
		walkTemplates(s, visit)
	}
}

// definesIn reads the defines and blocks of a template's text, as it is
// typed.
func definesIn(f *source.File) []defined {
	if !bytes.Contains(f.Data, []byte("define")) && !bytes.Contains(f.Data, []byte("block")) {
		return nil
	}
	var out []defined
	tokens := refs.Lex(f.Data)
	for i := 0; i+2 < len(tokens); i++ {
		kw, name := tokens[i+1], tokens[i+2]
		if tokens[i].Kind != refs.TokenLeftDelim || kw.Kind != refs.TokenKeyword || name.Kind != refs.TokenString {
			continue
		}
		if k := kw.Text(f.Data); k != "define" && k != "block" {
			continue
		}
		if s, err := strconv.Unquote(name.Text(f.Data)); err == nil && s != "" {
			out = append(out, defined{name: s, file: f, doc: refs.DocComment(f.Data, name.Start)})
		}
	}
	return out
}

// closedString reports whether a string token ends with its closing quote.
func closedString(tok []byte) bool {
	if len(tok) < 2 || tok[len(tok)-1] != tok[0] {
		return false
	}
	backslashes := 0
	for i := len(tok) - 2; i > 0 && tok[i] == '\\' && tok[0] == '"'; i-- {
		backslashes++
	}
	return backslashes%2 == 0
}

// nameEnd extends offset over the characters of a name being typed in an
// unterminated string: up to a space, a quote or the end of the line.
func nameEnd(data []byte, offset int) int {
	end := offset
	for end < len(data) && !strings.ContainsRune(" \t\r\n\"`})", rune(data[end])) {
		end++
	}
	return end
}
