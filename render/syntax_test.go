package render

import (
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// TestSyntaxErrors checks that every template that does not parse gets its
// error, at its line, with Helm's message, and that the others get none.
func TestSyntaxErrors(t *testing.T) {
	file := func(name, text string) chart.NamedTemplate {
		return chart.NamedTemplate{Name: "c/templates/" + name, File: source.NewFile("templates/"+name, []byte(text))}
	}
	templates := []chart.NamedTemplate{
		file("ok.yaml", "a: {{ .Values.a }}\n"),
		file("open.yaml", "a: 1\nb: {{ .Values.b\n"),
		file("func.yaml", "a: 1\n\nb: {{ nosuch 1 }}\n"),
	}
	errs := SyntaxErrors(templates, NewParseCache(false))
	if len(errs) != 2 {
		t.Fatalf("%d errors, want 2: %v", len(errs), errs)
	}
	want := []struct {
		file    *source.File
		line    int
		message string
	}{
		{templates[1].File, 3, "parse error at (c/templates/open.yaml:3): unclosed action started at c/templates/open.yaml:2"},
		{templates[2].File, 3, `parse error at (c/templates/func.yaml:3): function "nosuch" not defined`},
	}
	for i, w := range want {
		e := errs[i]
		if e.Span.File != w.file || e.Span.File.Position(e.Span.Start).Line != w.line || e.Message != w.message {
			t.Errorf("error %d: %s at %v, want %q at line %d of %s", i, e.Message, e.Span, w.message, w.line, w.file.Name)
		}
	}
}
