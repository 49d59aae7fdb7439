package render

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// maxIncludeDepth is how many times one template may be active in nested
// include calls before Helm gives up.
const maxIncludeDepth = 1000

// Engine renders the templates of a chart tree.
type Engine struct {
	// Helm3 selects Helm 3.22.0 behaviour; the default is Helm 4.3.1.
	Helm3 bool
	// LintMode makes required and fail return "" instead of failing, as
	// helm lint does; Messages then records what they said.
	LintMode bool
}

// Rendered is the output of one template file.
type Rendered struct {
	// Name is Helm's name for the template: <chart full path>/templates/<file>.
	Name string
	// File is the template source.
	File *source.File
	// Content is the rendered text, "<no value>" removed.
	Content string
	// Lines is the origin of each line of Content.
	Lines []Origin
}

// Output is what an engine run produced: the rendered files in Helm's parse
// order and every error.
type Output struct {
	Files  []*Rendered
	Errors Errors
	// Messages are what required and fail said in lint mode.
	Messages []string
	// names maps template sources to their Helm names.
	names map[*source.File]string
}

// TemplateName is Helm's name for a template source, as origins refer to it.
func (o *Output) TemplateName(f *source.File) string { return o.names[f] }

// DocumentLines returns the origin of each line of a manifest's content.
func (o *Output) DocumentLines(m *Manifest) []Origin {
	first := strings.Count(m.From.Content[:m.Offset], "\n")
	n := strings.Count(m.Content, "\n") + 1
	if first+n > len(m.From.Lines) {
		return nil
	}
	return m.From.Lines[first : first+n]
}

// Err returns the error Helm would report for the render: the first one.
func (o *Output) Err() error {
	if len(o.Errors) == 0 {
		return nil
	}
	return o.Errors[0]
}

// job is one template to parse (and, unless a partial, to execute) with the
// top-level object of its chart.
type job struct {
	name     string
	file     *source.File
	top      map[string]any
	basePath string
}

// Render parses every template of the chart tree and executes every
// non-partial one with its chart's top-level object. top holds the objects
// shared by all charts (Release, Capabilities) and the root's Values.
func (e Engine) Render(c *chart.Chart, top map[string]any) *Output {
	var jobs []*job
	e.collect(c, top, &jobs)
	sort.SliceStable(jobs, func(i, j int) bool { return parseOrderLess(jobs[i].name, jobs[j].name) })

	r := &run{engine: e, files: map[string]*source.File{}, index: textIndex{}, active: map[string]int{}, tplTrees: map[string]parsedTpl{}}
	root := template.New("gotpl")
	root.Option("missingkey=zero")
	root.Funcs(funcMap(e.Helm3))
	root.Funcs(r.boundFuncs(root))
	out := &Output{names: map[*source.File]string{}}
	var parsed []*job
	for i, p := range parseAll(jobs, e.Helm3) {
		j := jobs[i]
		r.files[j.name] = j.file
		out.names[j.file] = j.name
		if p.err != nil {
			out.Errors = append(out.Errors, &Error{Span: locate(p.err.Error(), r.files), Template: j.name, Message: parseError(j.name, p.err)})
			continue
		}
		parsed = append(parsed, j)
		for name, tree := range p.trees {
			if _, err := root.AddParseTree(name, tree); err != nil {
				out.Errors = append(out.Errors, &Error{Template: j.name, Message: parseError(j.name, err)})
			}
			r.index.add(tree, j.file)
		}
	}
	for _, j := range parsed {
		if strings.HasPrefix(path.Base(j.name), "_") {
			continue
		}
		rendered, err := r.execute(root, j)
		if err != nil {
			out.Errors = append(out.Errors, err)
			continue
		}
		out.Files = append(out.Files, rendered)
	}
	out.Messages = r.messages
	return out
}

// collect builds each chart's top-level object and its jobs, recursively,
// as Helm does: a subchart's .Values is its table in the parent's values.
func (e Engine) collect(c *chart.Chart, parent map[string]any, jobs *[]*job) map[string]any {
	subcharts := map[string]any{}
	next := map[string]any{
		"Chart":        chartObject(c, e.Helm3),
		"Files":        newFiles(c.Files),
		"Release":      parent["Release"],
		"Capabilities": parent["Capabilities"],
		"Values":       Values{},
		"Subcharts":    subcharts,
	}
	if c.IsRoot() {
		next["Values"] = parent["Values"]
	} else if vs, err := asValues(parent["Values"]).Table(c.Name()); err == nil {
		next["Values"] = vs
	}
	for _, sub := range c.Subcharts {
		subcharts[sub.Name()] = e.collect(sub, next, jobs)
	}
	full := c.FullPath()
	for _, t := range c.Templates {
		if c.IsLibrary() && !strings.HasPrefix(path.Base(t.Name), "_") {
			continue
		}
		*jobs = append(*jobs, &job{name: path.Join(full, t.Name), file: t, top: next, basePath: path.Join(full, "templates")})
	}
	return next
}

func asValues(v any) Values {
	switch v := v.(type) {
	case Values:
		return v
	case map[string]any:
		return v
	}
	return Values{}
}

// parsedFile is the trees of one template file: its own and its defines.
type parsedFile struct {
	trees map[string]*parse.Tree
	err   error
}

// parseAll parses every template on all cores. Parsing is independent per
// file; adding the trees to the template set, in Helm's order, is not, and
// stays with the caller.
func parseAll(jobs []*job, helm3 bool) []parsedFile {
	funcs := funcMap(helm3)
	results := make([]parsedFile, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(jobs); i = int(next.Add(1) - 1) {
				trees, err := parse.Parse(jobs[i].name, string(jobs[i].file.Data), "", "", funcs, builtinFuncs)
				results[i] = parsedFile{trees: trees, err: err}
			}
		}()
	}
	wg.Wait()
	return results
}

// builtinFuncs names text/template's predefined functions, which the parser
// must know; their values are never called.
var builtinFuncs = func() map[string]any {
	m := map[string]any{}
	for _, name := range []string{"and", "call", "html", "index", "slice", "js", "len", "not", "or",
		"print", "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne"} {
		m[name] = fmt.Sprint
	}
	return m
}()

// parseOrderLess is Helm's parse order: deeper paths first, then names in
// descending byte order. The define parsed last wins.
func parseOrderLess(a, b string) bool {
	ca, cb := strings.Count(a, "/"), strings.Count(b, "/")
	if ca != cb {
		return ca > cb
	}
	return a > b
}

// run is the state of one render: template sources, the text index for
// source maps, include depth, the writers of the includes in progress, and
// lint messages.
type run struct {
	engine   Engine
	files    map[string]*source.File
	index    textIndex
	active   map[string]int
	writers  []*recorder
	messages []string
	tplTrees map[string]parsedTpl
	// parseFuncs are the function names tpl texts are parsed with.
	parseFuncs template.FuncMap
}

func (r *run) execute(root *template.Template, j *job) (rendered *Rendered, rerr *Error) {
	defer func() {
		if p := recover(); p != nil {
			rendered, rerr = nil, &Error{Template: j.name, Message: fmt.Sprintf("rendering template failed: %v", p)}
		}
	}()
	j.top["Template"] = Values{"Name": j.name, "BasePath": j.basePath}
	rec := r.push()
	err := root.ExecuteTemplate(rec, j.name, j.top)
	r.pop()
	if err != nil {
		return nil, &Error{Span: locate(err.Error(), r.files), Template: j.name, Message: execError(j.name, err, r.engine.Helm3)}
	}
	content, segs := stripNoValue(rec.buf.String(), rec.segs)
	return &Rendered{Name: j.name, File: j.file, Content: content, Lines: lineOrigins(content, segs)}, nil
}

func (r *run) push() *recorder {
	rec := newRecorder(r.index)
	r.writers = append(r.writers, rec)
	return rec
}

func (r *run) pop() {
	r.writers = r.writers[:len(r.writers)-1]
}

// boundFuncs are the functions that need the render: include and tpl bound
// to a template set, required and fail aware of lint mode, and in lint mode
// the fast key generators of lintKeyFuncs.
func (r *run) boundFuncs(set *template.Template) template.FuncMap {
	funcs := template.FuncMap{
		"include":  r.include(set),
		"tpl":      r.tpl(set),
		"required": r.required,
		"fail":     r.fail,
	}
	if r.engine.LintMode {
		maps.Copy(funcs, lintKeyFuncs())
	}
	return funcs
}

func (r *run) include(set *template.Template) func(string, any) (string, error) {
	return func(name string, data any) (string, error) {
		if r.active[name] > maxIncludeDepth {
			return "", fmt.Errorf("rendering template has a nested reference name: %s: %w", name, errors.New("unable to execute template"))
		}
		r.active[name]++
		rec := r.push()
		err := set.ExecuteTemplate(rec, name, data)
		r.pop()
		r.active[name]--
		result := rec.mapped()
		if n := len(r.writers); n > 0 {
			r.writers[n-1].pending = append(r.writers[n-1].pending, result)
		}
		return result.text, err
	}
}

// tpl renders text as a template. Helm parses it in a copy of the whole
// template set, so that defines in text are visible to it and to nothing
// else; copying the set is costly and only needed when text defines
// something, so other texts are parsed once per render and executed in the
// set as it is, with the same results and messages.
func (r *run) tpl(parent *template.Template) func(string, any) (string, error) {
	return func(text string, data any) (string, error) {
		t, err := r.tplTemplate(parent, text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", text, err)
		}
		var b strings.Builder
		if err := t.Execute(&b, data); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %w", text, err)
		}
		return strings.ReplaceAll(b.String(), "<no value>", ""), nil
	}
}

// tplName is the name Helm gives tpl's template.
const tplName = "gotpl"

func (r *run) tplTemplate(parent *template.Template, text string) (*template.Template, error) {
	if strings.Contains(text, "define") || strings.Contains(text, "block") {
		return r.tplClone(parent, text)
	}
	tree, err := r.tplTree(text)
	if err != nil {
		return nil, err
	}
	if parse.IsEmptyTree(tree.Root) {
		return r.tplClone(parent, text)
	}
	t := parent.New(tplName)
	return t.AddParseTree(tplName, tree)
}

// tplTree parses a tpl text once per render.
func (r *run) tplTree(text string) (*parse.Tree, error) {
	if p, ok := r.tplTrees[text]; ok {
		return p.tree, p.err
	}
	if r.parseFuncs == nil {
		r.parseFuncs = funcMap(r.engine.Helm3)
	}
	trees, err := parse.Parse(tplName, text, "", "", r.parseFuncs, builtinFuncs)
	p := parsedTpl{tree: trees[tplName], err: err}
	r.tplTrees[text] = p
	return p.tree, p.err
}

type parsedTpl struct {
	tree *parse.Tree
	err  error
}

// tplClone is Helm's way: parse text in a copy of the set, whose include
// and tpl see the copy.
func (r *run) tplClone(parent *template.Template, text string) (*template.Template, error) {
	t, err := parent.Clone()
	if err != nil {
		return nil, fmt.Errorf("cannot clone template: %w", err)
	}
	t.Option("missingkey=zero")
	t.Funcs(template.FuncMap{"include": r.include(t), "tpl": r.tpl(t)})
	return t.New(parent.Name()).Parse(text)
}

func (r *run) required(msg string, val any) (any, error) {
	if val == nil || val == "" {
		if r.engine.LintMode {
			r.messages = append(r.messages, "Missing required value: "+msg)
			return "", nil
		}
		return val, errors.New(markMessage(msg))
	}
	return val, nil
}

func (r *run) fail(msg string) (string, error) {
	if r.engine.LintMode {
		r.messages = append(r.messages, "Fail: "+msg)
		return "", nil
	}
	return "", errors.New(markMessage(msg))
}
