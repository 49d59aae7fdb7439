package lint

import (
	"strconv"
	"strings"
	"testing"
)

// TestSuppressedRuleAt checks which rule ID a position of a marker is on,
// in a template comment and in a YAML comment with several IDs.
func TestSuppressedRuleAt(t *testing.T) {
	data := []byte("a: 1\n{{/* chartwright:ignore values-undefined */}}\n# «x» chartwright:ignore values-unused, chart-icon\nb: 2 # values-unused\n")
	tests := []struct {
		at    string // the offset is at the first occurrence of at, plus shift
		shift int
		want  string // "id start-end", or "" for none
	}{
		{"values-undefined", 0, "values-undefined 29-45"},
		{"values-undefined", 16, "values-undefined 29-45"},
		{"values-unused,", 3, "values-unused 78-91"},
		{"chart-icon", 5, "chart-icon 93-103"},
		{"chartwright:ignore values-unused", 0, ""},
		{" values-unused\n", 3, ""}, // not in a marker
		{"a: 1", 0, ""},
	}
	for _, tt := range tests {
		off := strings.Index(string(data), tt.at) + tt.shift
		got := ""
		if id, start, end, ok := SuppressedRuleAt(data, off); ok {
			got = string(id) + " " + strconv.Itoa(start) + "-" + strconv.Itoa(end)
		}
		if got != tt.want {
			t.Errorf("at %q+%d: %q, want %q", tt.at, tt.shift, got, tt.want)
		}
	}
}
