package refs

import (
	"github.com/chartwright/chartwright/internal/suggest"
	"iter"
	"slices"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// Index is the cross-reference index of a chart tree. It is immutable once
// built and safe for concurrent reads.
type Index struct {
	// reads are the reads of each executed template file that makes some,
	// in the order of Reads, each file's allocated at their size once.
	reads []fileReads
	// places are the places of the reads, each once: the reads of a
	// define run from several places share theirs.
	places [][]place
	// all are the Reads, made the first time their addresses are asked
	// for (by At, ValuesNames and ReadsUnder).
	allOnce sync.Once
	all     []Read
	defines []*Define
	active  map[string]*Define
	calls   []Call
	issues  []Issue
	// assigned are the values paths templates assign.
	assigned assignments
	// For At and DotAt: what is known of each template file, and the
	// paths written in templates.
	files map[*source.File]*fileIndex
	uses  []use
	// navigable is unset on an index from BuildReads, which has neither
	// uses nor dots.
	navigable bool
	// paths is the trie of the values paths named, for ValuesNames and
	// ReadsUnder; built once, when first asked for.
	pathsOnce sync.Once
	paths     *pathNode
}

// Read is one .Values path a template reads.
type Read struct {
	// Chart is the chart whose .Values is read, after subchart scoping.
	Chart *chart.Chart
	// Path is the path in Chart's values; a ranged list element is "[]",
	// a ranged map value (or a non-constant index) "*".
	Path []string
	// RootPath is the same path in the root chart's values tree: the
	// subchart's name in its parent (its alias when aliased) prefixed at
	// every level, except for globals, which are global.* everywhere.
	RootPath []string
	// Span is where the read happens: the field chain, variable or call.
	Span source.Span
	// PathSpans are where the elements of Path are written inside Span, one
	// per element: the name of a field (".Values.image.tag" gives the
	// spans of "image" and "tag"), a quoted key given to index, get or dig.
	// An element not written there (reached through a variable, dot or a
	// computed key) has the zero Span; PathSpans is nil when none is, and
	// on an index from BuildReads.
	PathSpans []source.Span
	// Template is Helm's name of the executed template file the read
	// belongs to (<chart full path>/templates/<file>).
	Template string
	// Guarded is set when the template copes with the path being undefined:
	// inside if/with/range on it or on a prefix of it, or through default,
	// required, hasKey, dig, empty, coalesce, ternary, and, or.
	Guarded bool
	// Whole is set when the whole subtree under Path may be consumed
	// (printed, toYaml, passed to a function) rather than only navigated
	// or tested.
	Whole bool
	// Renders is what the read renders as when its path is undefined, when
	// that is not the empty text: "0" through a conversion to a number
	// (int, float64, atoi...), "<nil>" through toString or print, "null"
	// through toYaml or toJson, "[]" through toStrings.
	Renders string
	// Via is the chain of include/template calls that led here, outermost
	// first; empty when the read is in the template file itself.
	Via []source.Span
}

// IsGlobal reports whether the read is of .Values.global or below.
func (r Read) IsGlobal() bool { return len(r.Path) > 0 && r.Path[0] == "global" }

// Define is a define or block action, or a template file (which Helm
// also names as a template that include can call).
type Define struct {
	// Name is the template name.
	Name string
	// Span is the quoted name in the define or block action; for a file,
	// the start of the file.
	Span source.Span
	// Chart is the chart whose templates/ holds the definition.
	Chart *chart.Chart
	// Template is Helm's name of the file holding the definition.
	Template string
	// Empty is set when the body is only space and comments.
	Empty bool
	// Active is set on the definition Helm uses: the last one parsed in
	// Helm's parse order, unless it is empty and a non-empty one exists.
	Active bool
	// File is set when this is a template file rather than a define.
	File bool

	tree treeRef
}

// CallKind tells include, template and tpl calls apart.
type CallKind uint8

// Kinds of calls.
const (
	Include CallKind = iota
	Template
	Tpl
)

// String names the kind as templates spell it.
func (k CallKind) String() string {
	return [...]string{"include", "template", "tpl"}[k]
}

// Call is an include, template or tpl call.
type Call struct {
	Kind CallKind
	// Dynamic is set when the name or text is computed; nothing is guessed.
	Dynamic bool
	// Name is the template name (include, template), or the text (tpl), when
	// constant.
	Name string
	// Span is the whole call; NameSpan the constant name argument.
	Span, NameSpan source.Span
	// Chart is the chart whose template holds the call.
	Chart *chart.Chart
	// Define is the definition an include or template resolves to, nil when
	// unknown, dynamic or for tpl.
	Define *Define
}

// IssueKind classifies problems found while indexing.
type IssueKind uint8

// Kinds of issues.
const (
	// ParseError: the template does not parse; it is not analysed.
	ParseError IssueKind = iota
	// UnknownFunction: a function Helm does not define.
	UnknownFunction
	// ArgCount: a function called with the wrong number of arguments.
	ArgCount
)

// Issue is a problem in a template that the index noticed. Unknown include
// names are not issues: they are Calls with a nil Define.
type Issue struct {
	Kind    IssueKind
	Span    source.Span
	Name    string // the function, for UnknownFunction and ArgCount
	Message string
}

// Reads yields every .Values read with its index, in Helm's parse order of
// the executed templates, then source order.
func (ix *Index) Reads() iter.Seq2[int, Read] {
	return func(yield func(int, Read) bool) {
		i := 0
		for f := range ix.reads {
			fr := &ix.reads[f]
			for _, r := range fr.reads {
				if !yield(i, r.read(fr)) {
					return
				}
				i++
			}
		}
	}
}

// ReadPaths yields the RootPath and Whole of every read, each pair at
// least once but far fewer times than Reads yields them: the reads of a
// define that several templates include share them. For what needs only
// the paths read, not where or how often.
func (ix *Index) ReadPaths() iter.Seq2[[]string, bool] {
	return func(yield func([]string, bool) bool) {
		for _, places := range ix.places {
			for i := range places {
				if !yield(places[i].rootPath, places[i].site.Whole) {
					return
				}
			}
		}
	}
}

// allReads yields the index and address of every read, as Reads orders them.
func (ix *Index) allReads() iter.Seq2[int, *Read] {
	return func(yield func(int, *Read) bool) {
		all := ix.addressed()
		for i := range all {
			if !yield(i, &all[i]) {
				return
			}
		}
	}
}

// addressed returns the Reads in one slice, made the first time.
func (ix *Index) addressed() []Read {
	ix.allOnce.Do(func() {
		n := 0
		for _, fr := range ix.reads {
			n += len(fr.reads)
		}
		ix.all = make([]Read, 0, n)
		for _, r := range ix.Reads() {
			ix.all = append(ix.all, r)
		}
	})
	return ix.all
}

// read returns the read of index i in Reads.
func (ix *Index) read(i int) *Read { return &ix.addressed()[i] }

// ReadsOf returns the reads made when Helm executes the named template file
// (<chart full path>/templates/<file>), including through its includes.
func (ix *Index) ReadsOf(template string) []Read {
	var out []Read
	for f := range ix.reads {
		if fr := &ix.reads[f]; fr.template == template {
			for _, r := range fr.reads {
				out = append(out, r.read(fr))
			}
		}
	}
	return out
}

// Defines returns every definition in parse order, duplicates included.
func (ix *Index) Defines() []*Define { return ix.defines }

// Define returns the definition Helm uses for name, or nil.
func (ix *Index) Define(name string) *Define { return ix.active[name] }

// Calls returns every include, template and tpl call, in parse order.
func (ix *Index) Calls() []Call { return ix.calls }

// CallsTo returns the include and template calls of the constant name.
func (ix *Index) CallsTo(name string) []Call {
	var out []Call
	for _, c := range ix.calls {
		if c.Kind != Tpl && !c.Dynamic && c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// Issues returns the problems found while indexing.
func (ix *Index) Issues() []Issue { return ix.issues }

// Suggest returns the defined template name closest to name (for a
// did-you-mean; the first in parse order among equals), or "" when none is
// within a third of name's length (at least 2 edits).
func (ix *Index) Suggest(name string) string {
	best, bestDist := "", max(2, len(name)/3)+1
	for _, d := range ix.defines {
		if d.File {
			continue
		}
		if dist := suggest.Within(name, d.Name, bestDist); dist < bestDist {
			best, bestDist = d.Name, dist
		}
	}
	return best
}

// hasPrefix reports whether path starts with prefix.
func hasPrefix(path, prefix []string) bool {
	return len(path) >= len(prefix) && slices.Equal(path[:len(prefix)], prefix)
}

// mustNavigate panics when ix was built without the data of navigation.
func (ix *Index) mustNavigate() {
	if !ix.navigable {
		panic("refs: navigation asked of an index from BuildReads")
	}
}
