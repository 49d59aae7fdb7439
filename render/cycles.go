package render

import (
	"fmt"
	"reflect"
	"text/template"
	"unsafe"

	"github.com/chartwright/chartwright/render/internal/chartutil"
	"github.com/chartwright/chartwright/render/internal/sprigfuncs"
)

// cycleGuardingWriters are sprig's set and merge functions made to keep
// every cycle printable. A template may make a dict hold itself, and Helm
// lets it as long as nothing prints it: charts write {{ set . "root" . }}
// to carry the top-level object along, and openstack-helm's helm-toolkit
// sets into a dict a copy of .Values that holds that dict. fmt would print
// such a value until the stack overflows, where Helm crashes; so where a
// set or a merge closes a cycle through plain dicts and lists only, the
// entry that closes it is stored as a guardedMap or guardedList, which,
// like the Values types (the top-level object, .Values, .Template), print
// a cycle as a marker the renderer fails the template on (see
// tables.Format). Every cycle thus passes through a value that prints
// safely. merge still fails where sprig's merge would follow the dicts
// without end (see mergeLoops). Otherwise they are sprig's.
func cycleGuardingWriters() template.FuncMap {
	return template.FuncMap{
		"set":                cycleGuardingSet,
		"merge":              cycleGuardingMerge("merge", withNoError(sprigWriters.merge)),
		"mustMerge":          cycleGuardingMerge("mustMerge", sprigWriters.mustMerge),
		"mergeOverwrite":     cycleGuardingMerge("mergeOverwrite", withNoError(sprigWriters.mergeOverwrite)),
		"mustMergeOverwrite": cycleGuardingMerge("mustMergeOverwrite", sprigWriters.mustMergeOverwrite),
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
func cyclic(v any) bool {
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

// cycleGuardingSet is sprig's set, storing value guarded (see guarded)
// where it would make d hold itself through plain dicts and lists; it
// fails where value cannot be guarded.
func cycleGuardingSet(d map[string]any, key string, value any) (map[string]any, error) {
	if at := mapAddress(d); d != nil && reachesBare(value, at, map[unsafe.Pointer]bool{}) {
		safe, ok := guarded(value)
		if !ok {
			return nil, fmt.Errorf("set: %q would make the dict contain itself", key)
		}
		value = safe
	}
	return sprigWriters.set(d, key, value), nil
}

// reachesBare reports whether x is, or holds through plain maps and lists,
// the map at address at; values of the types that print cycles safely end
// the search.
func reachesBare(x any, at unsafe.Pointer, seen map[unsafe.Pointer]bool) bool {
	switch x := x.(type) {
	case nil, string, bool, int, int64, float64, Values, chartutil.Values, guardedMap, guardedList:
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

// cycleGuardingMerge is a merge that fails where sprig's would merge
// without end (see mergeLoops), and that guards the entries with which the
// merge made dicts hold themselves through plain dicts and lists (see
// guardBackEdges). The sources are merged one after the other, as sprig
// merges them, each checked before.
func cycleGuardingMerge(name string, merge mergeFunc) mergeFunc {
	return func(dst map[string]any, srcs ...map[string]any) (any, error) {
		var res any = dst
		for _, src := range srcs {
			if mergeLoops(dst, src) {
				return nil, fmt.Errorf("%s: the dicts merged hold themselves along the same keys, which merging would follow without end", name)
			}
			var err error
			res, err = merge(dst, src)
			guardCycles(dst) // mergo may have written into dst before an error
			if err != nil {
				return res, err
			}
			if _, merged := res.(map[string]any); !merged {
				return res, nil // sprig's merge gives "" for mergo's errors, and stops
			}
		}
		return res, nil
	}
}

// guardCycles guards the entries that close the cycles through plain dicts
// and lists that m is in or holds, if it holds any.
func guardCycles(m map[string]any) {
	if isCyclic(reflect.ValueOf(m), map[unsafe.Pointer]bool{}, map[unsafe.Pointer]bool{}, true) {
		guardBackEdges(m)
	}
}

// printsCyclesSafely reports whether values of type t print a cycle as a
// marker instead of without end: the Values types and the guarded ones.
func printsCyclesSafely(t reflect.Type) bool {
	switch t {
	case valuesType, values3Type, guardedMapType, guardedListType:
		return true
	}
	return false
}

var (
	valuesType      = reflect.TypeFor[Values]()
	values3Type     = reflect.TypeFor[chartutil.Values]()
	guardedMapType  = reflect.TypeFor[guardedMap]()
	guardedListType = reflect.TypeFor[guardedList]()
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
// with bare, only cycles through no value that prints cycles safely count. onPath
// are the maps and pointers v is inside of, done those known to hold no
// cycle.
func isCyclic(v reflect.Value, onPath, done map[unsafe.Pointer]bool, bare bool) bool {
	if bare && v.IsValid() && printsCyclesSafely(v.Type()) {
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
