package refs

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart/source"
)

// describeDots renders dots as "chart:top" or "chart:path".
func describeDots(dots []Dot) string {
	out := make([]string, len(dots))
	for i, d := range dots {
		if d.Top {
			out[i] = d.Chart.Name() + ":top"
		} else {
			out[i] = d.Chart.Name() + ":" + strings.Join(d.Path, ".")
		}
	}
	return fmt.Sprint(out)
}

func TestDotAt(t *testing.T) {
	c := atChart()
	ix := Build(c)
	helpers, cm := c.Templates[0], c.Templates[1]
	tests := []struct {
		file    *source.File
		context string
		want    string
	}{
		{cm, "name: {{ inc", "[app:top]"},
		{cm, "w: {{ .in", "[app:w]"},
		{cm, "e: {{ .Val", "[app:top]"}, // with's else keeps the outer dot
		{cm, "v: {{ $v", "[app:m.*]"},
		{cm, "idx: {{ ind", "[app:top]"},
		{helpers, "{{ .Chart.Na", "[app:top]"},
		{helpers, "{{ .re", "[app:image]"},
	}
	for _, tt := range tests {
		if got := describeDots(ix.DotAt(tt.file, after(t, tt.file, tt.context))); got != tt.want {
			t.Errorf("DotAt %s after %q = %s, want %s", tt.file.Name, tt.context, got, tt.want)
		}
	}
}

// TestDotAtWhileTyping checks DotAt on templates that do not parse: the
// with and range blocks around the offset are read from their pipelines.
func TestDotAtWhileTyping(t *testing.T) {
	tests := []struct {
		name, text string
		want       string
	}{
		{"with", "{{ with .Values.w }}{{ .‸", "[app:w]"},
		{"nested with on the dot", "{{ with .Values.w }}{{ with .x.y }}{{ .‸", "[app:w.x.y]"},
		{"range over a list values.yaml declares", "{{ range .Values.list }}{{ .‸", "[app:list.[]]"},
		{"range over a map values.yaml declares", "{{ range $k, $v := .Values.m }}{{ $v.‸", "[app:m.*]"},
		{"range with a key and value", "{{ range $k, $v := .Values.other }}{{ .‸", "[app:other.*]"},
		{"with on $", "{{ with .Values.w }}{{ with $.Values.z }}{{ .‸", "[app:z]"},
		{"with on $ alone", "{{ with .Values.w }}{{ with $ }}{{ .‸", "[app:top]"},
		{"else of with", "{{ with .Values.w }}{{ else }}{{ .‸", "[app:top]"},
		{"if keeps the dot", "{{ with .Values.w }}{{ if .a }}{{ .‸", "[app:w]"},
		{"a function's result is not known", "{{ with default .Values.a .Values.b }}{{ .‸", "[]"},
		{"a define's context is not known", "{{ define \"x\" }}{{ with .Values.w }}{{ .‸", "[]"},
		{"top level", "a: {{ .‸", "[app:top]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			offset := strings.Index(tt.text, marker)
			text := strings.Replace(tt.text, marker, "", 1)
			c := newChart("app", map[string]any{"list": []any{"a"}, "m": map[string]any{"k": "v"}}, map[string]string{"templates/t.yaml": text})
			ix := Build(c)
			if len(ix.Issues()) == 0 || ix.Issues()[0].Kind != ParseError {
				t.Fatalf("the template parses: %v", ix.Issues())
			}
			if got := describeDots(ix.DotAt(c.Templates[0], offset)); got != tt.want {
				t.Errorf("DotAt = %s, want %s", got, tt.want)
			}
		})
	}
}
