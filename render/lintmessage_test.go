package render

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// TestLintMessagePlaces checks where a required or fail that fired in lint
// mode is placed: at the call that said the message, also in a define
// that writes nothing before it and after calls with other messages.
func TestLintMessagePlaces(t *testing.T) {
	c := memoryChart(map[string]string{
		"templates/_helpers.tpl": "{{- define \"h\" -}}\n" +
			"{{- $ctx := required \"a context\" . -}}\n" +
			"{{- $a := required \"other\" .Values.x -}}\n" +
			"{{- if not .Values.token -}}\n" +
			"{{- fail (printf \"%s is required\" \"token\") -}}\n" +
			"{{- end -}}\n" +
			"{{ required `host needed` .Values.host }}\n" +
			"{{- end -}}\n",
		"templates/a.yaml": "a: {{ include \"h\" . }}\n",
		"templates/b.yaml": "{{- $x := required \"other\" .Values.x -}}\n" +
			"{{- $y := required \"b needs y\" .Values.y -}}\n" +
			"b: {{ $y }}\n",
	})
	rel, err := Template(context.Background(), c, Options{LintMode: true, SourceMap: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range rel.Output.Messages {
		if m.Span.File == nil {
			got = append(got, m.Text+" nowhere")
			continue
		}
		text := string(m.Span.File.Data[m.Span.Start:m.Span.End])
		got = append(got, fmt.Sprintf("%s %s:%d %s", m.Text, m.Span.File.Name, m.Span.File.Position(m.Span.Start).Line, text))
	}
	want := []string{
		"Fail: token is required templates/_helpers.tpl:5 fail",
		"Missing required value: b needs y templates/b.yaml:2 required",
		"Missing required value: host needed templates/_helpers.tpl:7 required",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("messages\n%q, want\n%q", got, want)
	}
}

// TestCallSite checks which call of a function a message is placed at.
func TestCallSite(t *testing.T) {
	for _, tt := range []struct {
		data, fn, msg string
		want          int
	}{
		{`{{ required "a" .a }}{{ required "b" .b }}`, "required", "b", 24},
		{"{{ required `a` .a }}{{ required `b` .b }}", "required", "b", 24},
		{`{{ failure }}{{ fail (printf "x") }}`, "fail", "x", 16},
		{`{{ .fail }}{{ fail (printf "x") }}`, "fail", "x", 14},
		{`{{ fail "a" }}{{ fail (printf "%s" .x) }}`, "fail", "b", 17},
		{`{{ fail "a" }}{{ fail "c" }}`, "fail", "b", 3},
		{`{{ include "x" . }}`, "fail", "b", -1},
	} {
		at, ok := callSite([]byte(tt.data), 0, tt.fn, tt.msg)
		if !ok {
			at = -1
		}
		if at != tt.want {
			t.Errorf("callSite(%s, %s, %q) = %d, want %d", tt.data, tt.fn, tt.msg, at, tt.want)
		}
	}
}
