package render

import (
	"sync"
	"sync/atomic"
	"text/template"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/internal/fastparse"
)

// ParseCache keeps the parse trees of template files, so that everything
// done with one chart tree parses each file once: lint renders a chart once
// per values set and also indexes it with render/refs (a ParseCache is a
// refs.Parser). Files are parsed as a render parses them, checking function
// names against Helm's function map for one Helm mode. The trees are shared:
// nothing may modify them (text/template and render/refs only read them).
// A ParseCache is safe for concurrent use; a file being parsed by one
// goroutine is waited for by the others.
type ParseCache struct {
	helm3 bool
	funcs template.FuncMap

	mu      sync.Mutex
	entries map[parseKey]*parseEntry
	// allocators give the trees their nodes; one goroutine's parses share
	// one, and with it the node arrays.
	allocators sync.Pool
}

// parseKey is a template file under the name it is parsed as: a subchart
// renamed by an alias names its files differently in the renders.
type parseKey struct {
	file *source.File
	name string
}

// parseEntry is a file's parse, done once.
type parseEntry struct {
	once sync.Once
	parsedFile
}

// NewParseCache returns an empty cache for renders in the Helm mode.
func NewParseCache(helm3 bool) *ParseCache {
	c := &ParseCache{helm3: helm3, funcs: funcMap(helm3), entries: map[parseKey]*parseEntry{}}
	c.allocators.New = func() any { return fastparse.NewAllocator() }
	return c
}

// Parse returns the trees of f parsed as the template name (Helm's name:
// <chart full path>/templates/<file>), its own and its defines', keyed by
// template name, or the parse error a render reports. It parses f only the
// first time.
func (c *ParseCache) Parse(name string, f *source.File) (map[string]*parse.Tree, error) {
	e := c.entry(parseKey{f, name})
	e.once.Do(func() {
		a := c.allocators.Get().(*fastparse.Allocator)
		e.trees, e.err = fastparse.ParseBytesWith(a, name, f.Data, 0, c.funcs, builtinFuncs)
		c.allocators.Put(a)
	})
	return e.trees, e.err
}

// entry returns the entry of key, adding it if new.
func (c *ParseCache) entry(key parseKey) *parseEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[key]
	if e == nil {
		e = &parseEntry{}
		c.entries[key] = e
	}
	return e
}

// prefetch starts parsing the templates of the chart tree as loaded, root
// chart first, on one goroutine, and returns the function that stops it
// and waits for the file at hand. Template runs it while it processes the
// values, which leaves a core idle; the render stops it when it parses,
// since the rest may not be needed (subcharts that dependency conditions
// disable). Parses are shared through the cache: nothing is parsed twice.
func (c *ParseCache) prefetch(root *chart.Chart) (stop func()) {
	var stopped atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, t := range treeTemplates(root, nil) {
			if stopped.Load() {
				return
			}
			c.Parse(t.Name, t.File)
		}
	}()
	return func() {
		stopped.Store(true)
		<-done
	}
}

// treeTemplates appends the rendered templates of c and of its subcharts,
// chart by chart, parents first.
func treeTemplates(c *chart.Chart, out []chart.NamedTemplate) []chart.NamedTemplate {
	out = append(out, c.RenderedTemplates()...)
	for _, sub := range c.Subcharts {
		out = treeTemplates(sub, out)
	}
	return out
}
