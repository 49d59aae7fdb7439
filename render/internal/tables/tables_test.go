package tables

import (
	"reflect"
	"testing"
)

// TestHoldsItself: a map or list holds itself when its entries lead back
// to it, through maps and lists; a list is known by its first element.
func TestHoldsItself(t *testing.T) {
	m := map[string]any{"n": 1}
	l := []any{"x", m}
	m["l"] = l
	tree := map[string]any{"a": map[string]any{"b": []any{1}}, "c": m}
	for _, tt := range []struct {
		name string
		v    any
		want bool
	}{
		{"map in a cycle", m, true},
		{"list in a cycle", l, true},
		{"map holding a cycle it is not in", tree, false},
		{"list holding a cycle it is not in", []any{m}, false},
		{"empty list", []any{}, false},
		{"nil map", map[string]any(nil), false},
	} {
		if got := holdsItself(reflect.ValueOf(tt.v)); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
