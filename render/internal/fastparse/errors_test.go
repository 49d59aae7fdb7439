package fastparse

import (
	"errors"
	"testing"
)

// TestErrorRange checks the text each parse error is placed at: the token
// at fault when this parser finds the error, the line text/template names
// when it hands the text over first.
func TestErrorRange(t *testing.T) {
	tests := []struct {
		name, text string
		want       string // the text of the error's range
		wantStart  int
	}{
		{"unclosed action points at its delimiter", "a\n{{ .x \n\n", "{{", 2},
		{"unclosed trimmed action", "a\n{{- .x", "{{", 2},
		{"unknown function", "x {{ foo }}", "foo", 5},
		{"undefined variable", "x\n {{ $y.z }}", "$y", 6},
		{"unterminated string runs to the line end", "{{ \"abc }}\n", "\"abc }}", 3},
		{"unterminated raw string", "{{ `abc }}", "`", 3},
		{"unexpected EOF is at the block left open", "{{ if .a }}x\n", "if", 3},
		{"unexpected EOF in nested blocks is at the innermost", "{{ define \"d\" }}{{ range .a }}{{ end }}{{ with .b }}x\n", "with", 42},
		{"unexpected EOF in an else is at its if", "{{ if .a }}x{{ else }}y\n", "if", 3},
		{"unexpected end", "a {{- end }}", "end", 6},
		{"else outside a block", "a {{ else }}", "else", 5},
		{"second else", "{{ with .a }}{{ else }}{{ else }}{{ end }}", "else", 26},
		{"unclosed left paren", "{{ (len (.a) }}", "(", 3},
		{"unexpected right paren", "{{ .a ) }}", ")", 6},
		{"bad number", "{{ 3x }}", "3x", 3},
		{"illegal number", "{{ 0x }}", "0x", 3},
		{"bad character after a word", "{{ .a# }}", "#", 5},
		{"bad character", "{{ .a ! }}", "!", 6},
		{"expected :=", "{{ $x : 1 }}", ":", 6},
		{"unclosed comment", "a {{/* c", "{{/*", 2},
		{"comment ends before the delimiter", "{{/* c */ x }}", "*/", 7},
		{"duplicate define points at the name", "{{ define \"a\" }}x{{ end }}{{ define \"a\" }}\ny{{ end }}", "\"a\"", 36},
		{"constant after a pipe", "{{ .a | \"s\" }}", "\"s\"", 8},
		{"missing value", "{{ range }}{{ end }}", "}}", 9},
		{"too many declarations", "{{ range $a, $b, $c := . }}{{ end }}", ",", 15},
		{"break outside range", "{{ break }}", "break", 3},
		{"bad template name", "{{ template .x }}", ".x", 12},
		{"invalid escape", "{{ \"\\q\" }}", "\"\\q\"", 3},
		{"field after a constant", "{{ \"s\".x }}", ".x", 6},
		// Handed to text/template before the error: its line, trimmed.
		{"after a character constant", "{{ 'c' }}\n  {{ foo }}  \n", "{{ foo }}", 12},
		{"after a character constant, CRLF", "{{ 'c' }}\r\n{{ foo }}\r\nz", "{{ foo }}", 11},
		{"after non-ASCII", "{{ $é := 1 }}\n{{ $y }}", "{{ $y }}", 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.yaml", tt.text, 0, funcs, builtins)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T), want an *Error", err, err)
			}
			if got := tt.text[e.Start:e.End]; got != tt.want || e.Start != tt.wantStart {
				t.Errorf("%v: at %d %q, want %d %q", err, e.Start, got, tt.wantStart, tt.want)
			}
		})
	}
}

func TestErrorLine(t *testing.T) {
	tests := []struct {
		msg, name string
		want      int
		ok        bool
	}{
		{"template: a b:c.yaml:12: unexpected EOF", "a b:c.yaml", 12, true},
		{"template: a:1:2.yaml:3: x: y", "a:1:2.yaml", 3, true},
		{"template: other:3: x", "a", 0, false},
		{"template: a: multiple definition", "a", 0, false},
	}
	for _, tt := range tests {
		if got, ok := errorLine(tt.msg, tt.name); got != tt.want || ok != tt.ok {
			t.Errorf("errorLine(%q, %q) = %d, %v, want %d, %v", tt.msg, tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
