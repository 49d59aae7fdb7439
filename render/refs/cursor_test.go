package refs

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// marker marks the cursor in the texts of the tests.
const marker = "‸"

// cursorSummary is what a test compares of a Cursor.
type cursorSummary struct {
	InAction, InComment, InString, ExpectFunction bool
	Word, Prefix, Literal, Call                   string
	Segments, Vars, Blocks                        []string
}

func summarize(data []byte, c Cursor) cursorSummary {
	s := cursorSummary{InAction: c.InAction, InComment: c.InComment, InString: c.InString, ExpectFunction: c.ExpectFunction,
		Prefix: c.Prefix, Literal: c.Literal, Segments: c.Segments}
	if c.Word.End > 0 {
		s.Word = c.Word.Kind.String() + " " + c.Word.Text(data)
	}
	if c.Call.Name != "" {
		s.Call = fmt.Sprintf("%s/%d", c.Call.Name, c.Call.Arg)
		if c.Call.Piped {
			s.Call += " piped"
		}
	}
	for _, v := range c.Vars {
		s.Vars = append(s.Vars, v.Name)
	}
	for _, b := range c.Blocks {
		words := []string{b.Keyword.Text(data)}
		for _, t := range b.Pipeline {
			words = append(words, t.Text(data))
		}
		if b.Else {
			words = append(words, "+else")
		}
		s.Blocks = append(s.Blocks, strings.Join(words, " "))
	}
	return s
}

func TestCursorAt(t *testing.T) {
	dollar := []string{"$"}
	tests := []struct {
		name, text string
		want       cursorSummary
	}{
		{"field chain being typed", "{{ .Values.ima‸ }}", cursorSummary{InAction: true, ExpectFunction: true,
			Word: "field .Values.ima", Segments: []string{"Values", "ima"}, Prefix: "ima", Vars: dollar}},
		{"in the middle of a field", "{{ include \"x\" .Val‸ues }}", cursorSummary{InAction: true,
			Word: "field .Values", Segments: []string{"Val"}, Prefix: "Val", Call: "include/1", Vars: dollar}},
		{"include's name", "{{ include \"‸", cursorSummary{InAction: true, InString: true,
			Word: `string "`, Call: "include/0", Vars: dollar}},
		{"include's name being typed", "{{ include \"my.‸", cursorSummary{InAction: true, InString: true,
			Word: `string "my.`, Prefix: "my.", Literal: "my.", Call: "include/0", Vars: dollar}},
		{"include's name closed by the editor", "{{ include \"my.‸\" . }}", cursorSummary{InAction: true, InString: true,
			Word: `string "my."`, Prefix: "my.", Literal: "my.", Call: "include/0", Vars: dollar}},
		{"after a closed string", "{{ include \"my.x\"‸ . }}", cursorSummary{InAction: true,
			Word: `string "my.x"`, Call: "include/0", Vars: dollar}},
		{"template's name", "{{ template \"‸", cursorSummary{InAction: true, InString: true,
			Word: `string "`, Call: "template/0", Vars: dollar}},
		{".Files.Get's path", "{{ .Files.Get \"conf/‸", cursorSummary{InAction: true, InString: true,
			Word: `string "conf/`, Prefix: "conf/", Literal: "conf/", Call: ".Files.Get/0", Vars: dollar}},
		{"escaped quotes", `{{ include "a\"b‸`, cursorSummary{InAction: true, InString: true,
			Word: `string "a\"b`, Prefix: `a"b`, Literal: `a"b`, Call: "include/0", Vars: dollar}},
		{"a string with a delimiter and an escaped quote", `{{ tpl "x\"}}" .Values.‸`, cursorSummary{InAction: true,
			Word: "field .Values.", Segments: []string{"Values", ""}, Call: "tpl/1", Vars: dollar}},
		{"after a pipe", "{{ .Values.a | ‸", cursorSummary{InAction: true, ExpectFunction: true, Vars: dollar}},
		{"an argument after a pipe", "{{ .Values.a | default ‸", cursorSummary{InAction: true, Call: "default/0 piped", Vars: dollar}},
		{"after a parenthesis", "{{ toYaml (‸", cursorSummary{InAction: true, ExpectFunction: true, Call: "toYaml/0", Vars: dollar}},
		{"inside a parenthesized call", "{{ printf \"%s\" (quote .a ‸", cursorSummary{InAction: true, Call: "quote/1", Vars: dollar}},
		{"after a parenthesized argument", "{{ printf \"%s\" (quote .a) ‸", cursorSummary{InAction: true, Call: "printf/2", Vars: dollar}},
		{"the next argument", "{{ include \"x\" .Values.a ‸ }}", cursorSummary{InAction: true, Call: "include/2", Vars: dollar}},
		{"an empty action", "a: {{ ‸ }}", cursorSummary{InAction: true, ExpectFunction: true, Vars: dollar}},
		{"right after the delimiter", "a: {{‸", cursorSummary{InAction: true, ExpectFunction: true, Vars: dollar}},
		{"a keyword", "{{- if‸", cursorSummary{InAction: true, ExpectFunction: true, Word: "keyword if", Prefix: "if", Vars: dollar}},
		{"after if", "{{- if ‸", cursorSummary{InAction: true, ExpectFunction: true, Vars: dollar}},
		{"after a declaration", "{{ $x := ‸", cursorSummary{InAction: true, ExpectFunction: true, Vars: dollar}},
		{"with's dot", "{{ with .Values.x }}{{ .‸", cursorSummary{InAction: true, ExpectFunction: true,
			Word: "dot .", Segments: []string{""}, Vars: dollar, Blocks: []string{"with .Values.x"}}},
		{"range's variables", "{{ range $k, $v := .Values.m }}{{ $v.‸", cursorSummary{InAction: true, ExpectFunction: true,
			Word: "variable $v.", Segments: []string{"$v", ""}, Vars: []string{"$", "$k", "$v"},
			Blocks: []string{"range $k , $v := .Values.m"}}},
		{"a variable being typed", "{{ $x := 1 }}{{ $‸", cursorSummary{InAction: true, ExpectFunction: true,
			Word: "variable $", Segments: []string{"$"}, Prefix: "$", Vars: []string{"$", "$x"}}},
		{"nested blocks on several lines", "{{- define \"x\" }}\n{{- $a := 1 }}\n{{- if .Values.a }}\n  {{- with .Values.b }}\n" +
			"  {{- else }}\n    {{ $b := 2 }}\n    {{ printf \"%s\" ‸", cursorSummary{InAction: true, Call: "printf/1",
			Vars: []string{"$", "$a", "$b"}, Blocks: []string{`define "x"`, "if .Values.a", "with .Values.b +else"}}},
		{"a block ends", "{{ if .a }}{{ $x := 1 }}{{ end }}{{ ‸", cursorSummary{InAction: true, ExpectFunction: true, Vars: dollar}},
		{"a define hides the file's variables", "{{ define \"a\" }}{{ $x := 1 }}{{ end }}{{ $y := 2 }}{{ define \"b\" }}{{ ‸",
			cursorSummary{InAction: true, ExpectFunction: true, Vars: dollar, Blocks: []string{`define "b"`}}},
		{"after a define, the file's variables", "{{ $y := 2 }}{{ define \"b\" }}{{ $z := 1 }}{{ end }}{{ ‸",
			cursorSummary{InAction: true, ExpectFunction: true, Vars: []string{"$", "$y"}}},
		{"else with", "{{ if .a }}{{ else with $w := .Values.w }}{{ .‸", cursorSummary{InAction: true, ExpectFunction: true,
			Word: "dot .", Segments: []string{""}, Vars: []string{"$", "$w"}, Blocks: []string{"with $w := .Values.w"}}},
		{"range else", "{{ range .Values.l }}{{ else }}{{ .‸", cursorSummary{InAction: true, ExpectFunction: true,
			Word: "dot .", Segments: []string{""}, Vars: dollar, Blocks: []string{"range .Values.l +else"}}},
		{"comments are skipped", "{{/* {{ if .x }} */}}{{ .‸", cursorSummary{InAction: true, ExpectFunction: true,
			Word: "dot .", Segments: []string{""}, Vars: dollar}},
		{"in a comment", "{{ if .a }}{{/* abc‸ */}}", cursorSummary{InComment: true, Vars: dollar, Blocks: []string{"if .a"}}},
		{"in text", "{{ with .a }}\na: ‸{{ .x }}", cursorSummary{Vars: dollar, Blocks: []string{"with .a"}}},
		{"right after an action", "{{ .x }}‸", cursorSummary{Vars: dollar}},
		{"CRLF", "{{ if .a }}\r\n{{ .Values.b‸ }}\r\n", cursorSummary{InAction: true, ExpectFunction: true,
			Word: "field .Values.b", Segments: []string{"Values", "b"}, Prefix: "b", Vars: dollar, Blocks: []string{"if .a"}}},
		{"non-ASCII", "{{ $é := .Values.ü }}{{ $é.ö‸", cursorSummary{InAction: true, ExpectFunction: true,
			Word: "variable $é.ö", Segments: []string{"$é", "ö"}, Prefix: "ö", Vars: []string{"$", "$é"}}},
		{"an earlier action left open", "{{ if .a \nname: x\n{{ .‸", cursorSummary{InAction: true, ExpectFunction: true,
			Word: "dot .", Segments: []string{""}, Vars: dollar, Blocks: []string{"if .a name : x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			offset := strings.Index(tt.text, marker)
			data := []byte(strings.Replace(tt.text, marker, "", 1))
			got := summarize(data, CursorAt(data, offset))
			if !equalSummaries(got, tt.want) {
				t.Errorf("CursorAt(%q)\n got: %+v\nwant: %+v", tt.text, got, tt.want)
			}
		})
	}
}

func equalSummaries(a, b cursorSummary) bool {
	return a.InAction == b.InAction && a.InComment == b.InComment && a.InString == b.InString &&
		a.ExpectFunction == b.ExpectFunction && a.Word == b.Word && a.Prefix == b.Prefix && a.Literal == b.Literal &&
		a.Call == b.Call && slices.Equal(a.Segments, b.Segments) && slices.Equal(a.Vars, b.Vars) && slices.Equal(a.Blocks, b.Blocks)
}

// FuzzCursorAt reads arbitrary texts at every offset: no panic, and what
// the cursor names lies in the text, before the offset where it must.
func FuzzCursorAt(f *testing.F) {
	for _, s := range []string{"{{ .Values.a | quote }}", "{{ with .x }}{{ . }}{{ end }}", "{{ include \"a\\\"", "{{ range $k, $v := .m }}{{ $v.",
		"{{- define \"x\" }}{{ if .a }}{{ else with .b }}{{ (", "{{/* c */}}{{ `x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		data := []byte(text)
		for off := 0; off <= len(data); off++ {
			c := CursorAt(data, off)
			w := c.Word
			if w.End > 0 && (w.Start >= off || w.End > len(data) || w.End < off) {
				t.Fatalf("%q at %d: word %v", text, off, w)
			}
			for _, tok := range c.Action {
				if tok.Start >= off || tok.End > len(data) {
					t.Fatalf("%q at %d: action token %v", text, off, tok)
				}
			}
			if len(c.Vars) == 0 || c.Vars[0].Name != "$" {
				t.Fatalf("%q at %d: vars %v", text, off, c.Vars)
			}
		}
	})
}
