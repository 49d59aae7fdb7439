package refs

import (
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/chartwright/chartwright/chart/source"
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

// TestSiteSize checks the size site's doc comment promises: the analysis
// of a big chart keeps tens of thousands of sites.
func TestSiteSize(t *testing.T) {
	if size := unsafe.Sizeof(site{}); size > 72 {
		t.Errorf("a site takes %d bytes, more than 72", size)
	}
}

// TestSiteSpans checks that a site gives back the span and path spans it
// was made with, none when it was made with none.
func TestSiteSpans(t *testing.T) {
	f := source.NewFile("templates/a.yaml", []byte("{{ .Values.a.b }}"))
	span, spans := source.Span{File: f, Start: 3, End: 14}, []source.Span{{File: f, Start: 11, End: 12}, {File: f, Start: 13, End: 14}}
	s := newSite(nil, []string{"a", "b"}, span, spans)
	if s.span() != span || !slices.Equal(s.pathSpans(), spans) {
		t.Errorf("site at %v with path spans %v, want %v and %v", s.span(), s.pathSpans(), span, spans)
	}
	if s := newSite(nil, nil, span, nil); s.pathSpans() != nil {
		t.Errorf("a site made without path spans has %v", s.pathSpans())
	}
}

// TestRenderingOf checks what sites keep of what a read renders as: nothing
// for the empty text, the shared text of a conversion, any other text.
func TestRenderingOf(t *testing.T) {
	if renderingOf("") != nil {
		t.Error("the empty text is kept")
	}
	for _, text := range []string{rendersZero, rendersNil, rendersNull, rendersList, "other"} {
		s := site{renders: renderingOf(text)}
		if got := s.rendersText(); got != text {
			t.Errorf("%q is kept as %q", text, got)
		}
		first, second := renderingOf(text), renderingOf(text)
		if shared := first == second; shared != (text != "other") {
			t.Errorf("%q: shared %v", text, shared)
		}
	}
}
