package completion

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/funcdoc"
	"github.com/chartwright/chartwright/render/refs"
)

// keywords are text/template's action keywords, proposed at the start of
// an action.
var keywords = []struct{ name, doc string }{
	{"if", "`{{ if pipeline }} T1 {{ else }} T0 {{ end }}`: T1 when the pipeline's value is not empty, else T0."},
	{"else", "The other branch of an if, with or range; `else if` and `else with` chain conditions."},
	{"end", "Ends an if, with, range, define or block."},
	{"range", "`{{ range pipeline }} T1 {{ end }}`: T1 for each element of a list or map, with `.` the element; `{{ range $i, $e := pipeline }}` names the index and element."},
	{"with", "`{{ with pipeline }} T1 {{ end }}`: T1 with `.` the pipeline's value, when it is not empty."},
	{"define", "`{{ define \"name\" }} T1 {{ end }}`: defines a template that include and template execute."},
	{"template", "`{{ template \"name\" pipeline }}`: executes the named template with the pipeline's value as `.`; its output cannot be piped (use include)."},
	{"block", "`{{ block \"name\" pipeline }} T1 {{ end }}`: defines a template and executes it at once."},
	{"break", "Ends the innermost range."},
	{"continue", "Goes on with the next iteration of the innermost range."},
}

// functionsAndKeywords proposes the functions of the chart's Helm version,
// with the keywords at the start of an action.
func (t *templateCursor) functionsAndKeywords() []Item {
	start, end := t.offset, t.offset
	if w := t.cur.Word; w.Kind != refs.TokenUnknown {
		start, end = w.Start, w.End
	}
	replace := t.span(start, end)
	items := functionItems(t.helm3(), t.piped(), t.opts.Snippets, replace)
	if t.atActionStart() {
		for _, k := range keywords {
			items = append(items, Item{Label: k.name, Kind: Keyword, Doc: k.doc, Insert: k.name, Replace: replace})
		}
	}
	return items
}

// wordIndex is the index of the word at the cursor among the action's
// tokens, or the number of tokens when there is no word.
func (t *templateCursor) wordIndex() int {
	for i, tok := range t.cur.Action {
		if tok == t.cur.Word {
			return i
		}
	}
	return len(t.cur.Action)
}

// piped reports whether the function typed follows a pipe: the value piped
// fills its last parameter.
func (t *templateCursor) piped() bool {
	i := t.wordIndex()
	return i > 0 && t.cur.Action[i-1].Kind == refs.TokenPipe
}

// atActionStart reports whether the word at the cursor is the first of
// its action.
func (t *templateCursor) atActionStart() bool { return t.wordIndex() == 1 }

// functionItems proposes every function of the mode, replacing the span;
// with snippets, the call's parameters are placeholders (the last left
// out when a value is piped into it).
func functionItems(helm3, piped, snippets bool, replace source.Span) []Item {
	items := slices.Clone(functionProposals[proposalsIndex(helm3, piped, snippets)]())
	for i := range items {
		items[i].Replace = replace
	}
	return items
}

// functionProposals are the proposals of every function, but for the span
// they replace, for each combination of Helm mode, piping and snippets:
// worked out once, from the catalogue, which never changes.
var functionProposals = func() (out [8]func() []Item) {
	for i := range out {
		out[i] = sync.OnceValue(func() []Item { return newFunctionItems(i&1 != 0, i&2 != 0, i&4 != 0) })
	}
	return out
}()

func proposalsIndex(helm3, piped, snippets bool) int {
	i := 0
	for bit, on := range []bool{helm3, piped, snippets} {
		if on {
			i |= 1 << bit
		}
	}
	return i
}

// newFunctionItems makes the proposals functionItems places.
func newFunctionItems(helm3, piped, snippets bool) []Item {
	all := funcdoc.All(helm3)
	items := make([]Item, 0, len(all))
	for _, f := range all {
		it := Item{
			Label: f.Name, Kind: Function, Detail: f.Signature(), Doc: funcSummary(f),
			Insert: f.Name, Deprecated: f.Deprecated,
		}
		if snippets {
			if s := callSnippet(f, piped); s != f.Name {
				it.Insert, it.Snippet = s, true
			}
		}
		items = append(items, it)
	}
	return items
}

// callSnippet is a call of f with a placeholder per parameter: the
// variadic one and, when piped, the last left out.
func callSnippet(f *funcdoc.Func, piped bool) string {
	params := f.Params
	if f.Variadic && len(params) > 0 {
		params = params[:len(params)-1]
	}
	if piped && len(params) > 0 && !f.Variadic {
		params = params[:len(params)-1]
	}
	var b strings.Builder
	b.WriteString(f.Name)
	for i, p := range params {
		fmt.Fprintf(&b, " ${%d:%s}", i+1, p.Name)
	}
	return b.String()
}

// funcSummary is a function's summary for a proposal: what it does, an
// example, and where it comes from.
func funcSummary(f *funcdoc.Func) string {
	var b strings.Builder
	b.WriteString(f.Summary)
	if f.Example != "" {
		b.WriteString("\n\n```\n" + f.Example + "\n```")
	}
	switch {
	case f.Deprecated:
		fmt.Fprintf(&b, "\n\nDeprecated: use `%s`.", f.AliasOf)
	case f.Origin == funcdoc.Helm4:
		b.WriteString("\n\nHelm 4 only.")
	}
	return b.String()
}
