package render

import (
	"reflect"
	"testing"

	"github.com/chartwright/chartwright/render/internal/sprigfuncs"
	"sigs.k8s.io/yaml"
)

// TestFromYAMLAgreesWithHelm compares fromYAML with Helm's fromYaml
// (sigs.k8s.io/yaml into an empty map, the error's text under "Error") on
// texts the fast reader answers for and texts it leaves to yaml.v2.
func TestFromYAMLAgreesWithHelm(t *testing.T) {
	for _, text := range []string{
		"", "# only a comment\n", "---\n", "a: 1\nb: [x, 2.5, true]\nc:\n  d: null\n  e: 'q'\n", "a: 010\nb: 1e3\nc: yes\nd: ~\n",
		"a: {b: c}\nlist:\n- x\n- y: z\n", "a: &x 1\nb: *x\n", "a: 1\na: 2\n", "- a\n- b\n", "plain text", "a: [b\n",
		"a:\tb\n", "1: a\ntrue: b\n", "a: .inf\n", "a: |\n  text\n  more\n", "{}", "{a: [b]}\n", "{a: 1}\nb: 2\n",
	} {
		want := map[string]any{}
		if err := yaml.Unmarshal([]byte(text), &want); err != nil {
			want["Error"] = err.Error()
		}
		if got := fromYAML(text); !reflect.DeepEqual(got, want) || (got == nil) != (want == nil) {
			t.Errorf("fromYAML(%q) = %#v, Helm's %#v", text, got, want)
		}
	}
}

// TestIndentIsSprigs compares indent and nindent with sprig's, panics
// included.
func TestIndentIsSprigs(t *testing.T) {
	ours, theirs := funcMap(false), sprigfuncs.Map
	for _, name := range []string{"indent", "nindent"} {
		for _, v := range []string{"", "a", "a\nb", "a\nb\n", "\n\n", "x: 1\ny:\n  - z\n"} {
			for _, spaces := range []int{0, 1, 4, -1} {
				got, gotPanic := callString(ours[name], spaces, v)
				want, wantPanic := callString(theirs[name], spaces, v)
				if got != want || gotPanic != wantPanic {
					t.Errorf("%s %d %q: %q (panic %v), sprig's %q (panic %v)", name, spaces, v, got, gotPanic, want, wantPanic)
				}
			}
		}
	}
}

// callString calls fn, a func(int, string) string, recovering a panic
// as its text.
func callString(fn any, spaces int, v string) (out string, panicked any) {
	defer func() { panicked = recover() }()
	return fn.(func(int, string) string)(spaces, v), nil
}

// TestAddedFuncsBound checks that addedFuncs bounds the functions funcMap
// adds to sprig's, so that the map it makes at its size does not grow.
func TestAddedFuncsBound(t *testing.T) {
	for _, helm3 := range []bool{false, true} {
		added := 0
		for name := range funcMap(helm3) {
			if _, ok := sprigfuncs.Map[name]; !ok {
				added++
			}
		}
		if added > addedFuncs {
			t.Errorf("Helm 3 %v: funcMap adds %d functions to sprig's, more than addedFuncs (%d)", helm3, added, addedFuncs)
		}
	}
}
