package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"text/template"
	"text/template/parse"
	"unicode/utf8"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/cores"
	"github.com/chartwright/chartwright/internal/helmlog"
	"github.com/chartwright/chartwright/render/internal/chartutil"
	"github.com/chartwright/chartwright/render/internal/common"
	"github.com/chartwright/chartwright/render/internal/engine"
	"github.com/chartwright/chartwright/render/internal/fastparse"
)

// maxIncludeDepth is how many times one template may be active in nested
// include calls before Helm gives up.
const maxIncludeDepth = 1000

// maxNesting bounds the include and tpl calls active at once, whatever
// their names: Helm bounds only the include depth of each name, and tpl not
// at all, so a tpl text that calls tpl on itself, or includes cycling
// through many names, would exhaust the Go stack, which cannot be recovered.
// Cycles through one or two names still meet Helm's limit first.
const maxNesting = 3000

// nestingError is the error of a call past maxNesting. Each level returns
// it as it is, not wrapped in the levels below, so that its text stays
// short: text/template quotes the error of every level in the next.
type nestingError struct {
	// chain is the cycle of calls that never ends (see cycle).
	chain []string
}

func (e *nestingError) Error() string {
	return fmt.Sprintf("more than %d include and tpl calls nested: a template calls itself without end: %s", maxNesting, strings.Join(e.chain, " → "))
}

// MaxOutput is the default bound of the bytes a render writes, its
// includes' output counted where it is written: far beyond real charts
// (the largest render a few MiB), and short of exhausting memory.
// Engine.MaxOutput changes it; repeat, until and untilStep are bounded by
// it whatever the engine's bound.
const MaxOutput = 100 << 20

// Message is what a required or fail call said in lint mode, where it
// does not stop the render: "Missing required value: <msg>" or
// "Fail: <msg>", at the action that called it as the source map places it
// (no file without a source map).
type Message struct {
	Text string
	Span source.Span
	// Log is the line Helm writes to stderr for the call, as the engine's
	// Helm version writes it.
	Log string
}

// Engine renders the templates of a chart tree.
type Engine struct {
	// Helm3 selects Helm 3.22.0 behaviour; the default is Helm 4.3.1.
	Helm3 bool
	// LintMode makes required and fail return "" instead of failing, as
	// helm lint does; Messages then records what they said.
	LintMode bool
	// SourceMap records the origin of every rendered line (Rendered.Lines).
	SourceMap bool
	// Parses, when set, is where the templates are parsed, to share their
	// trees with other renders of the chart tree and with its refs index;
	// it must be made for the engine's Helm mode. Nil means a cache of the
	// render's own.
	Parses *ParseCache

	// MaxOutput bounds the bytes the render writes; 0 means MaxOutput.
	MaxOutput int64

	// stopPrefetch, when set, stops the parsing Template started early
	// (see ParseCache.prefetch): the engine parses what it needs itself.
	stopPrefetch func()
}

// Rendered is the output of one template file.
type Rendered struct {
	// Name is Helm's name for the template: <chart full path>/templates/<file>.
	Name string
	// File is the template source.
	File *source.File
	// Content is the rendered text, "<no value>" removed.
	Content string
	// Lines is the origin of each line of Content, with Engine.SourceMap.
	Lines []Origin
}

// Output is what an engine run produced: the rendered files in Helm's parse
// order and every error.
type Output struct {
	Files  []*Rendered
	Errors Errors
	// Messages are what required and fail said in lint mode.
	Messages []Message
	// Log is what Helm writes to stderr while it renders in lint mode: the
	// Log of the Messages of the templates it executes, which end at the
	// first that fails.
	Log []string
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
// top-level object of its chart: the chart's index in collect's tops.
type job struct {
	name     string
	file     *source.File
	chart    int
	basePath string
}

// Render parses every template of the chart tree and executes every
// non-partial one with its chart's top-level object. top holds the objects
// shared by all charts (Release, Capabilities) and the root's Values.
// When ctx is done, templates not started are not executed and include
// and tpl fail: the output is then incomplete, and ctx.Err() says so.
func (e Engine) Render(ctx context.Context, c *chart.Chart, top map[string]any) *Output {
	p := e.prepare(ctx, c, top)
	out := p.out
	for _, res := range p.run.executeAll(p.set, p.execs, p.tops) {
		out.Messages = append(out.Messages, res.messages...)
		if len(out.Errors) == 0 { // Helm stops at the first error
			for _, m := range res.messages {
				out.Log = append(out.Log, m.Log)
			}
		}
		switch {
		case res.err != nil:
			out.Errors = append(out.Errors, res.err)
		case res.rendered != nil: // nil: not executed, the render was cancelled
			out.Files = append(out.Files, res.rendered)
		}
	}
	return out
}

// prepared is a chart tree ready to execute.
type prepared struct {
	run *run
	// set holds every template that parsed.
	set *template.Template
	// execs are the templates to execute, in Helm's order.
	execs []*job
	// tops are the charts' top-level objects.
	tops []map[string]any
	// out has the templates' names and parse errors.
	out *Output
}

// prepare builds the charts' top-level objects and parses every template,
// in Helm's order, into one set.
func (e Engine) prepare(ctx context.Context, c *chart.Chart, top map[string]any) *prepared {
	var jobs []*job
	p := &prepared{run: newRun(ctx, e, newBudget(e.MaxOutput)), set: template.New("gotpl"), out: &Output{}}
	e.collect(c, top, &jobs, &p.tops)
	jobs = lastOfEachName(jobs)
	sort.SliceStable(jobs, func(i, j int) bool { return parseOrderLess(jobs[i].name, jobs[j].name) })
	p.run.set = p.set
	p.set.Option("missingkey=zero")
	p.run.addFuncs(p.run.ownFuncs(p.set))
	if e.stopPrefetch != nil {
		e.stopPrefetch()
	}
	p.execs = executable(p.parse(jobs))
	p.run.chartDefinesTplName = p.set.Lookup(tplName) != nil
	return p
}

// parse parses the jobs into the set, in order, recording their names and
// parse errors in the output, and returns those that parsed.
func (p *prepared) parse(jobs []*job) []*job {
	r, out := p.run, p.out
	parsed := make([]*job, 0, len(jobs))
	results := parseAll(jobs, r.engine.parses())
	calls := make([][]string, 0, len(results))
	// The maps of files and names are made for the jobs, not grown.
	r.files, out.names = make(map[string]*source.File, len(jobs)), make(map[*source.File]string, len(jobs))
	for i, res := range results {
		j := jobs[i]
		r.files[j.name] = j.file
		out.names[j.file] = j.name
		if res.err != nil {
			out.Errors = append(out.Errors, &Error{Span: fastparse.ErrorSpan(j.file, res.err), Template: j.name, Message: parseError(j.name, res.err)})
			continue
		}
		parsed = append(parsed, j)
		calls = append(calls, res.calls)
		for name, tree := range res.trees {
			if _, err := p.set.AddParseTree(name, tree); err != nil {
				out.Errors = append(out.Errors, &Error{Template: j.name, Message: parseError(j.name, err)})
			}
			r.index.add(tree, j.file)
		}
	}
	r.index.seal()
	r.useFuncs(calls...)
	return parsed
}

// executable returns the jobs that are not partials, in order.
func executable(jobs []*job) []*job {
	var out []*job
	for _, j := range jobs {
		if !strings.HasPrefix(path.Base(j.name), "_") {
			out = append(out, j)
		}
	}
	return out
}

// collect builds each chart's top-level object, appended to tops, and its
// jobs, recursively, as Helm does: a subchart's .Values is its table in the
// parent's values.
func (e Engine) collect(c *chart.Chart, parent map[string]any, jobs *[]*job, tops *[]map[string]any) map[string]any {
	subcharts := map[string]any{}
	next := map[string]any{
		"Chart":        chartObject(c, e.Helm3),
		"Files":        engine.NewFiles(c.Files),
		"Release":      parent["Release"],
		"Capabilities": parent["Capabilities"],
		"Values":       parent["Values"],
		"Subcharts":    subcharts,
	}
	if !c.IsRoot() {
		next["Values"] = e.subchartValues(parent["Values"], c.Name())
	}
	*tops = append(*tops, next)
	index := len(*tops) - 1
	for _, sub := range c.Subcharts {
		subcharts[sub.Name()] = e.collect(sub, next, jobs, tops)
	}
	basePath := path.Join(c.FullPath(), "templates")
	for _, t := range c.RenderedTemplates() {
		*jobs = append(*jobs, &job{name: t.Name, file: t.File, chart: index, basePath: basePath})
	}
	return next
}

// lastOfEachName keeps, of the jobs of one template name, the last: Helm
// keys the templates by their path, so of two subcharts of one name (a
// chart's folder and an archive of another version of it in charts/), the
// later one's template replaces the earlier's, which is neither parsed nor
// executed.
func lastOfEachName(jobs []*job) []*job {
	last := make(map[string]int, len(jobs))
	for i, j := range jobs {
		last[j.name] = i
	}
	if len(last) == len(jobs) {
		return jobs
	}
	out := make([]*job, 0, len(last))
	for i, j := range jobs {
		if last[j.name] == i {
			out = append(out, j)
		}
	}
	return out
}

// subchartValues is a subchart's .Values: the table of its name in its
// parent's, or an empty one.
func (e Engine) subchartValues(parent any, name string) any {
	var vs map[string]any
	var err error
	if e.Helm3 {
		vs, err = chartutil.Values(plainMap(parent)).Table(name)
	} else {
		vs, err = common.Values(plainMap(parent)).Table(name)
	}
	if err != nil {
		vs = map[string]any{}
	}
	return valuesOf(vs, e.Helm3)
}

// parsedFile is the trees of one template file: its own and its defines;
// they may be shared with other renders (see ParseCache) and are read only.
type parsedFile struct {
	trees map[string]*parse.Tree
	calls []string // the functions it calls, as fastparse.ParseCalls
	err   error
}

// parses returns the engine's parse cache, or a new one when it has none.
// A cache made for the other Helm mode would check the wrong function
// names: that is a programming error.
// funcs is Helm's function map for the engine's mode: its parse cache's,
// when it has one, rather than a new one (neither the template set nor the
// parser changes it).
func (e Engine) funcs() template.FuncMap {
	if e.Parses != nil && e.Parses.helm3 == e.Helm3 {
		return e.Parses.funcs
	}
	return funcMap(e.Helm3)
}

func (e Engine) parses() *ParseCache {
	if e.Parses == nil {
		return NewParseCache(e.Helm3)
	}
	if e.Parses.helm3 != e.Helm3 {
		panic("render: Engine.Parses was made for the other Helm mode")
	}
	return e.Parses
}

// parseAll parses every template through the cache, on all cores. Parsing
// is independent per file; adding the trees to the template set, in Helm's
// order, is not, and stays with the caller.
func parseAll(jobs []*job, cache *ParseCache) []parsedFile {
	results := make([]parsedFile, len(jobs))
	cores.Each(len(jobs), func(i int) {
		results[i] = cache.parseFile(jobs[i].name, jobs[i].file)
	})
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

// run is the state of one render, or of one worker of a parallel one:
// template sources, the text index for source maps, include depth, the
// writers of the includes in progress, and lint messages.
type run struct {
	ctx      context.Context
	engine   Engine
	files    map[string]*source.File
	index    *textIndex
	active   map[string]int
	writers  []*recorder
	spare    []*recorder // released, for push to reuse
	messages []Message
	tplTrees map[string]parsedTpl
	// helmFuncs is Helm's function map (see helmFuncs).
	helmFuncs template.FuncMap
	// set is the template set the run executes templates in; inSet are
	// the functions it holds (see useFuncs).
	set   *template.Template
	inSet map[string]bool
	// tplDefined is the latest tpl text defined as tplName in set by the
	// template executing.
	tplDefined *parse.Tree
	// guard is set in a worker of a parallel execution, job to the index
	// of the template executing: the guard stops the parallel execution
	// where it could differ from a sequential one.
	guard *guard
	job   int
	// chartDefinesTplName is whether a chart template defines tplName;
	// tplDepth counts the tpl texts executing. Outside tpl, tplName names
	// a template only if the chart defines it, as in Helm.
	chartDefinesTplName bool
	tplDepth            int
	// nesting counts the include and tpl calls active; calls names them,
	// innermost last: includes by name, tpl calls as tplCallName names them.
	nesting int
	calls   []string
	// recursion is the cycle of calls of the first template found calling
	// itself without end in the template executing.
	recursion []string
	// written counts the bytes the render wrote, in all its runs.
	written *budget
	// out is the buffer the run's templates with small sources write
	// their output into (see execute).
	out []byte
}

// budget is the bytes a render may write, and those it wrote, in all its
// runs.
type budget struct {
	written atomic.Int64
	max     int64
}

func newBudget(max int64) *budget {
	if max <= 0 {
		max = MaxOutput
	}
	return &budget{max: max}
}

// spend counts n bytes written, and fails past the bound.
func (b *budget) spend(n int) error {
	if b.written.Add(int64(n)) > b.max {
		return errOutputTooLarge
	}
	return nil
}

// sizeText writes a size in MiB when it is whole MiB, else in bytes.
func sizeText(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// errOutputTooLarge stops a render whose output passes its bound.
var errOutputTooLarge = errors.New("the rendered output exceeds the bound")

// newRun returns the state of a render that has yet to parse its
// templates; written counts the render's output.
func newRun(ctx context.Context, e Engine, written *budget) *run {
	r := &run{ctx: ctx, engine: e, files: map[string]*source.File{}, active: map[string]int{}, tplTrees: map[string]parsedTpl{},
		inSet: map[string]bool{}, written: written}
	if e.SourceMap {
		r.index = newTextIndex()
	}
	return r
}

// templateObject is .Template while j executes.
func (e Engine) templateObject(j *job) any {
	return valuesOf(map[string]any{"Name": j.name, "BasePath": j.basePath}, e.Helm3)
}

// execute runs template j in set with top as its top-level object.
// ownBufferSize is the source length from which a template's output gets
// a buffer of its own rather than the run's (see execute).
const ownBufferSize = 32 << 10

func (r *run) execute(set *template.Template, j *job, top map[string]any) (rendered *Rendered, rerr *Error) {
	defer func() {
		if p := recover(); p != nil {
			rendered, rerr = nil, &Error{Template: j.name, Message: fmt.Sprintf("rendering template failed: %v", p)}
		}
	}()
	r.tplDepth, r.nesting = 0, 0 // a panic may have left a tpl open
	r.calls, r.recursion = r.calls[:0], nil
	rec := r.push()
	rec.last = Origin{File: j.file} // an action before any literal text starts from the file's start
	// A large source's output, usually about as long, gets a buffer of
	// that length: growing one from small would leave its outgrown copies
	// behind. Smaller templates, whose output is often much shorter (parts
	// the values turn off) or much longer (files they include), write into
	// the run's buffer, which stays grown, and their output is copied out
	// at its length: fresh memory costs page faults.
	reuse := len(j.file.Data) < ownBufferSize
	if reuse {
		rec.buf = *bytes.NewBuffer(r.out[:0])
	}
	rec.buf.Grow(len(j.file.Data))
	err := set.ExecuteTemplate(rec, j.name, valuesOf(top, r.engine.Helm3))
	r.pop()
	out := rec.text()
	if reuse {
		r.out = rec.buf.Bytes() // for the next template: out is copied out of it below
		out = strings.Clone(out)
	}
	if errors.Is(err, errOutputTooLarge) {
		return nil, &Error{Span: source.Span{File: j.file}, Template: j.name, Message: fmt.Sprintf("rendering %s: the output of the render exceeds its bound of %s", j.name, sizeText(r.written.max))}
	}
	if err != nil {
		return nil, &Error{Span: locate(err.Error(), r.files), Template: j.name, Message: plainTypeNames(execError(j.name, err, r.engine.Helm3)), Recursion: r.recursion}
	}
	rendered = &Rendered{Name: j.name, File: j.file}
	if r.index == nil {
		rendered.Content = strings.ReplaceAll(out, "<no value>", "")
	} else {
		var segs []segment
		rendered.Content, segs = stripNoValue(out, rec.segs)
		rendered.Lines = lineOrigins(rendered.Content, segs)
	}
	r.release(rec)
	return rendered, nil
}

// push starts recording one more output, a template's or an include's.
func (r *run) push() *recorder {
	var rec *recorder
	if n := len(r.spare); n > 0 {
		rec, r.spare = r.spare[n-1], r.spare[:n-1]
		*rec = recorder{index: r.index, written: r.written, segs: rec.segs[:0], pending: rec.pending[:0]}
	} else {
		rec = newRecorder(r.index, r.written)
	}
	r.writers = append(r.writers, rec)
	return rec
}

// release hands back a recorder popped whose output and origins have been
// taken: the next push reuses it and its arrays, which the includes of a
// render would otherwise grow afresh thousands of times.
func (r *run) release(rec *recorder) {
	r.spare = append(r.spare, rec)
}

func (r *run) pop() {
	r.writers = r.writers[:len(r.writers)-1]
}

// helm returns Helm's function map for the engine's mode, made once per
// run at most (it is the parse cache's when the engine has one).
func (r *run) helm() template.FuncMap {
	if r.helmFuncs == nil {
		r.helmFuncs = r.engine.funcs()
	}
	return r.helmFuncs
}

// addFuncs adds fs to the run's template set.
func (r *run) addFuncs(fs template.FuncMap) {
	r.set.Funcs(fs)
	for name := range fs {
		r.inSet[name] = true
	}
}

// useFuncs adds to the run's template set the functions of Helm's map
// that texts parsed call (each list as fastparse.ParseCalls returns it)
// and the set lacks; a nil list, calls not known, stands for all of them.
// A set holds only the functions its templates call: Helm's ~220,
// copied into the set's two tables, would cost each render about 80 KB
// and most of the work of a small chart. Builtins are not in Helm's map:
// the set does not hold them, as text/template wants.
func (r *run) useFuncs(calls ...[]string) {
	helm := r.helm()
	var add template.FuncMap // made only when the set lacks one: tpl calls this at every text
	for _, names := range calls {
		if names == nil {
			names = slices.Collect(maps.Keys(helm))
		}
		for _, name := range names {
			if fn := helm[name]; fn != nil && !r.inSet[name] {
				if add == nil {
					add = template.FuncMap{}
				}
				add[name] = fn
			}
		}
	}
	if add != nil {
		r.addFuncs(add)
	}
}

// ownFuncs are the functions bound to the run and set: boundFuncs, and in
// a worker of a parallel execution its guarded writers.
func (r *run) ownFuncs(set *template.Template) template.FuncMap {
	fs := r.boundFuncs(set)
	if r.guard != nil {
		maps.Copy(fs, r.guardedWriters())
	}
	return fs
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
		if r.guard != nil && name == tplName {
			return "", r.stop()
		}
		if name == tplName && r.tplDepth == 0 && !r.chartDefinesTplName {
			// tpl's texts are defined in the set itself (see tplTemplate),
			// where Helm defines them in a copy.
			return "", fmt.Errorf("template: no template %q associated with template %q", name, tplName)
		}
		if r.active[name] > maxIncludeDepth {
			r.recurse(name)
			return "", fmt.Errorf("rendering template has a nested reference name: %s: %w", name, errors.New("unable to execute template"))
		}
		if err := r.enter(name); err != nil {
			return "", err
		}
		r.active[name]++
		rec := r.push()
		rec.set, rec.define = set, name
		err := set.ExecuteTemplate(rec, name, data)
		r.pop()
		r.active[name]--
		r.leave()
		if ne, ok := errors.AsType[*nestingError](err); ok {
			return "", ne
		}
		result := rec.mapped()
		r.release(rec)
		if n := len(r.writers); n > 0 && r.index != nil {
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
		if r.guard != nil && strings.Contains(text, tplName) {
			return "", r.stop()
		}
		if err := r.enter(tplCallName(text)); err != nil {
			return "", err
		}
		defer r.leave()
		t, err := r.tplTemplate(parent, text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", text, err)
		}
		var b strings.Builder
		r.tplDepth++
		err = t.Execute(&b, data)
		r.tplDepth--
		if ne, ok := errors.AsType[*nestingError](err); ok {
			return "", ne
		}
		if err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %w", text, err)
		}
		return strings.ReplaceAll(b.String(), "<no value>", ""), nil
	}
}

// enter counts one more include or tpl call active, named name, unless
// the render is cancelled or too many are.
func (r *run) enter(name string) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if r.nesting >= maxNesting {
		return &nestingError{chain: r.recurse(name)}
	}
	r.nesting++
	r.calls = append(r.calls, name)
	return nil
}

// leave ends the innermost include or tpl call.
func (r *run) leave() {
	r.nesting--
	r.calls = r.calls[:len(r.calls)-1]
}

// recurse records that calling name from the active calls recurses
// without end, unless a recursion is already recorded, and returns the
// cycle of calls.
func (r *run) recurse(name string) []string {
	c := cycle(r.calls, name)
	if r.recursion == nil {
		r.recursion = c
	}
	return c
}

// cycle is the end of the active calls that a call of next repeats: from
// the innermost call of next's name to next ("a → b → a"); when no active
// call has next's name, the innermost few calls, after an ellipsis.
func cycle(calls []string, next string) []string {
	const shown = 4
	for i := len(calls) - 1; i >= 0; i-- {
		if calls[i] == next {
			return append(slices.Clone(calls[i:]), next)
		}
	}
	if len(calls) <= shown {
		return append(slices.Clone(calls), next)
	}
	return append(append([]string{"…"}, calls[len(calls)-shown:]...), next)
}

// tplCallName names a tpl call in a recursion chain: tpl and the start of
// its text.
func tplCallName(text string) string {
	const shown = 40
	if len(text) > shown {
		cut := shown
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return "tpl " + strconv.Quote(text)
}

// tplName is the name Helm gives tpl's template. tpl's texts without
// defines are executed under that name in the template set itself, so the
// name refers to the latest such text: a worker of a parallel execution,
// which has not executed all the templates before, stops where a template
// could look it up.
const tplName = "gotpl"

func (r *run) tplTemplate(parent *template.Template, text string) (*template.Template, error) {
	p := r.tplTree(text)
	if p.err != nil {
		return nil, p.err
	}
	if parse.IsEmptyTree(p.tree.Root) {
		// Blanks and comments only. In Helm's copy of the set, such a text
		// replaces no template of tpl's name but stays the tree of the new
		// template that tpl executes, which prints its blanks: so does a
		// set of its own, without the copy.
		return template.New(tplName).AddParseTree(tplName, p.tree)
	}
	if p.defines || r.chartDefinesTplName {
		// Helm's way, in a copy, when the text defines templates or the
		// set has one named like tpl's, which must stay as it is.
		return r.tplClone(parent, text)
	}
	tree := p.tree
	if parent == r.set {
		r.tplDefined = tree
		r.useFuncs(p.calls)
	}
	return defineTpl(parent, tree)
}

// defineTpl defines tree as tplName in set.
func defineTpl(set *template.Template, tree *parse.Tree) (*template.Template, error) {
	return set.New(tplName).AddParseTree(tplName, tree)
}

// tplTree parses a tpl text once per render.
func (r *run) tplTree(text string) parsedTpl {
	if p, ok := r.tplTrees[text]; ok {
		return p
	}
	trees, calls, err := fastparse.ParseCalls(tplName, text, 0, r.helm(), builtinFuncs)
	p := parsedTpl{tree: trees[tplName], calls: calls, err: err, defines: len(trees) > 1 || trees[tplName] == nil}
	r.tplTrees[text] = p
	return p
}

// parsedTpl is a tpl text parsed: its tree, or its error, and whether it
// defines templates.
type parsedTpl struct {
	tree    *parse.Tree
	calls   []string // the functions it calls, as fastparse.ParseCalls
	err     error
	defines bool
}

// tplClone is Helm's way: parse text in a copy of the set, whose include
// and tpl see the copy.
func (r *run) tplClone(parent *template.Template, text string) (*template.Template, error) {
	t, err := parent.Clone()
	if err != nil {
		return nil, fmt.Errorf("cannot clone template: %w", err)
	}
	t.Option("missingkey=zero")
	// text/template's parser checks every function name: the copy holds
	// them all, with the run's own functions bound to it.
	t.Funcs(r.helm())
	t.Funcs(r.ownFuncs(t))
	return t.New(parent.Name()).Parse(text)
}

func (r *run) required(msg string, val any) (any, error) {
	if val == nil || val == "" {
		if r.engine.LintMode {
			r.lintMessage("required", msg, "Missing required value: "+msg, r.requiredLog(msg, val == nil))
			return "", nil
		}
		return val, errors.New(markMessage(msg))
	}
	return val, nil
}

func (r *run) fail(msg string) (string, error) {
	if r.engine.LintMode {
		r.lintMessage("fail", msg, "Fail: "+msg, r.helmLog("engine.go", 227, "[INFO] Fail: "+msg, slog.LevelInfo, "funcMap fail", "message", msg))
		return "", nil
	}
	return "", errors.New(markMessage(msg))
}

// requiredLog is the line Helm logs for a required call that does not
// fail in lint mode: its wording tells a missing value (nil) from an
// empty string.
func (r *run) requiredLog(msg string, missing bool) string {
	if missing {
		return r.helmLog("engine.go", 206, "[INFO] Missing required value: "+msg, slog.LevelWarn, "missing required value", "message", msg)
	}
	return r.helmLog("engine.go", 214, "[INFO] Missing required value: "+msg, slog.LevelWarn, "missing required values", "message", msg)
}

// helmLog is the line Helm writes to stderr: Helm 3's v3msg, logged from
// its engine.go at line, or Helm 4's slog record.
func (r *run) helmLog(file string, line int, v3msg string, level slog.Level, msg string, attrs ...any) string {
	log := helmlog.Log{Helm3: r.engine.Helm3}
	log.Both(file, line, v3msg, level, msg, attrs...)
	return log.Lines[0]
}

// lintMessage records a message of the function fn (required or fail),
// which said msg, at its call: the first fn after the literal text last
// written that says msg literally, or else that says something computed
// (text/template tells a function nothing of where it is called; trimmed
// text writes nothing, so the last literal text may lie a few actions
// before). In an include that has written no text yet, the search starts
// where the define's body does.
func (r *run) lintMessage(fn, msg, text, log string) {
	m := Message{Text: text, Log: log}
	if n := len(r.writers); n > 0 {
		site := r.writers[n-1].last
		if site.File == nil {
			site = r.defineStart(r.writers[n-1])
		}
		if site.File != nil {
			from := min(site.Offset, len(site.File.Data))
			if at, ok := callSite(site.File.Data, from, fn, msg); ok {
				site.Offset = at
			}
			m.Span = site.Span()
			m.Span.End = min(m.Span.Start+len(fn), len(site.File.Data))
		}
	}
	r.messages = append(r.messages, m)
}

// defineStart is where the body of the define an include's recorder
// records starts; no file for a template's own recorder, or a define
// whose file the render does not know (one a tpl text defines).
func (r *run) defineStart(rec *recorder) Origin {
	if rec.set == nil {
		return Origin{}
	}
	t := rec.set.Lookup(rec.define)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return Origin{}
	}
	return Origin{File: r.files[t.Tree.ParseName], Offset: int(t.Tree.Root.Pos)}
}

// callSite finds, in data from offset from, the call of fn that said msg:
// the first call of fn whose message is msg as a string literal, or else
// the first whose message is not a literal, or else the first.
func callSite(data []byte, from int, fn, msg string) (int, bool) {
	first, computed := -1, -1
	for at := from; at < len(data); at += len(fn) {
		i := bytes.Index(data[at:], []byte(fn))
		if i < 0 {
			break
		}
		at += i
		if !isCallOf(data, at, fn) {
			continue
		}
		lit, isLiteral := literalAfter(data[at+len(fn):])
		switch {
		case isLiteral && lit == msg:
			return at, true
		case !isLiteral && computed < 0:
			computed = at
		case first < 0:
			first = at
		}
	}
	if computed >= 0 {
		return computed, true
	}
	return first, first >= 0
}

// isCallOf reports whether the fn at offset at of data is the function's
// name, not part of a longer word: a space, tab or line break follows it,
// and no letter, digit, '.', '$' or '_' precedes it.
func isCallOf(data []byte, at int, fn string) bool {
	end := at + len(fn)
	if end >= len(data) || !strings.ContainsRune(" \t\r\n", rune(data[end])) {
		return false
	}
	if at == 0 {
		return true
	}
	c := data[at-1]
	word := c == '.' || c == '$' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	return !word
}

// literalAfter is the string literal that rest starts with after blanks.
func literalAfter(rest []byte) (string, bool) {
	quoted, err := strconv.QuotedPrefix(strings.TrimLeft(string(rest[:min(len(rest), 4096)]), " \t\r\n"))
	if err != nil {
		return "", false
	}
	s, err := strconv.Unquote(quoted)
	return s, err == nil
}
