package refs

import (
	"strings"
	"testing"
	"unsafe"
)

// TestHelmAritiesSorted checks that the table arityOf searches is sorted
// and has no name twice: a name out of order would not be found.
func TestHelmAritiesSorted(t *testing.T) {
	for i := 1; i < len(helmArities); i++ {
		if strings.Compare(helmArities[i-1].name, helmArities[i].name) >= 0 {
			t.Errorf("helmArities: %q before %q", helmArities[i-1].name, helmArities[i].name)
		}
	}
}

// TestArityOf checks the argument counts of Helm's functions, the
// builtins and sprig's, and that env and expandenv are unknown.
func TestArityOf(t *testing.T) {
	for name, want := range map[string]arity{
		"include": {2, 2}, "printf": {1, -1}, "urlquery": {0, -1}, "and": {1, -1}, // Helm's, builtins
		"quote": {0, -1}, "default": {1, -1}, "trunc": {2, 2}, "list": {0, -1}, // sprig's
	} {
		if got, ok := arityOf(name); !ok || got != want {
			t.Errorf("arityOf(%q) = %v, %v; want %v", name, got, ok, want)
		}
	}
	for _, name := range []string{"env", "expandenv", "nosuchfunc", ""} {
		if _, ok := arityOf(name); ok {
			t.Errorf("arityOf(%q) is known", name)
		}
	}
}

// TestValueSize checks the size value's doc comment promises: the analysis
// of a big chart makes hundreds of thousands of values.
func TestValueSize(t *testing.T) {
	if size := unsafe.Sizeof(value{}); size > 80 {
		t.Errorf("a value takes %d bytes, more than 80", size)
	}
}
