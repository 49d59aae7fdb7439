package render

import (
	"bytes"
	"cmp"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"text/template"
	"text/template/parse"
	"unsafe"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/cores"
)

// Helm executes a chart tree's templates one by one in parse order, and a
// template sees what the earlier ones wrote into the data they share: sprig's
// set, unset and merge functions write into their map arguments, sortAlpha
// sorts a []string in place, and every execution sets .Template on its
// chart's top-level object. With enough cores (minParallelCores),
// chartwright executes the templates on all of them, each worker with its
// own copy of the template set, of the charts' top-level objects (so that
// each sets .Template as a sequential execution would have at that point)
// and of the run state, and everything else shared read-only: a worker
// never writes into shared data. Where a template would, or where a
// worker's state could otherwise differ from a sequential execution's, the
// parallel execution stops: that template and the ones after it are executed
// sequentially, once the ones before it are done.

// minParallel is the fewest templates worth executing in parallel.
// Preparing the workers costs 0.1-0.3 ms, mostly copying the template set;
// in the corpus, charts with fewer templates take about twice that to
// execute, or less.
const minParallel = 8

// minParallelCores is the fewest cores on which templates execute in
// parallel. On two, measured on the corpus's largest charts, a parallel
// execution took a tenth less time for a tenth more CPU in `template`, and
// no less time in `lint`, whose rules keep the other core busy: the
// workers' copies and the memory each touches cost about what they save.
const minParallelCores = 4

// result is what executing one template produced.
type result struct {
	rendered *Rendered
	err      *Error
	// messages are what required and fail said in lint mode.
	messages []Message
	// tpl is the latest text that tpl defined as tplName in the run's set.
	tpl *parse.Tree
}

// executeAll executes the templates execs, whose charts' top-level objects
// are tops, and returns their results in order, as a sequential execution
// in that order would produce them.
func (r *run) executeAll(root *template.Template, execs []*job, tops []map[string]any) []result {
	workers := min(cores.N(), len(execs))
	if len(execs) < minParallel || cores.N() < minParallelCores {
		workers = 1
	}
	results, _ := r.executeOn(workers, root, execs, tops)
	return results
}

// executeOn executes the templates on that many workers, and returns their
// results and the index of the first template it executed sequentially
// (len(execs) if none).
func (r *run) executeOn(workers int, root *template.Template, execs []*job, tops []map[string]any) ([]result, int) {
	results := make([]result, len(execs))
	from := 0
	if workers > 1 {
		from = r.executeParallel(root, execs, tops, workers, results)
	}
	if from < len(execs) {
		r.resume(root, execs, tops, results, from)
	}
	return results, from
}

// executeParallel executes the templates on n workers into results, and
// returns the index of the first template whose result a sequential
// execution could have made different (len(execs) if none): that result and
// the following ones are to be dropped. The workers copy the template set
// while the guard learns what they share, and whether a template source
// names tpl's template, which would stop the execution at once.
func (r *run) executeParallel(root *template.Template, execs []*job, tops []map[string]any, n int, results []result) int {
	g := newGuard(len(execs))
	state := r.engine.newTemplateState(execs, len(tops))
	order := largestFirst(execs)
	ready := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := make([]*worker, n)
	for i := range workers {
		w := &worker{tops: privateTops(tops)}
		workers[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.prepare(r, root, g)
			<-ready
			w.work(execs, order, state, &next, results)
		}()
	}
	// Templates that follow read what a template writes into the private
	// top-level objects too.
	for _, w := range workers {
		g.shared.add(w.tops)
	}
	g.shared.add(tops)
	g.shared.add(state.objects)
	if mentionsTplName(r.files) {
		g.stopAt.Store(0)
	}
	close(ready)
	wg.Wait()
	return g.first()
}

// resume executes the templates from index from on sequentially, in the
// state that executing the ones before left: .Template set on the charts'
// top-level objects, and tplName defined in the set by the latest tpl
// text that defined it.
func (r *run) resume(root *template.Template, execs []*job, tops []map[string]any, results []result, from int) {
	for _, j := range execs[:from] {
		tops[j.chart]["Template"] = r.engine.templateObject(j)
	}
	for k := from - 1; k >= 0; k-- {
		if tree := results[k].tpl; tree != nil {
			if _, err := defineTpl(root, tree); err != nil {
				panic(err) // it cannot fail: a copy of root defined tree so
			}
			break
		}
	}
	for k := from; k < len(execs) && r.ctx.Err() == nil; k++ {
		results[k] = r.executeOne(root, execs[k], tops)
	}
}

// executeOne executes template j in set, Helm's way: with its chart's
// shared top-level object, whose .Template it sets.
func (r *run) executeOne(set *template.Template, j *job, tops []map[string]any) result {
	top := tops[j.chart]
	top["Template"] = r.engine.templateObject(j)
	return r.record(set, j, top)
}

// record executes template j and returns its result.
func (r *run) record(set *template.Template, j *job, top map[string]any) result {
	before := len(r.messages)
	r.tplDefined = nil
	rendered, err := r.execute(set, j, top)
	return result{rendered: rendered, err: err, messages: r.messages[before:], tpl: r.tplDefined}
}

// mentionsTplName reports whether a template source contains the name of
// tpl's templates. Which text that name refers to in the template set
// depends on every tpl call executed before, which only a sequential
// execution reproduces.
func mentionsTplName(files map[string]*source.File) bool {
	for _, f := range files {
		if bytes.Contains(f.Data, []byte(tplName)) {
			return true
		}
	}
	return false
}

// worker executes templates in its own template set, with its own copies of
// the charts' top-level objects.
type worker struct {
	run  *run
	set  *template.Template
	tops []map[string]any
}

// prepare gives the worker its copy of the template set, whose functions
// use the worker's own run, guarded by g.
func (w *worker) prepare(r *run, root *template.Template, g *guard) {
	w.run = newRun(r.ctx, r.engine, r.written)
	w.run.files, w.run.index, w.run.guard = r.files, r.index, g
	w.run.chartDefinesTplName = r.chartDefinesTplName
	w.set = template.Must(root.Clone())
	w.run.set, w.run.inSet = w.set, maps.Clone(r.inSet)
	w.run.addFuncs(w.run.ownFuncs(w.set))
}

// privateTops copies the charts' top-level objects and their .Subcharts,
// which refer to the copies.
func privateTops(tops []map[string]any) []map[string]any {
	copies := make([]map[string]any, len(tops))
	index := make(map[unsafe.Pointer]int, len(tops))
	for i, top := range tops {
		copies[i] = maps.Clone(top)
		index[mapAddress(top)] = i
	}
	for _, top := range copies {
		subs := maps.Clone(top["Subcharts"].(map[string]any))
		for name, sub := range subs {
			subs[name] = copies[index[mapAddress(sub.(map[string]any))]]
		}
		top["Subcharts"] = subs
	}
	return copies
}

// largestFirst is the order in which workers take the templates: the
// largest sources, which tend to take longest, first, so that no worker is
// left with a long one at the end.
func largestFirst(execs []*job) []int {
	order := make([]int, len(execs))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(len(execs[b].file.Data), len(execs[a].file.Data)) })
	return order
}

// work executes templates, taking the next one of order, until there are
// none left, skipping those from the first the guard stopped at on.
func (w *worker) work(execs []*job, order []int, state templateState, next *atomic.Int64, results []result) {
	r := w.run
	for i := int(next.Add(1) - 1); i < len(order); i = int(next.Add(1) - 1) {
		k := order[i]
		if k >= r.guard.first() || r.ctx.Err() != nil {
			continue
		}
		j := execs[k]
		state.apply(k, w.tops)
		r.job = k
		results[k] = r.record(w.set, j, w.tops[j.chart])
		if len(r.writers) > 0 {
			// A panic left includes open, and their depth counts, which a
			// sequential execution carries to the templates after this one.
			r.stop()
			r.active, r.writers = map[string]int{}, nil
		}
	}
}

// templateState is .Template as a sequential execution sets it: objects[k]
// is execution k's, and latest[k][c] the execution whose object chart c's
// top-level object holds while execution k runs (-1: none yet). Templates
// see other charts' through .Subcharts.
type templateState struct {
	objects []any
	latest  [][]int
}

func (e Engine) newTemplateState(execs []*job, charts int) templateState {
	st := templateState{objects: make([]any, len(execs)), latest: make([][]int, len(execs))}
	current := make([]int, charts)
	for c := range current {
		current[c] = -1
	}
	for k, j := range execs {
		st.objects[k] = e.templateObject(j)
		current[j.chart] = k
		st.latest[k] = slices.Clone(current)
	}
	return st
}

// apply sets .Template in tops as it is while execution k runs.
func (st templateState) apply(k int, tops []map[string]any) {
	for c, e := range st.latest[k] {
		if e < 0 {
			delete(tops[c], "Template")
		} else {
			tops[c]["Template"] = st.objects[e]
		}
	}
}
