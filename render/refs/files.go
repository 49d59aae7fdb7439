package refs

import (
	"bytes"
	"slices"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/internal/fastparse"
	"github.com/gobwas/glob"
)

// The methods of .Files (and of what its Glob returns) that the analysis
// follows: those that name files by a path or a pattern, and AsConfig,
// which gives their contents as they are. AsSecrets gives them in base64,
// where tpl finds no action; Lines gives single lines, which are not
// followed.
const (
	filesGet      = "Get"
	filesGetBytes = "GetBytes"
	filesGlob     = "Glob"
	filesAsConfig = "AsConfig"
)

// filesValue is the value of some of c's .Files: the object itself (all
// of them), what Glob returns, a file's content or a path naming one of
// them (a key of a range over them). A tpl of it runs those files as
// templates.
func filesValue(c *chart.Chart, srcs []*source.File) *value {
	return &value{kind: files, chart: c, more: &valueParts{rare: &rareParts{files: srcs}}}
}

// filesField is v.name for v a files value: a method that names files,
// bound to v and waiting for its argument, or AsConfig's contents.
func (v *value) filesField(name string) *value {
	if v.text != "" {
		return nothing()
	}
	switch name {
	case filesGet, filesGetBytes, filesGlob:
		w := *v
		w.text = name
		return &w
	case filesAsConfig:
		return v
	}
	return nothing()
}

// callFiles applies m, a bound method of a files value, to arg: the files
// that a constant path or pattern names (matched as Helm's .Files matches
// them), those a files value stands for (a path a range over them gave),
// or, for a path computed otherwise, all of m's files.
func (f *frame) callFiles(m, arg *value) *value {
	alts := alternatives(arg)
	if len(alts) == 0 {
		return filesValue(m.chart, m.filesOf())
	}
	var out []*source.File
	for _, a := range alts {
		switch a.kind {
		case constant:
			out = append(out, matchFiles(m.filesOf(), a.text, m.text == filesGlob)...)
		case files:
			out = append(out, a.filesOf()...)
		default:
			f.emit(a, true, false)
			return filesValue(m.chart, m.filesOf())
		}
	}
	return filesValue(m.chart, out)
}

// matchFiles returns the files of srcs that name is (a path) or matches (a
// pattern as Helm's Glob compiles it, '/' separating; an invalid pattern
// matches every file, as in Helm).
func matchFiles(srcs []*source.File, name string, pattern bool) []*source.File {
	if !pattern {
		i := slices.IndexFunc(srcs, func(s *source.File) bool { return s.Name == name })
		if i < 0 {
			return nil
		}
		return srcs[i : i+1]
	}
	g, err := glob.Compile(name, '/')
	if err != nil {
		return srcs
	}
	var out []*source.File
	for _, s := range srcs {
		if g.Match(s.Name) {
			out = append(out, s)
		}
	}
	return out
}

// tplFiles returns the trees of the files v stands for that hold template
// actions, each parsed once per analysis; a file that does not parse is
// left out (tpl fails on it).
func (a *analyzer) tplFiles(v *value) []*parse.Tree {
	var out []*parse.Tree
	for _, s := range v.filesOf() {
		if !bytes.Contains(s.Data, []byte("{{")) {
			continue
		}
		t, ok := a.fileTrees[s]
		if !ok {
			trees, err := fastparse.ParseBytes("tpl", s.Data, parse.SkipFuncCheck)
			if err == nil {
				t = trees["tpl"]
			}
			if a.fileTrees == nil {
				a.fileTrees = map[*source.File]*parse.Tree{}
			}
			a.fileTrees[s] = t
		}
		if t != nil {
			out = append(out, t)
		}
	}
	return out
}
