package render

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/chartwright/chartwright/render/internal/tables"
)

// guardedMap is a plain dict stored where a set or merge closed a cycle
// through plain dicts and lists: it prints as a map[string]interface{}
// does, but a cycle as tables.Cycle instead of without end.
//
// Templates see it as Helm's plain dict: functions that take a dict get it
// as map[string]interface{} (text/template converts it), and kindOf, field
// access, index, range, toYaml and toJson treat it alike; typeOf, typeIs,
// typeIsLike and dig are made to (see guardedReaders), and a template's
// error names it as Helm's names the plain type (json's "encountered a
// cycle via", text/template's "wrong type": see plainTypeNames). What
// still differs cannot matter to a chart Helm renders: printf "%T" names
// it (charts ask typeOf), and reflect.DeepEqual, behind has, without and
// uniq, tells it from a plain dict, which only a template comparing two
// distinct dicts that hold themselves alike could see.
type guardedMap map[string]any

// Format prints m as fmt prints a map[string]interface{}, cycles as
// tables.Cycle.
func (m guardedMap) Format(f fmt.State, verb rune) {
	tables.Format(f, verb, m, "map[string]interface {}")
}

// guardedList is guardedMap's sibling for a list that closes a cycle.
type guardedList []any

// Format prints l as fmt prints a []interface{}, cycles as tables.Cycle.
func (l guardedList) Format(f fmt.State, verb rune) { tables.FormatList(f, verb, l) }

// guarded returns a plain dict or list as the guarded type; ok is false for
// other values.
func guarded(v any) (safe any, ok bool) {
	switch v := v.(type) {
	case map[string]any:
		return guardedMap(v), true
	case []any:
		return guardedList(v), true
	}
	return v, false
}

// plainType is the type name Helm's %T gives v: guarded values are plain
// dicts and lists there.
func plainType(v any) string {
	switch v.(type) {
	case guardedMap:
		return "map[string]interface {}"
	case guardedList:
		return "[]interface {}"
	}
	return fmt.Sprintf("%T", v)
}

// guardedTypeNames are the guarded types' names and the plain ones Helm
// shows in their place.
var guardedTypeNames = strings.NewReplacer(
	reflect.TypeFor[guardedMap]().String(), "map[string]interface {}",
	reflect.TypeFor[guardedList]().String(), "[]interface {}",
)

// plainTypeNames is an error message with the guarded types named as the
// plain types Helm's message names.
func plainTypeNames(msg string) string { return guardedTypeNames.Replace(msg) }

// guardedReaders are sprig's functions that tell a dict or list by its Go
// type, made to take a guarded value for the plain dict or list it is in
// Helm.
func guardedReaders() map[string]any {
	return map[string]any{
		"typeOf":     plainType,
		"typeIs":     func(target string, v any) bool { return target == plainType(v) },
		"typeIsLike": func(target string, v any) bool { t := plainType(v); return target == t || "*"+target == t },
		"dig":        dig,
	}
}

// dig is sprig's dig, with its failures (panics), for which a guardedMap
// is a dict.
func dig(ps ...any) (any, error) {
	if len(ps) < 3 {
		panic("dig needs at least three arguments")
	}
	dict := unguarded(ps[len(ps)-1]).(map[string]any)
	def := ps[len(ps)-2]
	keys := make([]string, len(ps)-2)
	for i := range keys {
		keys[i] = ps[i].(string)
	}
	for _, k := range keys[:len(keys)-1] {
		step, has := dict[k]
		if !has {
			return def, nil
		}
		dict = unguarded(step).(map[string]any)
	}
	if v, has := dict[keys[len(keys)-1]]; has {
		return v, nil
	}
	return def, nil
}

// unguarded is v, a guardedMap as the plain dict it stands for.
func unguarded(v any) any {
	if m, ok := v.(guardedMap); ok {
		return map[string]any(m)
	}
	return v
}

// guardBackEdges guards (see guarded) the entries of m, and of the plain
// dicts and lists it holds, that lead back to a plain dict or list they
// are inside of: once those are guarded, no cycle through m is made of
// plain dicts and lists only. Entries are visited in key order, so that
// the same merge guards the same entries on every run.
func guardBackEdges(m map[string]any) {
	g := backEdges{onPath: map[unsafe.Pointer]bool{}, done: map[unsafe.Pointer]bool{}}
	g.inMap(m)
}

// backEdges is a depth-first walk of plain dicts and lists: onPath holds
// those it is inside of, done those it left.
type backEdges struct{ onPath, done map[unsafe.Pointer]bool }

func (g backEdges) inMap(m map[string]any) {
	p := mapAddress(m)
	g.onPath[p] = true
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if safe, ok := g.follow(m[k]); ok {
			m[k] = safe
		}
	}
	delete(g.onPath, p)
	g.done[p] = true
}

func (g backEdges) inList(l []any) {
	p := unsafe.Pointer(unsafe.SliceData(l))
	g.onPath[p] = true
	for i, e := range l {
		if safe, ok := g.follow(e); ok {
			l[i] = safe
		}
	}
	delete(g.onPath, p)
	g.done[p] = true
}

// follow walks into entry e, and returns it guarded when it leads back to
// a dict or list on the path.
func (g backEdges) follow(e any) (safe any, back bool) {
	var p unsafe.Pointer
	switch e := e.(type) {
	case map[string]any:
		if e == nil {
			return nil, false
		}
		p = mapAddress(e)
	case []any:
		if len(e) == 0 {
			return nil, false
		}
		p = unsafe.Pointer(unsafe.SliceData(e))
	default:
		return nil, false
	}
	switch {
	case g.onPath[p]:
		return guarded(e)
	case g.done[p]:
		return nil, false
	}
	switch e := e.(type) {
	case map[string]any:
		g.inMap(e)
	case []any:
		g.inList(e)
	}
	return nil, false
}

// mergeLoops reports whether sprig's merge of src into dst would not end.
// mergo merges a src entry into dst's entry under the same key when both
// are maps (non-nil in dst), recursively, so it loops when such keys lead
// from a pair of maps back to that pair ({{ merge . . }} once
// {{ set . "root" . }}). It also counts as looping when mergo comes back
// to a dst map it copied a src map that holds itself into (where dst held
// no map): it would merge that map into itself then. Lists, which sprig's
// merge replaces, and pointers and structs, which hold no map templates
// write into, are not followed.
func mergeLoops(dst, src map[string]any) bool {
	w := mergeWalk{onPath: map[[2]unsafe.Pointer]bool{}, done: map[[2]unsafe.Pointer]bool{}, received: map[unsafe.Pointer]bool{}}
	return dst != nil && w.loops(reflect.ValueOf(dst), reflect.ValueOf(src))
}

// mergeWalk follows the pairs of maps, dst's and src's, that mergo merges:
// onPath those it is inside of, done those it left, received the dst maps
// mergo copies a src map that holds itself into.
type mergeWalk struct {
	onPath, done map[[2]unsafe.Pointer]bool
	received     map[unsafe.Pointer]bool
}

func (w mergeWalk) loops(dst, src reflect.Value) bool {
	pair := [2]unsafe.Pointer{dst.UnsafePointer(), src.UnsafePointer()}
	switch {
	case w.onPath[pair], w.received[pair[0]]:
		return true
	case w.done[pair]:
		return false
	}
	w.onPath[pair] = true
	for it := src.MapRange(); it.Next(); {
		s := concrete(it.Value())
		if s.Kind() != reflect.Map || s.IsNil() || !it.Key().Type().AssignableTo(dst.Type().Key()) {
			continue
		}
		d := concrete(dst.MapIndex(it.Key()))
		switch {
		case d.Kind() == reflect.Map && !d.IsNil():
			if w.loops(d, s) {
				return true
			}
		case isCyclic(s, map[unsafe.Pointer]bool{}, map[unsafe.Pointer]bool{}, false):
			w.received[pair[0]] = true
		}
	}
	delete(w.onPath, pair)
	w.done[pair] = true
	return false
}

// concrete is the value an interface value holds, or v.
func concrete(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Interface {
		return v.Elem()
	}
	return v
}
