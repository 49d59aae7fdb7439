package render

import (
	"errors"
	"reflect"
	"sync/atomic"
	"text/template"
	"unsafe"

	"github.com/chartwright/chartwright/render/internal/chartutil"
	"github.com/chartwright/chartwright/render/internal/sprigfuncs"
)

// guard keeps the workers of a parallel execution from writing into the data
// they share, and stops the parallel execution where it could differ from a
// sequential one.
type guard struct {
	shared *sharedSet
	// stopAt is the index of the first template, in Helm's order, whose
	// result the parallel execution cannot give.
	stopAt atomic.Int64
}

func newGuard(templates int) *guard {
	g := &guard{shared: newSharedSet()}
	g.stopAt.Store(int64(templates))
	return g
}

// first is the index of the first template whose result the parallel
// execution cannot give: the templates from there on are executed
// sequentially.
func (g *guard) first() int { return int(g.stopAt.Load()) }

// errStopped is what a worker's template gets in place of a result when the
// guard stops the parallel execution there; the result is then dropped.
var errStopped = errors.New("parallel execution stopped")

// stop stops the parallel execution at the template the run executes.
func (r *run) stop() error {
	for at := r.guard.stopAt.Load(); int64(r.job) < at; at = r.guard.stopAt.Load() {
		if r.guard.stopAt.CompareAndSwap(at, int64(r.job)) {
			break
		}
	}
	return errStopped
}

// guardedWriters are sprig's functions that write into their arguments,
// guarded: in place of writing into shared data, they stop the parallel
// execution. The rest of the function map only reads its arguments.
func (r *run) guardedWriters() template.FuncMap {
	shared := r.guard.shared
	guarding := cycleGuardingWriters()
	return template.FuncMap{
		"set": func(d map[string]any, key string, value any) (map[string]any, error) {
			if shared.has(d) {
				return nil, r.stop()
			}
			return cycleGuardingSet(d, key, value)
		},
		"unset": func(d map[string]any, key string) (map[string]any, error) {
			if shared.has(d) {
				return nil, r.stop()
			}
			return sprigWriters.unset(d, key), nil
		},
		"merge":              r.guardMerge(guarding["merge"].(mergeFunc)),
		"mustMerge":          r.guardMerge(guarding["mustMerge"].(mergeFunc)),
		"mergeOverwrite":     r.guardMerge(guarding["mergeOverwrite"].(mergeFunc)),
		"mustMergeOverwrite": r.guardMerge(guarding["mustMergeOverwrite"].(mergeFunc)),
		"sortAlpha": func(list any) ([]string, error) {
			if s, ok := list.([]string); ok && shared.overlaps(s) {
				return nil, r.stop()
			}
			return sprigWriters.sortAlpha(list), nil
		},
	}
}

// mergeFunc is the form of sprig's merge functions, errors made explicit.
type mergeFunc func(dst map[string]any, srcs ...map[string]any) (any, error)

func withNoError(merge func(map[string]any, ...map[string]any) any) mergeFunc {
	return func(dst map[string]any, srcs ...map[string]any) (any, error) { return merge(dst, srcs...), nil }
}

// guardMerge guards a merge function. mergo writes into dst and into the
// maps and pointed-to values it holds, which include, merging several
// sources, what the earlier ones hold: it puts their entries into dst. The
// sources themselves are only read.
func (r *run) guardMerge(merge mergeFunc) mergeFunc {
	shared := r.guard.shared
	return func(dst map[string]any, srcs ...map[string]any) (any, error) {
		if shared.reaches(dst) {
			return nil, r.stop()
		}
		for _, src := range srcs[:max(len(srcs)-1, 0)] {
			for _, v := range src {
				if shared.reaches(v) {
					return nil, r.stop()
				}
			}
		}
		return merge(dst, srcs...)
	}
}

// sprigWriters are the unguarded functions.
var sprigWriters = func() (w struct {
	set                           func(map[string]any, string, any) map[string]any
	unset                         func(map[string]any, string) map[string]any
	merge, mergeOverwrite         func(map[string]any, ...map[string]any) any
	mustMerge, mustMergeOverwrite func(map[string]any, ...map[string]any) (any, error)
	sortAlpha                     func(any) []string
}) {
	f := sprigfuncs.Map
	w.set = f["set"].(func(map[string]any, string, any) map[string]any)
	w.unset = f["unset"].(func(map[string]any, string) map[string]any)
	w.merge = f["merge"].(func(map[string]any, ...map[string]any) any)
	w.mergeOverwrite = f["mergeOverwrite"].(func(map[string]any, ...map[string]any) any)
	w.mustMerge = f["mustMerge"].(func(map[string]any, ...map[string]any) (any, error))
	w.mustMergeOverwrite = f["mustMergeOverwrite"].(func(map[string]any, ...map[string]any) (any, error))
	w.sortAlpha = f["sortAlpha"].(func(any) []string)
	return w
}()

// sharedSet is the data that templates executed in parallel share, as far
// as templates can write into it: maps and pointed-to values by address, and
// the backing arrays of string slices.
type sharedSet struct {
	refs    map[unsafe.Pointer]bool
	strings []memRange
}

// memRange is the memory from start up to end.
type memRange struct{ start, end uintptr }

func newSharedSet() *sharedSet { return &sharedSet{refs: map[unsafe.Pointer]bool{}} }

// add records x and everything reachable from it.
func (s *sharedSet) add(x any) {
	walk(x, func(v reflect.Value) bool {
		if v.Kind() == reflect.Slice {
			start := uintptr(v.UnsafePointer())
			s.strings = append(s.strings, memRange{start, start + uintptr(v.Cap())*unsafe.Sizeof("")})
			return false
		}
		p := v.UnsafePointer()
		if s.refs[p] {
			return false
		}
		s.refs[p] = true
		return true
	})
}

// has reports whether m is shared.
func (s *sharedSet) has(m map[string]any) bool { return m != nil && s.refs[mapAddress(m)] }

// reaches reports whether x is, or holds, a shared map or pointer.
func (s *sharedSet) reaches(x any) bool {
	return reaches(x, func(p unsafe.Pointer) bool { return s.refs[p] })
}

// overlaps reports whether sorting list would write into a shared string slice.
func (s *sharedSet) overlaps(list []string) bool {
	if len(list) < 2 {
		return false
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(list)))
	end := start + uintptr(len(list))*unsafe.Sizeof("")
	for _, r := range s.strings {
		if start < r.end && r.start < end {
			return true
		}
	}
	return false
}

func mapAddress(m map[string]any) unsafe.Pointer { return reflect.ValueOf(m).UnsafePointer() }

// walk calls enter with every non-nil map and pointer and every []string
// reachable from x through interfaces, maps, pointers, slices, arrays and
// struct fields; it goes inside a map or pointer only if enter returns true.
// Values' own types take a fast path.
func walk(x any, enter func(reflect.Value) bool) {
	switch x := x.(type) {
	case nil, string, bool, int, int64, float64:
	case map[string]any:
		walkMap(x, enter)
	case Values:
		walkMap(x, enter)
	case chartutil.Values:
		walkMap(x, enter)
	case []any:
		for _, e := range x {
			walk(e, enter)
		}
	default:
		walkValue(reflect.ValueOf(x), enter)
	}
}

func walkMap(m map[string]any, enter func(reflect.Value) bool) {
	if m == nil || !enter(reflect.ValueOf(m)) {
		return
	}
	for _, e := range m {
		walk(e, enter)
	}
}

func walkValue(v reflect.Value, enter func(reflect.Value) bool) {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		if e := v.Elem(); e.CanInterface() {
			walk(e.Interface(), enter)
		} else {
			walkValue(e, enter)
		}
	case reflect.Map:
		if v.IsNil() || !enter(v) || !mayHoldRefs(v.Type().Elem()) {
			return
		}
		for it := v.MapRange(); it.Next(); {
			walkValue(it.Value(), enter)
		}
	case reflect.Pointer:
		if !v.IsNil() && enter(v) {
			walkValue(v.Elem(), enter)
		}
	case reflect.Slice:
		if v.Type() == stringsType {
			enter(v)
			return
		}
		walkElems(v, enter)
	case reflect.Array:
		walkElems(v, enter)
	case reflect.Struct:
		for i := range v.NumField() {
			walkValue(v.Field(i), enter)
		}
	}
}

func walkElems(v reflect.Value, enter func(reflect.Value) bool) {
	if !mayHoldRefs(v.Type().Elem()) {
		return
	}
	for i := range v.Len() {
		walkValue(v.Index(i), enter)
	}
}

var stringsType = reflect.TypeFor[[]string]()

// mayHoldRefs reports whether values of type t can hold maps, pointers or
// string slices.
func mayHoldRefs(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface, reflect.Map, reflect.Pointer, reflect.Struct:
		return true
	case reflect.Slice:
		return t == stringsType || mayHoldRefs(t.Elem())
	case reflect.Array:
		return mayHoldRefs(t.Elem())
	}
	return false
}
