package render

import (
	"bytes"
	"cmp"
	"hash/maphash"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"text/template"
	"text/template/parse"
	"unsafe"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/cores"
	"github.com/chartwright/chartwright/render/internal/fastparse"
)

// ParseCache keeps the parse trees of template files, so that everything
// done with one chart tree parses each file once: lint renders a chart once
// per values set and also indexes it with render/refs (a ParseCache is a
// refs.Parser), and the language server keeps one cache across the
// snapshots of its workspace, so that an edit parses only the file edited.
// Files are parsed as a render parses them, checking function names against
// Helm's function map for one Helm mode, and are known by their name and
// content, not by their source.File. The trees are shared: nothing may
// modify them (text/template and render/refs only read them).
//
// A cache made with a size bound forgets the least recently used files once
// the sources it holds pass the bound. A ParseCache is safe for concurrent
// use; a file being parsed by one goroutine is waited for by the others.
type ParseCache struct {
	helm3 bool
	funcs template.FuncMap
	// maxBytes bounds the bytes of source held; 0: no bound.
	maxBytes int

	mu      sync.Mutex
	entries map[parseKey]*parseEntry
	// byData finds entries by the address of the content they hold.
	byData map[dataKey]*parseEntry
	bytes  int    // of the sources in entries
	clock  uint64 // counts lookups, to date entries' last use
	// parsed counts the parses done, for tests.
	parsed atomic.Int64
	// allocators give the trees their nodes; one goroutine's parses share
	// one, and with it the node arrays.
	allocators sync.Pool
}

// parseKey is a template's content under the name it is parsed as: a
// subchart renamed by an alias names its files differently in the renders.
// Content is known by its hash; the entry keeps the content to compare.
type parseKey struct {
	name string
	hash uint64
}

// dataKey is a template's content under its name by address: a lookup
// with the very bytes an entry holds (a chart's renders and its reads index
// parse the same files) needs neither hashing nor comparing them. The entry
// keeps its bytes, so no other content can be at their address.
type dataKey struct {
	name string
	data *byte
	len  int
}

func dataKeyOf(name string, data []byte) dataKey {
	return dataKey{name, unsafe.SliceData(data), len(data)}
}

// parseEntry is a file's parse, done once.
type parseEntry struct {
	once sync.Once
	data []byte
	used uint64
	parsedFile
}

// hashSeed seeds the content hashes of every cache of the process.
var hashSeed = maphash.MakeSeed()

// NewParseCache returns an empty cache for renders in the Helm mode,
// without a size bound: for work on one chart.
func NewParseCache(helm3 bool) *ParseCache {
	return NewBoundedParseCache(helm3, 0)
}

// NewBoundedParseCache returns an empty cache for renders in the Helm mode
// that keeps the parses of at most maxBytes of template sources (0: no
// bound), forgetting the least recently used.
func NewBoundedParseCache(helm3 bool, maxBytes int) *ParseCache {
	c := &ParseCache{helm3: helm3, funcs: funcMap(helm3), maxBytes: maxBytes,
		entries: map[parseKey]*parseEntry{}, byData: map[dataKey]*parseEntry{}}
	c.allocators.New = func() any { return fastparse.NewAllocator() }
	return c
}

// Parse returns the trees of f parsed as the template name (Helm's name:
// <chart full path>/templates/<file>), its own and its defines', keyed by
// template name, or the parse error a render reports. It parses f only the
// first time the cache sees that name with that content.
func (c *ParseCache) Parse(name string, f *source.File) (map[string]*parse.Tree, error) {
	p := c.parseFile(name, f)
	return p.trees, p.err
}

// parseFile is Parse returning the functions the file calls too.
func (c *ParseCache) parseFile(name string, f *source.File) parsedFile {
	e := c.entry(name, f.Data)
	e.once.Do(func() {
		a := c.allocators.Get().(*fastparse.Allocator)
		e.trees, e.calls, e.err = fastparse.ParseBytesCalls(a, name, e.data, 0, c.funcs, builtinFuncs)
		c.allocators.Put(a)
		c.parsed.Add(1)
	})
	return e.parsedFile
}

// entry returns the entry of the name and content, adding it if new.
func (c *ParseCache) entry(name string, data []byte) *parseEntry {
	c.mu.Lock()
	c.clock++
	if e := c.byData[dataKeyOf(name, data)]; e != nil {
		e.used = c.clock
		c.mu.Unlock()
		return e
	}
	c.mu.Unlock()
	key := parseKey{name, maphash.Bytes(hashSeed, data)}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[key]
	if e != nil && !bytes.Equal(e.data, data) {
		c.remove(key) // a hash collision: the newer content wins
		e = nil
	}
	if e == nil {
		e = &parseEntry{data: data, used: c.clock}
		c.entries[key] = e
		c.byData[dataKeyOf(name, data)] = e
		c.bytes += len(data)
		c.evict()
	}
	e.used = c.clock
	return e
}

// evict forgets the least recently used entries until the sources held
// are within three quarters of the bound, once they pass it.
func (c *ParseCache) evict() {
	if c.maxBytes == 0 || c.bytes <= c.maxBytes {
		return
	}
	keys := slices.Collect(maps.Keys(c.entries))
	slices.SortFunc(keys, func(a, b parseKey) int { return cmp.Compare(c.entries[a].used, c.entries[b].used) })
	for _, k := range keys {
		if c.bytes <= c.maxBytes/4*3 {
			break
		}
		c.remove(k)
	}
}

func (c *ParseCache) remove(key parseKey) {
	e := c.entries[key]
	c.bytes -= len(e.data)
	delete(c.entries, key)
	delete(c.byData, dataKeyOf(key.name, e.data))
}

// prefetch starts parsing the templates of the chart tree as loaded, root
// chart first, on one goroutine, and returns the function that stops it
// and waits for the file at hand. Template runs it while it processes the
// values, which leaves a core idle; the render stops it when it parses,
// since the rest may not be needed (subcharts that dependency conditions
// disable). Parses are shared through the cache: nothing is parsed twice.
// On one core there is no idle core, and nothing to start.
func (c *ParseCache) prefetch(root *chart.Chart) (stop func()) {
	if cores.N() == 1 {
		return func() {}
	}
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
