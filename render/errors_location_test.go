package render

import (
	"testing"

	"github.com/chartwright/chartwright/chart/source"
)

func TestInnermostLocation(t *testing.T) {
	files := map[string]*source.File{}
	for _, name := range []string{"c/templates/a.yaml", "c/templates/my cm: x.yaml", "c/templates/my cm",
		"c/templates/_helpers.tpl", "c/t/a", "c/t/a:1", "c/t/a:1:2.yaml"} {
		files[name] = source.NewFile(name, nil)
	}
	tests := []struct {
		name, msg string
		want      location
		ok        bool
	}{
		{"line and column",
			`template: c/templates/a.yaml:6:17: executing "c/templates/a.yaml" at <.Values.x.y>: nil pointer evaluating interface {}.y`,
			location{"c/templates/a.yaml", 6, 17, ".Values.x.y"}, true},
		{"line only",
			`template: c/templates/a.yaml:3: function "x" not defined`,
			location{"c/templates/a.yaml", 3, 0, ""}, true},
		{"spaces and a colon in the name",
			`template: c/templates/my cm: x.yaml:2:4: executing "c/templates/my cm: x.yaml" at <.Values.a>: boom`,
			location{"c/templates/my cm: x.yaml", 2, 4, ".Values.a"}, true},
		{"a shorter known name followed by what is no position",
			`template: c/t/a:1:2.yaml:5:6: executing "c/t/a:1:2.yaml" at <.b>: boom`,
			location{"c/t/a:1:2.yaml", 5, 6, ".b"}, true},
		{"the longest known name",
			`template: c/t/a:1:2:3: executing "x" at <.b>: boom`,
			location{"c/t/a:1", 2, 3, ".b"}, true},
		{"innermost through include",
			`template: c/templates/a.yaml:4:10: executing "c/templates/a.yaml" at <include "c.x" .>: error calling include: ` +
				`template: c/templates/_helpers.tpl:7:3: executing "c.x" at <.Values.a.b>: nil pointer evaluating interface {}.b`,
			location{"c/templates/_helpers.tpl", 7, 3, ".Values.a.b"}, true},
		{"tpl text is no file: the call",
			`template: c/templates/a.yaml:2:5: executing "c/templates/a.yaml" at <tpl .Values.t .>: error calling tpl: ` +
				`error during tpl function execution for "{{ .Values.x.y }}": template: gotpl:1:10: executing "gotpl" at <.Values.x.y>: nil pointer`,
			location{"c/templates/a.yaml", 2, 5, "tpl .Values.t ."}, true},
		{"required's marked message",
			`template: c/templates/a.yaml:1:4: executing "c/templates/a.yaml" at <required "x is required" .Values.x>: error calling required: HELM_ERR_STARTx is requiredHELM_ERR_END`,
			location{"c/templates/a.yaml", 1, 4, `required "x is required" .Values.x`}, true},
		{"a node holding >: ",
			`template: c/templates/a.yaml:1:4: executing "c/templates/a.yaml" at <fail ">: ">: error calling fail: x`,
			location{"c/templates/a.yaml", 1, 4, `fail "`}, true},
		{"no known name", `template: no template "x" associated with template "gotpl"`, location{}, false},
		{"unknown file", `template: other.yaml:1:2: executing "other.yaml" at <.x>: boom`, location{}, false},
		{"no number", `template: c/templates/a.yaml:x:2: boom`, location{}, false},
		{"empty", "", location{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := innermostLocation(tt.msg, files)
			if got != tt.want || ok != tt.ok {
				t.Errorf("innermostLocation = %+v, %v, want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestNodeAt(t *testing.T) {
	data := []byte("x: {{ .Values.nothing.here | quote }}")
	tests := []struct {
		off   int
		node  string
		start int
		end   int
	}{
		{13, ".Values.nothing.here", 6, 26}, // text/template's position: the second field
		{6, ".Values.nothing.here", 6, 26},
		{6, ".Values.nothing.h...", 6, 23},
		{6, ".Values.other", 6, 6},
		{6, "", 6, 6},
		{36, "}}", 35, 37},
	}
	for _, tt := range tests {
		if start, end := nodeAt(data, tt.off, tt.node); start != tt.start || end != tt.end {
			t.Errorf("nodeAt(%d, %q) = %d, %d, want %d, %d", tt.off, tt.node, start, end, tt.start, tt.end)
		}
	}
}

func FuzzInnermostLocation(f *testing.F) {
	files := map[string]*source.File{"a: b": source.NewFile("a: b", nil), "a": source.NewFile("a", nil)}
	f.Add(`template: a: b:1:2: executing "a: b" at <.x>: template: a:3: y`)
	f.Add("template: a:")
	f.Fuzz(func(t *testing.T, msg string) {
		loc, ok := innermostLocation(msg, files)
		if ok && (files[loc.name] == nil || loc.line < 0 || loc.col < 0) {
			t.Fatalf("%q: %+v", msg, loc)
		}
	})
}
