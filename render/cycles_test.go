package render

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestDictsMayContainThemselves renders templates that make a dict hold
// itself through plain dicts and lists, as Helm lets them (openstack-helm's
// helm-toolkit does, see testdata/charts/rt-selfdict): set and merge store
// the entry that closes the cycle guarded, and the template goes on with
// it, also setting and merging around the cycle again. A cycle through the
// top-level object or .Values renders too (testdata/charts/rt-self).
func TestDictsMayContainThemselves(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"set itself", `{{ $x := dict "a" 1 }}{{ $_ := set $x "self" $x }}{{ $x.self.self.a }}`, "1"},
		{"set a holder", `{{ $x := dict "a" 1 }}{{ $y := dict "x" $x }}{{ $_ := set $x "y" (list $y) }}{{ (index $x.y 0).x.a }}`, "1"},
		{"set around a guarded cycle", `{{ $x := dict "a" 1 }}{{ $_ := set $x "self" $x }}{{ $_ := set $x "again" $x.self }}{{ $_ := set $x "holder" (dict "x" $x) }}{{ $x.again.holder.x.a }}`, "1"},
		{"merge", `{{ $x := dict "a" 1 }}{{ $_ := merge $x (dict "b" $x) }}{{ $x.b.b.a }}`, "1"},
		{"mergeOverwrite nested", `{{ $n := dict "c" 1 }}{{ $x := dict "a" $n }}{{ $_ := mergeOverwrite $x (dict "a" (dict "n" $n)) }}{{ $x.a.n.n.c }}`, "1"},
		{"merged into a copy", `{{ $x := dict "a" 1 }}{{ $_ := set $x "self" $x }}{{ $y := mergeOverwrite (dict "b" 2) (dict "x" $x) }}{{ $_ := set $x "y" $y }}{{ $x.y.x.self.a }}`, "1"},
		{"shared is no cycle", `{{ $n := dict "c" 1 }}{{ $x := dict "a" $n }}{{ $_ := merge $x (dict "b" $n) }}{{ $_ := set $x "d" $n }}{{ toYaml $x }}`, "a:\n  c: 1\nb:\n  c: 1\nd:\n  c: 1"},
		{"through the top-level object", `{{ $_ := set . "root" . }}{{ $_ := set .Values "top" $ }}{{ .root.Values.top.Values.top.Template.Name }}`, "mem/templates/x.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := renderOne(t, tt.text)
			if len(out.Errors) > 0 || len(out.Files) != 1 || out.Files[0].Content != tt.want {
				t.Errorf("errors %v, files %v; want %q rendered", out.Errors, out.Files, tt.want)
			}
		})
	}
}

// TestMergeThatWouldNotEndFails: a merge that sprig's would follow without
// end, where Helm overflows its stack, fails instead; the sources are
// checked one after the other, as the first may make the second loop.
func TestMergeThatWouldNotEndFails(t *testing.T) {
	const loops = "the dicts merged hold themselves along the same keys, which merging would follow without end"
	for _, tt := range []struct{ name, text string }{
		{"top-level object into itself", `{{ $_ := set . "root" . }}{{ $_ := merge . . }}`},
		{"a dict into itself", `{{ $c := dict }}{{ $_ := set $c "self" $c }}{{ $_ := mergeOverwrite $c $c }}`},
		{"the second source", `{{ $c := dict }}{{ $_ := set $c "self" $c }}{{ $_ := merge (dict) $c $c }}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := renderOne(t, tt.text)
			if len(out.Errors) != 1 || !strings.Contains(out.Errors[0].Message, loops) {
				t.Errorf("errors %v, want one with %q", out.Errors, loops)
			}
		})
	}
	out := renderOne(t, `{{ $a := dict }}{{ $_ := set $a "a" $a }}{{ $b := dict }}{{ $_ := set $b "b" $b }}{{ $_ := merge $a $b }}{{ $a.b.b.b | len }}`)
	if len(out.Errors) > 0 || len(out.Files) != 1 || out.Files[0].Content != "1" {
		t.Errorf("dicts holding themselves along other keys: errors %v, files %v; want 1", out.Errors, out.Files)
	}
}

// TestMergeLoops: mergo loops where keys held as maps by both lead back to
// a pair of maps, or come back to a dst map it copied a map that holds
// itself into (it merges that map into itself then).
func TestMergeLoops(t *testing.T) {
	self := map[string]any{}
	self["self"] = guardedMap(self)
	other := map[string]any{}
	other["other"] = guardedMap(other)
	shared := map[string]any{}
	holder := map[string]any{"k": self}
	for _, tt := range []struct {
		name     string
		dst, src map[string]any
		want     bool
	}{
		{"same cycle", self, self, true},
		{"cycles along other keys", self, other, false},
		{"src cycle copied once", map[string]any{}, map[string]any{"x": self}, false},
		{"src cycle copied into a dst map merged again", map[string]any{"a": shared, "b": shared}, map[string]any{"a": holder, "b": holder}, true},
		{"plain", map[string]any{"a": map[string]any{"b": 1}}, map[string]any{"a": map[string]any{"c": 2}}, false},
	} {
		if got := mergeLoops(tt.dst, tt.src); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestGuardBackEdges: after a merge, the entries that lead back to a dict
// or list they are in are guarded, and only those.
func TestGuardBackEdges(t *testing.T) {
	m := map[string]any{"n": 1}
	inner := map[string]any{"back": m}
	list := []any{"x", m}
	m["inner"], m["list"], m["plain"] = inner, list, map[string]any{"leaf": true}
	guardBackEdges(m)
	if _, ok := inner["back"].(guardedMap); !ok {
		t.Errorf("the map's back edge is %T, want guardedMap", inner["back"])
	}
	if _, ok := list[1].(guardedMap); !ok {
		t.Errorf("the list's back edge is %T, want guardedMap", list[1])
	}
	if _, ok := m["inner"].(map[string]any); !ok {
		t.Errorf("a tree edge is %T, want a plain map", m["inner"])
	}
	if _, ok := m["plain"].(map[string]any); !ok {
		t.Errorf("an edge out of the cycle is %T, want a plain map", m["plain"])
	}
	l := []any{"y"}
	holder := map[string]any{"l": l}
	l[0] = holder
	guardBackEdges(holder)
	if _, ok := l[0].(guardedMap); !ok {
		t.Errorf("a list closing a cycle: %T, want guardedMap", l[0])
	}
}

// TestGuardedValuesLookPlain: templates see a guarded entry as the plain
// dict or list it is in Helm: by its type name, in dig, and in errors.
func TestGuardedValuesLookPlain(t *testing.T) {
	const cycles = `{{ $x := dict "a" 1 }}{{ $_ := set $x "self" $x }}{{ $_ := set $x "list" (list $x) }}`
	for _, tt := range []struct{ name, text, want string }{
		{"typeOf", `{{ typeOf $x.self }} {{ typeOf $x.list }}`, "map[string]interface {} []interface {}"},
		{"typeIs", `{{ typeIs "map[string]interface {}" $x.self }} {{ typeIsLike "[]interface {}" $x.list }}`, "true true"},
		{"typeOf of others", `{{ typeOf $x.a }} {{ typeOf . }}`, "int common.Values"},
		{"dig through it", `{{ dig "self" "self" "a" 0 $x }} {{ dig "self" "a" 0 $x.self }} {{ dig "self" "nope" "z" 0 $x }}`, "1 1 0"},
		{"kindOf", `{{ kindOf $x.self }} {{ kindOf $x.list }}`, "map slice"},
		{"hasKey", `{{ hasKey $x.self "self" }}`, "true"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := renderOne(t, cycles+tt.text)
			if len(out.Errors) > 0 || len(out.Files) != 1 || out.Files[0].Content != tt.want {
				t.Errorf("errors %v, files %v; want %q", out.Errors, out.Files, tt.want)
			}
		})
	}
	for _, tt := range []struct{ name, text, want string }{
		{"dig into a non-dict", `{{ dig "a" "b" 0 $x }}`, "interface conversion: interface {} is int, not map[string]interface {}"},
		{"dig of a list", `{{ dig "a" 0 $x.list }}`, "interface conversion: interface {} is []interface {}, not map[string]interface {}"},
		{"wrong type", `{{ trim $x.self }}`, "wrong type for value; expected string; got map[string]interface {}"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := renderOne(t, cycles+tt.text)
			if len(out.Errors) != 1 || !strings.HasSuffix(out.Errors[0].Message, tt.want) {
				t.Errorf("errors %v, want one ending with %q", out.Errors, tt.want)
			}
		})
	}
}

// TestPrintingDictsThatHoldThemselvesFails: printing a dict or list that
// holds itself, where Helm overflows its stack, fails the template with a
// clear error, however the cycle was made and whichever of its values is
// printed.
func TestPrintingDictsThatHoldThemselvesFails(t *testing.T) {
	const (
		bySet   = `{{ $x := dict "a" 1 }}{{ $_ := set $x "self" $x }}{{ $_ := set $x "list" (list $x) }}`
		byMerge = `{{ $x := dict "a" 1 }}{{ $_ := mergeOverwrite $x (dict "b" (dict "back" $x)) }}`
		printed = "printing values that hold themselves (a set or merge put a dict into itself, or into a dict or list it holds)"
	)
	for _, tt := range []struct{ name, text string }{
		{"the dict", bySet + `{{ $x }}`},
		{"the guarded entry", bySet + `{{ $x.self }}`},
		{"the guarded list", bySet + `{{ $x.list }}`},
		{"printf", bySet + `{{ printf "%v" $x }}`},
		{"printf %#v", bySet + `{{ printf "%#v" $x }}`},
		{"toString", bySet + `{{ toString $x }}`},
		{"quote", bySet + `{{ quote $x.self }}`},
		{"join", bySet + `{{ join "," $x.list }}`},
		{"a dict holding it", bySet + `{{ dict "x" $x }}`},
		{"made by a merge", byMerge + `{{ $x }}`},
		{"inside a merge's cycle", byMerge + `{{ $x.b }}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := renderOne(t, tt.text)
			if len(out.Errors) != 1 || !strings.Contains(out.Errors[0].Message, printed) {
				t.Errorf("errors %v, want one with %q", out.Errors, printed)
			}
		})
	}
	for _, name := range []string{"deepCopy", "mustDeepCopy", "toToml", "toYamlPretty"} {
		out := renderOne(t, bySet+`{{ `+name+` $x }}`)
		if want := name + ": the value holds itself"; len(out.Errors) != 1 || !strings.HasSuffix(out.Errors[0].Message, want) {
			t.Errorf("%s: errors %v, want one ending with %q", name, out.Errors, want)
		}
	}
}

// TestGuardedValuesPrintAsPlain: a guarded dict or list that holds no
// cycle (any more) prints as the plain one, with every verb.
func TestGuardedValuesPrintAsPlain(t *testing.T) {
	m := map[string]any{"b": []any{1, "x"}, "a": map[string]any{"n": nil}}
	l := []any{1, m, "s"}
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%10v", "%d"} {
		if got, want := fmt.Sprintf(format, guardedMap(m)), fmt.Sprintf(format, m); got != want {
			t.Errorf("map %s: %q, want %q", format, got, want)
		}
		if got, want := fmt.Sprintf(format, guardedList(l)), fmt.Sprintf(format, l); got != want {
			t.Errorf("list %s: %q, want %q", format, got, want)
		}
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
