package rules

import (
	"testing"

	"github.com/chartwright/chartwright/chart/source"
)

// TestDuplicateValuesKeys checks the repeated keys found in values files,
// those the fast reader declines (repeats, spelled alike or not) and those
// it vouches for (none repeated).
func TestDuplicateValuesKeys(t *testing.T) {
	for _, tt := range []struct {
		values string
		want   int
	}{
		{"a: 1\nb:\n  c: 2\n  d: [1, 2]\n", 0},
		{"a: 1\nb:\n  c: 2\n  c: 3\n", 1},
		{"a: 1\n'a': 2\n", 1},
		{"list:\n  - x: 1\n    x: 2\n", 1},
		{"m: {k: 1, k: 2}\n", 1},
		{"1: a\n\"1\": b\n", 1},
	} {
		f := &source.File{Name: "values.yaml", Data: []byte(tt.values)}
		if got := duplicateValuesKeys(f); len(got) != tt.want {
			t.Errorf("%q: %d repeated keys, want %d", tt.values, len(got), tt.want)
		}
	}
}
