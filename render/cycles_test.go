package render

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestDictsCannotContainThemselves renders templates that would make a
// dict hold itself through plain dicts and lists, which Helm prints or
// converts until its stack overflows: each is an error naming the
// function; a dict shared by two others, or set into another, is no cycle
// and renders. A cycle through the top-level object or .Values renders, as
// in Helm (testdata/charts/rt-self, compared with Helm by the goldens).
func TestDictsCannotContainThemselves(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"set itself", `{{ $x := dict "a" 1 }}{{ set $x "self" $x }}`, `set: "self" would make the dict contain itself`},
		{"set a holder", `{{ $x := dict "a" 1 }}{{ $y := dict "x" $x }}{{ $_ := set $x "y" (list $y) }}`, `set: "y" would make the dict contain itself`},
		{"merge", `{{ $x := dict "a" 1 }}{{ $_ := merge $x (dict "b" $x) }}`, "merge: the merged dict would contain itself"},
		{"mergeOverwrite nested", `{{ $n := dict "c" 1 }}{{ $x := dict "a" $n }}{{ $_ := mergeOverwrite $x (dict "a" (dict "n" $n)) }}`, "mergeOverwrite: the merged dict would contain itself"},
		{"shared is fine", `{{ $n := dict "c" 1 }}{{ $x := dict "a" $n }}{{ $_ := merge $x (dict "b" $n) }}{{ $_ := set $x "d" $n }}{{ toYaml $x }}`, ""},
		{"through the top-level object", `{{ $_ := set . "root" . }}{{ $_ := set .Values "top" $ }}{{ .root.Values.top.Values.top.Template.Name }}`, ""},
		{"merge both holding themselves", `{{ $_ := set . "root" . }}{{ $_ := merge . . }}`, "merge: the dict merged into and a dict merged both hold themselves"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := renderOne(t, tt.text)
			switch {
			case tt.want == "" && len(out.Errors) > 0:
				t.Errorf("errors %v, want none", out.Errors)
			case tt.want != "" && (len(out.Errors) != 1 || !strings.HasSuffix(out.Errors[0].Message, tt.want)):
				t.Errorf("errors %v, want one ending with %q", out.Errors, tt.want)
			}
		})
	}
}

// TestValuesThatHoldThemselvesAreNotFollowed: what would follow the top-level
// object once it holds itself without end (Helm overflows its stack) fails
// the template instead, or gives "" where Helm's JSON stage fails.
func TestValuesThatHoldThemselvesAreNotFollowed(t *testing.T) {
	const self = `{{ $_ := set . "root" . }}`
	for _, tt := range []struct{ name, text, want string }{
		{"printed", self + `{{ . }}`, "printing values that hold themselves"},
		{"printed inside a dict", self + `{{ dict "top" . }}`, "printing values that hold themselves"},
		{"printed with %#v", self + `{{ printf "%#v" .Values }}{{ printf "%#v" . }}`, "printing values that hold themselves"},
		{"quoted", self + `{{ quote . }}`, "printing values that hold themselves"},
		{"deepCopy", self + `{{ deepCopy . }}`, "deepCopy: the value holds itself"},
		{"mustDeepCopy", self + `{{ mustDeepCopy . }}`, "mustDeepCopy: the value holds itself"},
		{"toToml", self + `{{ toToml . }}`, "toToml: the value holds itself"},
		{"toYamlPretty", self + `{{ toYamlPretty . }}`, "toYamlPretty: the value holds itself"},
		{"toYaml", self + `[{{ toYaml . }}{{ toJson . }}]`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := renderOne(t, tt.text)
			switch {
			case tt.want == "" && (len(out.Errors) > 0 || len(out.Files) != 1 || out.Files[0].Content != "[]"):
				t.Errorf("errors %v, files %v; want [] rendered", out.Errors, out.Files)
			case tt.want != "" && (len(out.Errors) != 1 || !strings.Contains(out.Errors[0].Message, tt.want)):
				t.Errorf("errors %v, want one with %q", out.Errors, tt.want)
			}
		})
	}
}

// TestValuesPrintAsMaps: the Values types print as fmt prints a map of
// their type, with every verb.
func TestValuesPrintAsMaps(t *testing.T) {
	v := Values{"b": []any{1, "x"}, "a": map[string]any{"n": nil}, "v": Values{"k": true}}
	plain := map[string]any{"b": []any{1, "x"}, "a": map[string]any{"n": nil}, "v": map[string]any{"k": true}}
	for _, format := range []string{"%v", "%+v", "%s", "%q", "%x", "%10v", "%d"} {
		if got, want := fmt.Sprintf(format, v), fmt.Sprintf(format, plain); got != want {
			t.Errorf("%s: %q, want %q", format, got, want)
		}
	}
	if got, want := fmt.Sprintf("%#v", v), `common.Values{"a":map[string]interface {}{"n":interface {}(nil)}, "b":[]interface {}{1, "x"}, "v":common.Values{"k":true}}`; got != want {
		t.Errorf("%%#v: %s, want %s", got, want)
	}
	if got := fmt.Sprintf("%#v", Values(nil)); got != "common.Values(nil)" {
		t.Errorf("%%#v of nil: %s", got)
	}
}

func renderOne(t *testing.T, text string) *Output {
	t.Helper()
	c := memoryChart(map[string]string{"templates/x.yaml": text})
	return Engine{}.Render(context.Background(), c, map[string]any{"Values": Values{}})
}
