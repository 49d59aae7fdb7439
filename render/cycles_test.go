package render

import (
	"context"
	"strings"
	"testing"
)

// TestDictsCannotContainThemselves renders templates that would make a
// dict hold itself, which Helm prints or converts until its stack
// overflows: each is an error naming the function; a dict shared by two
// others, or set into another, is no cycle and renders.
func TestDictsCannotContainThemselves(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"set itself", `{{ $x := dict "a" 1 }}{{ set $x "self" $x }}`, `set: "self" would make the dict contain itself`},
		{"set a holder", `{{ $x := dict "a" 1 }}{{ $y := dict "x" $x }}{{ $_ := set $x "y" (list $y) }}`, `set: "y" would make the dict contain itself`},
		{"merge", `{{ $x := dict "a" 1 }}{{ $_ := merge $x (dict "b" $x) }}`, "merge: the merged dict would contain itself"},
		{"mergeOverwrite nested", `{{ $n := dict "c" 1 }}{{ $x := dict "a" $n }}{{ $_ := mergeOverwrite $x (dict "a" (dict "n" $n)) }}`, "mergeOverwrite: the merged dict would contain itself"},
		{"shared is fine", `{{ $n := dict "c" 1 }}{{ $x := dict "a" $n }}{{ $_ := merge $x (dict "b" $n) }}{{ $_ := set $x "d" $n }}{{ toYaml $x }}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := memoryChart(map[string]string{"templates/x.yaml": tt.text})
			out := Engine{}.Render(context.Background(), c, map[string]any{"Values": Values{}})
			switch {
			case tt.want == "" && len(out.Errors) > 0:
				t.Errorf("errors %v, want none", out.Errors)
			case tt.want != "" && (len(out.Errors) != 1 || !strings.HasSuffix(out.Errors[0].Message, tt.want)):
				t.Errorf("errors %v, want one ending with %q", out.Errors, tt.want)
			}
		})
	}
}
