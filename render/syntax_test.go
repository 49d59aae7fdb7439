package render

import (
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// TestSyntaxErrors checks that every template that does not parse gets its
// error, with Helm's message, placed as a render places it (at the text at
// fault: an editor shows both, and they must be one diagnostic), and that
// the others get none.
func TestSyntaxErrors(t *testing.T) {
	file := func(name, text string) chart.NamedTemplate {
		return chart.NamedTemplate{Name: "c/templates/" + name, File: source.NewFile("templates/"+name, []byte(text))}
	}
	templates := []chart.NamedTemplate{
		file("ok.yaml", "a: {{ .Values.a }}\n"),
		file("open.yaml", "a: 1\nb: {{ .Values.b\n"),
		file("func.yaml", "a: 1\n\nb: {{ nosuch 1 }}\n"),
		file("quote.yaml", "a: {{ \"open }}\n"),
	}
	errs := SyntaxErrors(templates, NewParseCache(false))
	if len(errs) != 3 {
		t.Fatalf("%d errors, want 3: %v", len(errs), errs)
	}
	want := []struct {
		file      *source.File
		line, col int
		text      string
		message   string
	}{
		{templates[1].File, 2, 4, "{{", "parse error at (c/templates/open.yaml:3): unclosed action started at c/templates/open.yaml:2"},
		{templates[2].File, 3, 7, "nosuch", `parse error at (c/templates/func.yaml:3): function "nosuch" not defined`},
		{templates[3].File, 1, 7, `"open }}`, "parse error at (c/templates/quote.yaml:1): unterminated quoted string"},
	}
	for i, w := range want {
		e := errs[i]
		pos := e.Span.File.Position(e.Span.Start)
		text := string(e.Span.File.Data[e.Span.Start:e.Span.End])
		if e.Span.File != w.file || pos.Line != w.line || pos.Column != w.col || text != w.text || e.Message != w.message {
			t.Errorf("error %d: %s at %d:%d %q, want %q at %d:%d %q of %s", i, e.Message, pos.Line, pos.Column, text, w.message, w.line, w.col, w.text, w.file.Name)
		}
	}
}
