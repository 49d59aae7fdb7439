package render

import (
	"fmt"
	"reflect"
	"text/template"
	"unsafe"
)

// acyclicWriters are sprig's set and merge functions made to fail where
// they would make a dict contain itself ({{ set $d "self" $d }}): Helm
// then overflows its stack printing or converting the dict, a crash no
// chart can mean. Otherwise they are sprig's.
func acyclicWriters() template.FuncMap {
	return template.FuncMap{
		"set":                acyclicSet,
		"merge":              acyclicMerge("merge", withNoError(sprigWriters.merge)),
		"mustMerge":          acyclicMerge("mustMerge", sprigWriters.mustMerge),
		"mergeOverwrite":     acyclicMerge("mergeOverwrite", withNoError(sprigWriters.mergeOverwrite)),
		"mustMergeOverwrite": acyclicMerge("mustMergeOverwrite", sprigWriters.mustMergeOverwrite),
	}
}

func acyclicSet(d map[string]any, key string, value any) (map[string]any, error) {
	if at := mapAddress(d); d != nil && reaches(value, func(p unsafe.Pointer) bool { return p == at }) {
		return nil, fmt.Errorf("set: %q would make the dict contain itself", key)
	}
	return sprigWriters.set(d, key, value), nil
}

// acyclicMerge is a merge that fails when its result contains itself.
func acyclicMerge(name string, merge mergeFunc) mergeFunc {
	return func(dst map[string]any, srcs ...map[string]any) (any, error) {
		res, err := merge(dst, srcs...)
		if err == nil && isCyclic(reflect.ValueOf(dst), map[unsafe.Pointer]bool{}, map[unsafe.Pointer]bool{}) {
			return nil, fmt.Errorf("%s: the merged dict would contain itself", name)
		}
		return res, err
	}
}

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
// onPath are the maps and pointers v is inside of, done those known to
// hold no cycle.
func isCyclic(v reflect.Value, onPath, done map[unsafe.Pointer]bool) bool {
	switch v.Kind() {
	case reflect.Interface:
		return !v.IsNil() && isCyclic(v.Elem(), onPath, done)
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
			if isCyclic(v.Elem(), onPath, done) {
				return true
			}
		} else if mayHoldRefs(v.Type().Elem()) {
			for it := v.MapRange(); it.Next(); {
				if isCyclic(it.Value(), onPath, done) {
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
			if isCyclic(v.Index(i), onPath, done) {
				return true
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if isCyclic(v.Field(i), onPath, done) {
				return true
			}
		}
	}
	return false
}
