// Package tables holds the methods of Helm's Values type, which Helm 4
// (common.Values) and Helm 3 (chartutil.Values) define alike: templates
// call them (.Values.Table "a.b", .Values.PathValue "a.b", .Values.YAML),
// and each mode's Values type delegates here. It also prints them safely
// (see Format).
package tables

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unsafe"

	"sigs.k8s.io/yaml"
)

// IsTable reports whether a value is a table for a mode's Values type: a
// plain map or a map of that type, as Helm's tableLookup accepts.
type IsTable func(v any) (map[string]any, bool)

// TableOf is the IsTable of the Values type V.
func TableOf[V ~map[string]any](v any) (map[string]any, bool) {
	switch v := v.(type) {
	case map[string]any:
		return v, true
	case V:
		return v, true
	}
	return nil, false
}

// Table returns the table at a dot-separated path of v. As in Helm, a
// missing key returns the table reached with the error, a key that holds
// no table an empty table.
func Table(v map[string]any, name string, isTable IsTable) (map[string]any, error) {
	table := v
	for _, key := range strings.Split(name, ".") {
		next, ok := table[key]
		if !ok {
			return table, noTable(key)
		}
		if table, ok = isTable(next); !ok {
			return map[string]any{}, noTable(key)
		}
	}
	return table, nil
}

// PathValue returns the value, not a table, at a dot-separated path.
func PathValue(v map[string]any, path string, isTable IsTable) (any, error) {
	if path == "" {
		return nil, errors.New("YAML path cannot be empty")
	}
	keys := strings.Split(path, ".")
	key, parents := keys[len(keys)-1], keys[:len(keys)-1]
	table := v
	if len(parents) > 0 {
		var err error
		if table, err = Table(v, strings.Join(parents, "."), isTable); err != nil {
			return nil, noValue(key)
		}
	}
	if value, ok := table[key]; ok && !isPlainMap(value) {
		return value, nil
	}
	return nil, noValue(key)
}

// isPlainMap is Helm's istable, which only a plain map satisfies.
func isPlainMap(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

// AsMap returns v, or a new empty map when v is empty.
func AsMap(v map[string]any) map[string]any {
	if len(v) == 0 {
		return map[string]any{}
	}
	return v
}

// YAML encodes v with sigs.k8s.io/yaml, as Helm's Values.YAML does.
func YAML(v any) (string, error) {
	b, err := yaml.Marshal(v)
	return string(b), err
}

// Encode writes YAML(v) to w.
func Encode(w io.Writer, v any) error {
	b, err := yaml.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func noTable(key string) error { return fmt.Errorf("%q is not a table", key) }

func noValue(key string) error { return fmt.Errorf("%q is not a value", key) }

// Cycle is what Format prints for values that hold themselves; the
// renderer fails the template that prints it. It is printable text, so
// that quote and the like keep it as it is.
const Cycle = "⦃chartwright: values that hold themselves⦄"

// Format prints v as fmt prints a map of its type, typeName (which %#v
// shows), unless v holds itself: a template may put a map into itself, as
// Helm lets it ({{ set . "root" . }}, or a dict set into a dict it holds),
// but fmt would print it without end, until the stack overflows (Helm
// crashes there). Cycle is printed instead. Every cycle templates can make
// passes through a value that prints with Format or FormatList (a Values
// type, or the entry the renderer's set or merge closed the cycle with),
// and fmt formats values inside a map or list with their Format method, so
// printing any value that holds a cycle reaches this check.
func Format(f fmt.State, verb rune, v map[string]any, typeName string) {
	if holdsItself(reflect.ValueOf(v)) {
		io.WriteString(f, Cycle)
		return
	}
	format := fmt.FormatString(f, verb)
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, typeName+strings.TrimPrefix(fmt.Sprintf(format, v), "map[string]interface {}"))
		return
	}
	fmt.Fprintf(f, format, v)
}

// FormatList prints l as fmt prints a []interface{}, unless l holds itself:
// then it prints Cycle (see Format).
func FormatList(f fmt.State, verb rune, l []any) {
	if holdsItself(reflect.ValueOf(l)) {
		io.WriteString(f, Cycle)
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), l)
}

// holdsItself reports whether the map or list v can be reached from its
// own entries; a list is known by its first element's address.
func holdsItself(v reflect.Value) bool {
	if v.Len() == 0 {
		return false
	}
	self := v.UnsafePointer()
	seen := map[unsafe.Pointer]bool{}
	var reaches func(v reflect.Value) bool
	reaches = func(v reflect.Value) bool {
		switch v.Kind() {
		case reflect.Interface:
			return !v.IsNil() && reaches(v.Elem())
		case reflect.Map, reflect.Pointer:
			if v.IsNil() {
				return false
			}
			p := v.UnsafePointer()
			if p == self {
				return true
			}
			if seen[p] {
				return false
			}
			seen[p] = true
			if v.Kind() == reflect.Pointer {
				return reaches(v.Elem())
			}
			for it := v.MapRange(); it.Next(); {
				if reaches(it.Value()) {
					return true
				}
			}
		case reflect.Slice:
			if v.Len() > 0 && v.UnsafePointer() == self {
				return true
			}
			return elementsReach(v, reaches)
		case reflect.Array:
			return elementsReach(v, reaches)
		case reflect.Struct:
			for i := range v.NumField() {
				if reaches(v.Field(i)) {
					return true
				}
			}
		}
		return false
	}
	if v.Kind() == reflect.Map {
		for it := v.MapRange(); it.Next(); {
			if reaches(it.Value()) {
				return true
			}
		}
		return false
	}
	return elementsReach(v, reaches)
}

// elementsReach reports whether reaches is true of an element of the list
// or array v.
func elementsReach(v reflect.Value, reaches func(reflect.Value) bool) bool {
	for i := range v.Len() {
		if reaches(v.Index(i)) {
			return true
		}
	}
	return false
}
