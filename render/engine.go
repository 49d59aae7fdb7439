package render

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"text/template"

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

	r := &run{engine: e, files: map[string]*source.File{}, index: textIndex{}, active: map[string]int{}}
	root := template.New("gotpl")
	root.Option("missingkey=zero")
	root.Funcs(funcMap(e.Helm3))
	root.Funcs(r.boundFuncs(root))
	out := &Output{names: map[*source.File]string{}}
	var parsed []*job
	for _, j := range jobs {
		r.files[j.name] = j.file
		out.names[j.file] = j.name
		t, err := root.New(j.name).Parse(string(j.file.Data))
		if err != nil {
			out.Errors = append(out.Errors, &Error{Span: locate(err.Error(), r.files), Template: j.name, Message: parseError(j.name, err)})
			continue
		}
		parsed = append(parsed, j)
		for _, tt := range t.Templates() {
			if tt.Tree != nil && tt.Tree.ParseName == j.name {
				r.index.add(tt.Tree, j.file)
			}
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
// to a template set, required and fail aware of lint mode.
func (r *run) boundFuncs(set *template.Template) template.FuncMap {
	return template.FuncMap{
		"include":  r.include(set),
		"tpl":      r.tpl(set),
		"required": r.required,
		"fail":     r.fail,
	}
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

// tpl renders text as a template in a copy of the template set, so that
// defines in text are visible to it and to nothing else.
func (r *run) tpl(parent *template.Template) func(string, any) (string, error) {
	return func(text string, data any) (string, error) {
		t, err := parent.Clone()
		if err != nil {
			return "", fmt.Errorf("cannot clone template: %w", err)
		}
		t.Option("missingkey=zero")
		t.Funcs(template.FuncMap{"include": r.include(t), "tpl": r.tpl(t)})
		t, err = t.New(parent.Name()).Parse(text)
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
