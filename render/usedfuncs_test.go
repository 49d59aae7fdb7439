package render_test

import (
	"strings"
	"testing"
)

// TestFunctionsCalledOnlyThroughTpl checks that a function no template
// calls, only a tpl text, is found: the template set holds only the
// functions its templates call, and tpl adds those of its texts.
func TestFunctionsCalledOnlyThroughTpl(t *testing.T) {
	for text, want := range map[string]string{
		`{{ tpl "{{ upper \"a\" }}" . }}`: "A",
		// a text that defines templates is parsed by text/template in a
		// copy of the set, which must know every function
		`{{ tpl "{{ define \"d\" }}{{ lower \"B\" }}{{ end }}{{ include \"d\" . }}" . }}`: "b",
		`{{ tpl "{{ tpl \"{{ title \\\"x\\\" }}\" . }}" . }}`:                             "X",
		`{{ tpl "{{ len (list 1 2) }}" . }}`:                                              "2", // a builtin and sprig's list
		`{{ quote "q" }}{{ tpl "{{ quote \"r\" }}" . }}`:                                  `"q""r"`,
	} {
		if got := renderText(t, text, false); got != want {
			t.Errorf("%s renders %q, want %q", text, got, want)
		}
	}
}

// TestBoundFunctionsThroughTpl checks that required called through tpl is
// still the render's own (lint mode reports a missing value instead of
// failing), not the placeholder of Helm's function map.
func TestBoundFunctionsThroughTpl(t *testing.T) {
	const text = `{{ tpl "{{ required \"x is required\" .Values.x }}" . }}`
	if got := renderText(t, text, true); got != "" {
		t.Errorf("lint mode: %s renders %q", text, got)
	}
	if err := renderErr(t, text, false); !strings.Contains(err, "x is required") {
		t.Errorf("%s fails with %q", text, err)
	}
}
