package render

import (
	"fmt"
	"reflect"
	"slices"
	"text/template"
	"unsafe"

	"github.com/chartwright/chartwright/render/internal/chartutil"
	"github.com/chartwright/chartwright/render/internal/sprigfuncs"
)

// acyclicWriters are sprig's set and merge functions made to fail where
// they would make a dict hold itself through plain dicts and lists only
// ({{ set $d "self" $d }}): fmt would print it until the stack overflows,
// and Helm crashes there. A cycle through a value of a Values type (the
// top-level object, .Values, .Template) is allowed, as Helm allows it:
// charts write {{ set . "root" . }} to carry the top-level object along,
// and the Values types print such a cycle safely (see tables.Format).
// merge also fails when its destination and a source both hold
// themselves, which sprig's merge would follow without end. Otherwise
// they are sprig's.
func acyclicWriters() template.FuncMap {
	return template.FuncMap{
		"set":                acyclicSet,
		"merge":              acyclicMerge("merge", withNoError(sprigWriters.merge)),
		"mustMerge":          acyclicMerge("mustMerge", sprigWriters.mustMerge),
		"mergeOverwrite":     acyclicMerge("mergeOverwrite", withNoError(sprigWriters.mergeOverwrite)),
		"mustMergeOverwrite": acyclicMerge("mustMergeOverwrite", sprigWriters.mustMergeOverwrite),
	}
}

// cycleSafeReaders are the functions that would follow a value that holds
// itself without end (Helm overflows its stack there) made to fail
// instead: sprig's deep copies, and the TOML and pretty YAML encoders,
// which, unlike JSON's, do not look for cycles. toYaml and toJson give ""
// for such a value, as in Helm.
func cycleSafeReaders() template.FuncMap {
	deepCopy := sprigfuncs.Map["deepCopy"].(func(any) any)
	mustDeepCopy := sprigfuncs.Map["mustDeepCopy"].(func(any) (any, error))
	return template.FuncMap{
		"deepCopy": func(v any) (any, error) {
			return refuseCycle("deepCopy", v, func() (any, error) { return deepCopy(v), nil })
		},
		"mustDeepCopy": func(v any) (any, error) {
			return refuseCycle("mustDeepCopy", v, func() (any, error) { return mustDeepCopy(v) })
		},
		"toToml": func(v any) (string, error) {
			return refuseCycle("toToml", v, func() (string, error) { return toTOML(v), nil })
		},
		"toYamlPretty": func(v any) (string, error) {
			return refuseCycle("toYamlPretty", v, func() (string, error) { return toYAMLPretty(v), nil })
		},
	}
}

// cyclic reports whether v holds a map or pointer that holds itself, by
// any path.
func cyclic[V any](v V) bool {
	return isCyclic(reflect.ValueOf(v), map[unsafe.Pointer]bool{}, map[unsafe.Pointer]bool{}, false)
}

// refuseCycle is f(), or an error naming the function when v holds itself.
func refuseCycle[T any](name string, v any, f func() (T, error)) (T, error) {
	if cyclic(v) {
		var zero T
		return zero, fmt.Errorf("%s: the value holds itself", name)
	}
	return f()
}

func acyclicSet(d map[string]any, key string, value any) (map[string]any, error) {
	if at := mapAddress(d); d != nil && reachesBare(value, at, map[unsafe.Pointer]bool{}) {
		return nil, fmt.Errorf("set: %q would make the dict contain itself", key)
	}
	return sprigWriters.set(d, key, value), nil
}

// reachesBare reports whether x is, or holds through plain maps and lists,
// the map at address at; values of the Values types end the search.
func reachesBare(x any, at unsafe.Pointer, seen map[unsafe.Pointer]bool) bool {
	switch x := x.(type) {
	case nil, string, bool, int, int64, float64, Values, chartutil.Values:
		return false
	case map[string]any:
		if x == nil {
			return false
		}
		p := mapAddress(x)
		if p == at {
			return true
		}
		if seen[p] {
			return false
		}
		seen[p] = true
		for _, e := range x {
			if reachesBare(e, at, seen) {
				return true
			}
		}
		return false
	case []any:
		for _, e := range x {
			if reachesBare(e, at, seen) {
				return true
			}
		}
		return false
	}
	return reaches(x, func(p unsafe.Pointer) bool { return p == at }) // other shapes: any path counts
}

// acyclicMerge is a merge that fails when its destination and a source
// both hold themselves (sprig's merge would follow the two without end),
// or when its result would hold itself through plain dicts and lists.
func acyclicMerge(name string, merge mergeFunc) mergeFunc {
	return func(dst map[string]any, srcs ...map[string]any) (any, error) {
		if cyclic(dst) && slices.ContainsFunc(srcs, cyclic[map[string]any]) {
			return nil, fmt.Errorf("%s: the dict merged into and a dict merged both hold themselves", name)
		}
		res, err := merge(dst, srcs...)
		if err == nil && isCyclic(reflect.ValueOf(dst), map[unsafe.Pointer]bool{}, map[unsafe.Pointer]bool{}, true) {
			return nil, fmt.Errorf("%s: the merged dict would contain itself", name)
		}
		return res, err
	}
}

// The Values types, whose printing guards against cycles.
var (
	valuesType  = reflect.TypeFor[Values]()
	values3Type = reflect.TypeFor[chartutil.Values]()
)

// reaches reports whether x is, or holds, a map or pointer whose address
// hit is true of.
func reaches(x any, hit func(unsafe.Pointer) bool) bool {
	found := false
	seen := map[unsafe.Pointer]bool{}
	walk(x, func(v reflect.Value) bool {
		if found || v.Kind() == reflect.Slice {
			return false
		}
		p := v.UnsafePointer()
		found = hit(p)
		if found || seen[p] {
			return false
		}
		seen[p] = true
		return true
	})
	return found
}

// isCyclic reports whether v holds a map or pointer that holds itself;
// with bare, only cycles through no value of a Values type count. onPath
// are the maps and pointers v is inside of, done those known to hold no
// cycle.
func isCyclic(v reflect.Value, onPath, done map[unsafe.Pointer]bool, bare bool) bool {
	if bare && v.IsValid() && (v.Type() == valuesType || v.Type() == values3Type) {
		return false
	}
	switch v.Kind() {
	case reflect.Interface:
		return !v.IsNil() && isCyclic(v.Elem(), onPath, done, bare)
	case reflect.Map, reflect.Pointer:
		if v.IsNil() {
			return false
		}
		p := v.UnsafePointer()
		if onPath[p] {
			return true
		}
		if done[p] {
			return false
		}
		onPath[p] = true
		if v.Kind() == reflect.Pointer {
			if isCyclic(v.Elem(), onPath, done, bare) {
				return true
			}
		} else if mayHoldRefs(v.Type().Elem()) {
			for it := v.MapRange(); it.Next(); {
				if isCyclic(it.Value(), onPath, done, bare) {
					return true
				}
			}
		}
		delete(onPath, p)
		done[p] = true
	case reflect.Slice, reflect.Array:
		if !mayHoldRefs(v.Type().Elem()) {
			return false
		}
		for i := range v.Len() {
			if isCyclic(v.Index(i), onPath, done, bare) {
				return true
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if isCyclic(v.Field(i), onPath, done, bare) {
				return true
			}
		}
	}
	return false
}
