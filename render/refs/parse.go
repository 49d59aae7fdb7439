package refs

import (
	"bytes"
	"path"
	"sort"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/internal/fastparse"
)

// file is one parsed template file of the tree.
type file struct {
	name  string // Helm's name: <chart full path>/<file name>
	src   *source.File
	chart *chart.Chart
	trees map[string]*parse.Tree // nil when the file does not parse
}

// treeRef is a parsed template body and where it came from.
type treeRef struct {
	tree *parse.Tree
	file *file
}

// partial reports whether Helm parses the file without executing it.
func (f *file) partial() bool { return strings.HasPrefix(path.Base(f.name), "_") }

// collectFiles lists the template files of the tree in Helm's parse order:
// deeper names first, then descending byte order. Library charts contribute
// only their partials, as in Helm.
func collectFiles(c *chart.Chart, files []*file) []*file {
	for _, t := range c.RenderedTemplates() {
		files = append(files, &file{name: t.Name, src: t.File, chart: c})
	}
	for _, sub := range c.Subcharts {
		files = collectFiles(sub, files)
	}
	return files
}

func sortParseOrder(files []*file) {
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i].name, files[j].name
		ca, cb := strings.Count(a, "/"), strings.Count(b, "/")
		if ca != cb {
			return ca > cb
		}
		return a > b
	})
}

// Parser parses template files as a render does: name is Helm's name of
// the file (<chart full path>/templates/<file>), and the trees are keyed by
// template name. It may check function names: a parse that succeeds with
// the check gives the trees it gives without. render.ParseCache is one.
type Parser interface {
	Parse(name string, f *source.File) (map[string]*parse.Tree, error)
}

// parse sets f's trees: p's when they parse there, else its own, parsed
// without checking function names (unknown functions become issues, not
// lost files).
func (f *file) parse(p Parser) error {
	if p != nil {
		if trees, err := p.Parse(f.name, f.src); err == nil {
			f.trees = trees
			return nil
		}
	}
	trees, err := fastparse.ParseBytes(f.name, f.src.Data, parse.SkipFuncCheck)
	if err != nil {
		return err
	}
	f.trees = trees
	return nil
}

// definesOf returns the definitions of a parsed file, the file's own tree
// first, then defines in source order.
func definesOf(f *file) []*Define {
	var out []*Define
	if main := f.trees[f.name]; main != nil {
		out = append(out, &Define{
			Name: f.name, Span: source.Span{File: f.src}, Chart: f.chart, Template: f.name,
			Empty: parse.IsEmptyTree(main.Root), File: true, tree: treeRef{main, f},
		})
	}
	for _, m := range defineNames(f.src.Data) {
		name, err := strconv.Unquote(string(f.src.Data[m.start:m.end]))
		if err != nil {
			continue
		}
		tree := f.trees[name]
		if tree == nil || name == f.name || tree.ParseName != f.name {
			continue
		}
		out = append(out, &Define{
			Name: name, Span: source.Span{File: f.src, Start: m.start, End: m.end}, Chart: f.chart, Template: f.name,
			Empty: parse.IsEmptyTree(tree.Root), tree: treeRef{tree, f},
		})
	}
	return out
}

// byteRange is a range of a file's bytes.
type byteRange struct{ start, end int }

// defineNames returns where the quoted names of the define and block
// actions of data are, in source order: after "{{", an optional "-",
// spaces, the keyword, at least one space, then an interpreted string on
// one line or a raw string.
func defineNames(data []byte) []byteRange {
	var out []byteRange
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("{{"))
		if j < 0 {
			return out
		}
		i += j + len("{{")
		if name, ok := defineName(data, i); ok {
			out = append(out, name)
			i = name.end
		}
	}
}

// defineName matches a define or block action's quoted name in the action
// whose "{{" ends at i.
func defineName(data []byte, i int) (byteRange, bool) {
	if i < len(data) && data[i] == '-' {
		i++
	}
	i = skipSpace(data, i)
	switch rest := data[i:]; {
	case bytes.HasPrefix(rest, []byte("define")):
		i += len("define")
	case bytes.HasPrefix(rest, []byte("block")):
		i += len("block")
	default:
		return byteRange{}, false
	}
	start := skipSpace(data, i)
	end := quotedEnd(data, start)
	return byteRange{start, end}, start > i && end > start
}

// skipSpace returns the index of the first byte at or after i that is not
// a space, tab, newline, form feed or carriage return.
func skipSpace(data []byte, i int) int {
	for i < len(data) && strings.IndexByte(" \t\n\f\r", data[i]) >= 0 {
		i++
	}
	return i
}

// activate marks the definition Helm uses for each name: a later one
// replaces an earlier one unless it is empty.
func activate(defs []*Define) map[string]*Define {
	active := map[string]*Define{}
	for _, d := range defs {
		if old := active[d.Name]; old == nil || !d.Empty {
			if old != nil {
				old.Active = false
			}
			d.Active = true
			active[d.Name] = d
		}
	}
	return active
}
