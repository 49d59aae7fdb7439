package rules

import (
	"slices"
	"strconv"
	"testing"
	"text/template/parse"
)

// filesCallsOf walks a template as the rules' command walker does and
// returns, for each constant .Files call, whether its result is only
// tested and the names guarding it.
func filesCallsOf(t *testing.T, text string) map[string]command {
	t.Helper()
	funcs := map[string]any{}
	for _, name := range []string{"and", "or", "not", "eq", "empty", "default", "quote"} {
		funcs[name] = true
	}
	trees, err := parse.Parse("t", text, "", "", funcs)
	if err != nil {
		t.Fatal(err)
	}
	w := &commandWalker{}
	w.node(trees["t"].Root, false)
	out := map[string]command{}
	for _, c := range w.out {
		if _, arg, ok := filesCall(c.cmd); ok {
			name, _ := strconv.Unquote(arg.Quoted)
			out[name] = c
		}
	}
	return out
}

// TestFilesCallTested checks which .Files calls only test their result.
func TestFilesCallTested(t *testing.T) {
	for _, tt := range []struct {
		text   string
		tested bool
	}{
		{`{{ if .Files.Glob "x" }}{{ end }}`, true},
		{`{{ if (.Files.Glob "x") }}{{ end }}`, true},
		{`{{ with .Files.Get "x" }}{{ end }}`, true},
		{`{{ range $p, $_ := .Files.Glob "x" }}{{ end }}`, true},
		{`{{ if and (or (.Files.Glob "x") .Values.a) (not .Values.b) }}{{ end }}`, true},
		{`{{ or (.Files.Get "x") "fallback" }}`, true},
		{`{{ not (.Files.Get "x") }}`, true},
		{`{{ .Files.Get "x" | default "fallback" }}`, true},
		{`{{ default "fallback" (.Files.Get "x") }}`, true},
		{`{{ default (.Files.Get "x") .Values.a }}`, false},
		{`{{ .Files.Get "x" | quote }}`, false},
		{`{{ if eq (.Files.Get "x") "y" }}{{ end }}`, false},
		{`{{ if (.Files.Glob "x").AsConfig }}{{ end }}`, false},
		{`{{ if .Values.a }}{{ .Files.Get "x" }}{{ end }}`, false},
		{`{{ $v := .Files.Get "x" }}`, false},
	} {
		c, ok := filesCallsOf(t, tt.text)["x"]
		if !ok {
			t.Errorf("%s: no .Files call found", tt.text)
			continue
		}
		if c.tested != tt.tested {
			t.Errorf("%s: tested %v, want %v", tt.text, c.tested, tt.tested)
		}
	}
}

// TestFilesCallGuards checks that a test of .Files guards its block, not
// its else nor what follows it.
func TestFilesCallGuards(t *testing.T) {
	calls := filesCallsOf(t, `{{ if or (.Files.Glob "conf/*.conf") .Values.a }}{{ if .Values.b }}{{ .Files.Get "in" }}{{ end }}`+
		`{{ else }}{{ .Files.Get "else" }}{{ end }}{{ .Files.Get "after" }}`+
		`{{ with .Files.Get "w" }}{{ .Files.Get "in-with" }}{{ end }}`)
	for name, want := range map[string][]string{
		"in": {"conf/*.conf"}, "else": nil, "after": nil, "in-with": {"w"},
	} {
		if got := calls[name].guards; !slices.Equal(got, want) {
			t.Errorf("%s: guards %q, want %q", name, got, want)
		}
	}
}

// TestGuarded checks which reads a test of files covers.
func TestGuarded(t *testing.T) {
	for _, tt := range []struct {
		name   string
		guards []string
		want   bool
	}{
		{"files/a.conf", []string{"files/a.conf"}, true},
		{"files/a.conf", []string{"files/*.conf"}, true},
		{"files/init/*.sql.gz", []string{"files/init/*.{sh,sql,sql.gz}"}, true},
		{"files/b.conf", []string{"files/a.conf"}, false},
		{"other/a.conf", []string{"files/*.conf"}, false},
		{"files/a.conf", nil, false},
	} {
		if got := guarded(tt.name, tt.guards); got != tt.want {
			t.Errorf("guarded(%q, %q) = %v, want %v", tt.name, tt.guards, got, tt.want)
		}
	}
}
