package refs

import (
	"cmp"
	"slices"
	"sort"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// TargetKind tells what a Target is.
type TargetKind uint8

// Kinds of targets, in the order At prefers them when two share a span (a
// block's name defines and calls).
const (
	// TargetValues is an element of a .Values path.
	TargetValues TargetKind = iota + 1
	// TargetBuiltin is a field of a chart's top-level object: .Chart.Name,
	// .Release.Namespace, .Capabilities.KubeVersion.Version, .Files.Get,
	// .Template.Name, .Subcharts.x, and .Values itself.
	TargetBuiltin
	// TargetDefine is the name of a define or block.
	TargetDefine
	// TargetCall is the name an include or template call calls.
	TargetCall
	// TargetFunction is a function name.
	TargetFunction
	// TargetVariable is a variable.
	TargetVariable
)

var targetKindNames = [...]string{"none", "values", "builtin", "define", "call", "function", "variable"}

// String names the kind.
func (k TargetKind) String() string {
	if int(k) < len(targetKindNames) {
		return targetKindNames[k]
	}
	return "unknown"
}

// Target is a name written in a template, as At finds it: what it names
// and where.
type Target struct {
	Kind TargetKind
	// Span is the name as written: a field's name without its dot, a
	// string (a values key given to index, a template name) with its
	// quotes, a function's or variable's name.
	Span source.Span
	// Chart is the chart whose values (TargetValues) or top-level object
	// (TargetBuiltin) the name is in.
	Chart *chart.Chart
	// Path is the values path (TargetValues) or the field chain from the
	// top-level object (TargetBuiltin, ["Chart", "Name"]) up to and
	// including the name at Span; FullPath is all of it as read there.
	Path, FullPath []string
	// Reads are the reads with an element at Span (TargetValues): one per
	// context the template runs with and per root path. Chart, Path and
	// FullPath are the first's.
	Reads []*Read
	// Call is the include or template call whose name is at Span
	// (TargetCall).
	Call *Call
	// Define is the definition named (TargetDefine) or called (TargetCall;
	// nil when unknown).
	Define *Define
	// Name is the function, or the variable with its "$" (TargetFunction,
	// TargetVariable).
	Name string
	// Decl is the variable's declaration (TargetVariable; the zero Span for
	// $ and undeclared variables).
	Decl source.Span
}

// use is a path written in a template: a chain of fields of a chart's
// top-level object (TargetBuiltin) or a values path (TargetValues), with
// where its elements are written (zero Spans for those that are not).
type use struct {
	kind  TargetKind
	chart *chart.Chart
	path  []string
	spans []source.Span
}

// use records the path of kind in c's values or top-level object written
// at spans. The analysis runs each body once per context, so a name is
// recorded once per context: At shows the first context's path (and the
// reads of every context).
func (a *analyzer) use(kind TargetKind, c *chart.Chart, path []string, spans []source.Span) {
	if slices.ContainsFunc(spans, written) {
		if len(a.uses) == cap(a.uses) {
			// Double: append grows a long slice by a quarter, which for
			// the ten thousand uses of a big chart allocates five times
			// the final slice.
			a.uses = slices.Grow(a.uses, max(len(a.uses), 64))
		}
		a.uses = append(a.uses, use{kind: kind, chart: c, path: path, spans: spans})
	}
}

// readElement is the kind of the targets of reads' path elements, which
// At gathers with the TargetValues at their span.
const readElement TargetKind = 255

// fileIndex is what the index knows of one template file for At and DotAt.
type fileIndex struct {
	chart  *chart.Chart
	parsed bool
	// targets are the names written in the file, sorted by span, kind and
	// reference; decls its variable declarations, which variable targets
	// refer to. Both are gathered when first asked for: the linter, which
	// builds most indexes, never asks.
	gathered sync.Once
	targets  []target
	decls    []source.Span
	// dots are what . stands for in the bodies of the file's with and range
	// blocks, keyed by the offset of their pipeline, and of its defines,
	// keyed by the offset of their name. Nil when the file does not parse.
	dots map[int][]Dot
}

// target is a name of a file: its kind, where it is written, and what it
// refers to in the index: a read and its path element (TargetValues), a
// built-in use and its field (TargetBuiltin), a define, a call, or a
// variable declaration (-1 for none).
type target struct {
	start, end int32
	kind       TargetKind
	elem       int16
	ref        int32
}

func (fi *fileIndex) add(sp source.Span, kind TargetKind, elem int, ref int32) {
	fi.targets = append(fi.targets, target{start: int32(sp.Start), end: int32(sp.End), kind: kind, elem: int16(elem), ref: ref})
}

// targetsOf returns the sorted targets of file, gathering them the first
// time: the path elements of reads and the paths written, define and
// called names, and the function and variable names of the file's bodies.
func (ix *Index) targetsOf(file *source.File, fi *fileIndex) []target {
	fi.gathered.Do(func() {
		add := func(sp source.Span, kind TargetKind, elem, ref int) {
			if sp.File == file {
				fi.add(sp, kind, elem, int32(ref))
			}
		}
		for i, r := range ix.allReads() {
			for j, sp := range r.PathSpans {
				add(sp, readElement, j, i)
			}
		}
		for i, u := range ix.uses {
			for j, sp := range u.spans {
				add(sp, u.kind, j, i)
			}
		}
		x := &syntax{names: fi}
		for i, d := range ix.defines {
			if d.tree.file.src != file {
				continue
			}
			if !d.File {
				add(d.Span, TargetDefine, 0, i)
			}
			x.body(d.tree.file, d.tree.tree.Root)
		}
		for i, c := range ix.calls {
			if c.Kind != Tpl && !c.Dynamic {
				add(c.NameSpan, TargetCall, 0, i)
			}
		}
		slices.SortFunc(fi.targets, func(a, b target) int {
			return cmp.Or(cmp.Compare(a.spanKey(), b.spanKey()), cmp.Compare(a.refKey(), b.refKey()))
		})
	})
	return fi.targets
}

// spanKey orders targets by start, then end; refKey by kind, reference
// and element.
func (t target) spanKey() uint64 { return uint64(uint32(t.start))<<32 | uint64(uint32(t.end)) }

func (t target) refKey() uint64 {
	return uint64(t.kind)<<48 | uint64(uint32(t.ref))<<16 | uint64(uint16(t.elem))
}

// At returns the name written at offset in file (offset in the name or at
// its end), or false when there is none. It answers for files that parse.
func (ix *Index) At(file *source.File, offset int) (Target, bool) {
	ix.mustNavigate()
	fi := ix.files[file]
	if fi == nil {
		return Target{}, false
	}
	ts := ix.targetsOf(file, fi)
	i := sort.Search(len(ts), func(i int) bool { return int(ts[i].end) >= offset })
	if i < len(ts) && int(ts[i].end) == offset && i+1 < len(ts) && int(ts[i+1].start) == offset {
		i++ // a name that starts at offset wins over one that ends there
	}
	if i == len(ts) || int(ts[i].start) > offset {
		return Target{}, false
	}
	same := ts[i:]
	for j, t := range same {
		if t.start != same[0].start || t.end != same[0].end {
			same = same[:j]
			break
		}
	}
	return ix.target(file, same), true
}

// target builds the Target of the targets same, which share a span,
// sorted by kind: the first kind's, with the reads of a values path.
func (ix *Index) target(file *source.File, same []target) Target {
	first := same[0]
	kind := first.kind
	if kind == readElement {
		kind = TargetValues
	}
	t := Target{Kind: kind, Span: source.Span{File: file, Start: int(first.start), End: int(first.end)}}
	switch first.kind {
	case TargetValues, TargetBuiltin:
		u := ix.uses[first.ref]
		t.Chart, t.Path, t.FullPath = u.chart, u.path[:first.elem+1], u.path
		t.Reads = ix.readsAt(same)
	case readElement:
		t.Reads = ix.readsAt(same)
		r := t.Reads[0]
		t.Chart, t.Path, t.FullPath = r.Chart, r.Path[:first.elem+1], r.Path
	case TargetDefine:
		t.Define = ix.defines[first.ref]
	case TargetCall:
		t.Call = &ix.calls[first.ref]
		t.Define = t.Call.Define
	case TargetFunction:
		t.Name = string(file.Data[first.start:first.end])
	case TargetVariable:
		t.Name = string(file.Data[first.start:first.end])
		if first.ref >= 0 {
			t.Decl = ix.files[file].decls[first.ref]
		}
	}
	return t
}

// readsAt returns the reads among targets.
func (ix *Index) readsAt(targets []target) []*Read {
	var out []*Read
	for _, t := range targets {
		if t.kind == readElement {
			out = append(out, ix.read(int(t.ref)))
		}
	}
	return out
}
