package refs

import (
	"fmt"
	"slices"
	"testing"
)

// describeTokens renders tokens as "kind text".
func describeTokens(data []byte, tokens []Token) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = fmt.Sprintf("%s %s", t.Kind, t.Text(data))
	}
	return out
}

func TestLex(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"text only", "a: b\n", nil},
		{"field chain and pipe", "a {{ .Values.a.b | quote }} b", []string{
			"left delimiter {{", "field .Values.a.b", "pipe |", "function quote", "right delimiter }}"}},
		{"trim markers", "{{- if .x -}}", []string{"left delimiter {{-", "keyword if", "field .x", "right delimiter -}}"}},
		{"minus is no trim marker without a space", "{{-3}}", []string{"left delimiter {{", "number -3", "right delimiter }}"}},
		{"comments", "x {{/* c */}} y {{- /* d\n */ -}} z", []string{"comment {{/* c */}}", "comment {{- /* d\n */ -}}"}},
		{"unclosed comment", "{{/* abc\n{{ .x }}", []string{"comment {{/* abc\n{{ .x }}"}},
		{"comment without its delimiter", "{{/* c */ .x }}", []string{"comment {{/* c */", "field .x", "right delimiter }}"}},
		{"strings", `{{ "a\"b" "}}" }}`, []string{"left delimiter {{", `string "a\"b"`, `string "}}"`, "right delimiter }}"}},
		{"unterminated string ends before a delimiter", "{{ include \"my. }}\nx", []string{
			"left delimiter {{", "function include", `string "my.`, "right delimiter }}"}},
		{"unterminated string before a trim marker", "{{ x \"a -}}", []string{
			"left delimiter {{", "function x", `string "a`, "right delimiter -}}"}},
		{"unterminated string ends at the line end", "{{ include \"my.\n{{ .x }}", []string{
			"left delimiter {{", "function include", `string "my.`, "left delimiter {{", "field .x", "right delimiter }}"}},
		{"raw string across lines", "{{ `a\nb` }}", []string{"left delimiter {{", "raw string `a\nb`", "right delimiter }}"}},
		{"unterminated raw string", "{{ `a\nb }}", []string{"left delimiter {{", "raw string `a", "function b", "right delimiter }}"}},
		{"char", `{{ 'a' '\'' }}`, []string{"left delimiter {{", "char 'a'", `char '\''`, "right delimiter }}"}},
		{"numbers", "{{ 1 -2 +3 0x1F 1e-3 .5 1_000 }}", []string{"left delimiter {{", "number 1", "number -2", "number +3",
			"number 0x1F", "number 1e-3", "number .5", "number 1_000", "right delimiter }}"}},
		{"declaration", "{{ $x := $.Values.a }}{{ $x.b }}{{ $x = 2 }}", []string{
			"left delimiter {{", "variable $x", "declare :=", "variable $", "field .Values.a", "right delimiter }}",
			"left delimiter {{", "variable $x", "field .b", "right delimiter }}",
			"left delimiter {{", "variable $x", "assign =", "number 2", "right delimiter }}"}},
		{"range declaration", "{{ range $k, $v := .m }}", []string{
			"left delimiter {{", "keyword range", "variable $k", "comma ,", "variable $v", "declare :=", "field .m", "right delimiter }}"}},
		{"dot and a chain being typed", "{{ . }}{{ .Values. }}", []string{
			"left delimiter {{", "dot .", "right delimiter }}", "left delimiter {{", "field .Values.", "right delimiter }}"}},
		{"parens and a chain after them", "{{ (len .a).b }}", []string{
			"left delimiter {{", "left paren (", "function len", "field .a", "right paren )", "field .b", "right delimiter }}"}},
		{"keywords, bool, nil", "{{ template \"x\" }}{{ true nil }}{{ end }}", []string{
			"left delimiter {{", "keyword template", `string "x"`, "right delimiter }}",
			"left delimiter {{", "bool true", "nil nil", "right delimiter }}",
			"left delimiter {{", "keyword end", "right delimiter }}"}},
		{"unknown characters", "{{ # € : }}", []string{"left delimiter {{", "unknown #", "unknown €", "unknown :", "right delimiter }}"}},
		{"non-ASCII identifier", "{{ $é := .ü }}", []string{"left delimiter {{", "variable $é", "declare :=", "field .ü", "right delimiter }}"}},
		{"unclosed action ends at the next", "{{ .a\nx: {{ .b }}", []string{
			"left delimiter {{", "field .a", "function x", "unknown :", "left delimiter {{", "field .b", "right delimiter }}"}},
		{"unclosed at the end", "{{ .a", []string{"left delimiter {{", "field .a"}},
		{"CRLF", "{{ .a\r\n| b }}\r\n", []string{"left delimiter {{", "field .a", "pipe |", "function b", "right delimiter }}"}},
		{"invalid UTF-8", "{{ \xff }}", []string{"left delimiter {{", "unknown \xff", "right delimiter }}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.text)
			if got := describeTokens(data, Lex(data)); !slices.Equal(got, tt.want) {
				t.Errorf("Lex(%q)\n got: %q\nwant: %q", tt.text, got, tt.want)
			}
		})
	}
}

// FuzzLex checks that Lex reads any text into tokens that are not empty,
// do not overlap and lie in the text, in order.
func FuzzLex(f *testing.F) {
	for _, s := range []string{"{{ .Values.a | quote }}", "{{- /* c */ -}}", "{{ \"a\\\"", "{{ `x", "{{ $x := (len .a).b }}", "{{ 1e-3 }}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		data := []byte(text)
		end := 0
		for _, tok := range Lex(data) {
			if tok.Start < end || tok.End <= tok.Start || tok.End > len(data) {
				t.Fatalf("%q: token %v after offset %d", text, tok, end)
			}
			end = tok.End
		}
	})
}
