package refs

import (
	"slices"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// Dot is what . stands for at a place of a template: a chart's top-level
// object, or a path in its values.
type Dot struct {
	Chart *chart.Chart
	// Top is set when . is the chart's top-level object (.Values, .Chart,
	// .Release, ... are its fields).
	Top bool
	// Path is the values path . stands for when it is not Top: a ranged
	// list element is "[]", a ranged map value "*".
	Path []string
}

// dotSet collects what . stands for in block bodies, by the place that
// opens them: a with or range pipeline, a define's name.
type dotSet map[dotKey][]Dot

// dotKey is the start of a with or range pipeline, or of a define's name.
type dotKey struct {
	file  *source.File
	start int
}

// add records the dots v stands for in the block opened at the start of
// at.
func (s dotSet) add(at source.Span, v *value) {
	switch v.kind {
	case union:
		for _, a := range v.items() {
			s.add(at, a)
		}
		return
	case top, values:
	default:
		return
	}
	k := dotKey{at.File, at.Start}
	d := Dot{Chart: v.chart, Top: v.kind == top, Path: v.path}
	if !slices.ContainsFunc(s[k], d.equal) {
		s[k] = append(s[k], d)
	}
}

func (d Dot) equal(e Dot) bool {
	return d.Chart == e.Chart && d.Top == e.Top && slices.Equal(d.Path, e.Path)
}

// DotAt returns what . stands for at offset in file: in the body of a with,
// the value of its pipeline; in the body of a range, an element of the
// ranged value; in a define, each context it is included with; elsewhere
// (and where $ is used) the chart's top-level object. It is nil when the
// analysis does not know (a dict, a function's result, a define never
// included).
//
// On a file that does not parse, as one is while typed, the blocks are
// read with CursorAt's rules, and . is known when the pipelines of the
// enclosing with and range blocks are field chains on . or $.
func (ix *Index) DotAt(file *source.File, offset int) []Dot {
	ix.mustNavigate()
	fi := ix.files[file]
	if fi == nil {
		return nil
	}
	return fi.dotIn(file.Data, CursorAt(file.Data, offset).Blocks)
}

// dotIn is what . stands for inside blocks, outermost first.
func (fi *fileIndex) dotIn(data []byte, blocks []Block) []Dot {
	for i := len(blocks) - 1; i >= 0; i-- {
		b := blocks[i]
		keyword := b.Keyword.Text(data)
		if keyword == "if" || b.Else && (keyword == "with" || keyword == "range") {
			continue
		}
		switch {
		case len(b.Pipeline) == 0:
			return nil
		case fi.parsed:
			return fi.dots[b.Pipeline[0].Start]
		case keyword == "with" || keyword == "range":
			return fi.resolve(data, blocks, i)
		}
		return nil // a define: only the analysis knows its contexts
	}
	return []Dot{{Chart: fi.chart, Top: true}}
}

// resolve reads what . stands for in the body of blocks[i], a with or
// range, from its pipeline when that is a field chain on . or on $.
func (fi *fileIndex) resolve(data []byte, blocks []Block, i int) []Dot {
	pipe, keyed := undeclared(blocks[i].Pipeline)
	var base []Dot
	chain := ""
	switch {
	case len(pipe) == 1 && (pipe[0].Kind == TokenField || pipe[0].Kind == TokenDot):
		base, chain = fi.dotIn(data, blocks[:i]), pipe[0].Text(data)
	case len(pipe) == 1 && pipe[0].Text(data) == "$":
		base = fi.rootIn(data, blocks[:i])
	case len(pipe) == 2 && pipe[0].Text(data) == "$" && isChain(pipe[0], pipe[1]):
		base, chain = fi.rootIn(data, blocks[:i]), pipe[1].Text(data)
	default:
		return nil
	}
	var names []string
	if len(chain) > 1 {
		names = strings.Split(chain[1:], ".")
	}
	var out []Dot
	for _, d := range base {
		d, ok := d.below(names)
		if !ok {
			continue
		}
		if blocks[i].Keyword.Text(data) == "range" {
			if d.Top {
				continue
			}
			e := element(&value{kind: values, chart: d.Chart, path: d.Path}, keyed)
			d = Dot{Chart: e.chart, Path: e.path}
		}
		out = append(out, d)
	}
	return out
}

// rootIn is what $ stands for inside blocks: the chart's top-level object,
// unknown in a define.
func (fi *fileIndex) rootIn(data []byte, blocks []Block) []Dot {
	for _, b := range blocks {
		if w := b.Keyword.Text(data); w == "define" || w == "block" {
			return nil
		}
	}
	return []Dot{{Chart: fi.chart, Top: true}}
}

// undeclared is a pipeline without its declarations; keyed is set when it
// declares two variables, as range's "$k, $v :=".
func undeclared(pipe []Token) (rest []Token, keyed bool) {
	for i, t := range pipe {
		if t.Kind == TokenDeclare {
			return pipe[i+1:], i == 3
		}
	}
	return pipe, false
}

// below is the dot of the field chain names on d: on the top-level object,
// only .Values and below is known.
func (d Dot) below(names []string) (Dot, bool) {
	switch {
	case len(names) == 0:
		return d, true
	case !d.Top:
		return Dot{Chart: d.Chart, Path: appendPath(d.Path, names...)}, true
	case names[0] == "Values":
		return Dot{Chart: d.Chart, Path: names[1:]}, true
	}
	return Dot{}, false
}
