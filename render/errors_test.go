package render_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render"
)

// TestAllErrors checks that a chart with a parse error and an execution
// error in different templates reports both, each with its template
// position, and that the error Helm reports is the first.
func TestAllErrors(t *testing.T) {
	type want struct {
		file    string
		line    int
		message string
	}
	tests := []struct {
		helm3 bool
		want  []want
	}{{
		helm3: false,
		want: []want{
			{"templates/b-parse.yaml", 6, "parse error at (rt-broken/templates/b-parse.yaml:7): unexpected EOF"},
			{"templates/a-exec.yaml", 6, "rt-broken/templates/a-exec.yaml:6:17\n  executing \"rt-broken/templates/a-exec.yaml\" at <.Values.nothing.here>:\n    nil pointer evaluating interface {}.here"},
		},
	}, {
		helm3: true,
		want: []want{
			{"templates/b-parse.yaml", 6, "parse error at (rt-broken/templates/b-parse.yaml:7): unexpected EOF"},
			{"templates/a-exec.yaml", 6, "template: rt-broken/templates/a-exec.yaml:6:17: executing \"rt-broken/templates/a-exec.yaml\" at <.Values.nothing.here>: nil pointer evaluating interface {}.here"},
		},
	}}
	for _, tt := range tests {
		t.Run(map[bool]string{false: "helm4", true: "helm3"}[tt.helm3], func(t *testing.T) {
			c, err := chart.Load("../testdata/charts/rt-broken", chart.Options{FirstValuesDocument: tt.helm3})
			if err != nil {
				t.Fatal(err)
			}
			rel, err := render.Template(context.Background(), c, render.Options{Helm3: tt.helm3, ReleaseName: "rel"})
			if err == nil || rel == nil || rel.Output == nil {
				t.Fatalf("rendered without error or output: %v", err)
			}
			errs := rel.Output.Errors
			if len(errs) != len(tt.want) {
				t.Fatalf("%d errors, want %d: %v", len(errs), len(tt.want), errs)
			}
			if err.Error() != tt.want[0].message {
				t.Errorf("reported error %q, want the first, %q", err, tt.want[0].message)
			}
			for i, w := range tt.want {
				e := errs[i]
				if e.Message != w.message {
					t.Errorf("error %d: message\n got: %q\nwant: %q", i, e.Message, w.message)
				}
				if e.Span.File == nil {
					t.Errorf("error %d has no span", i)
					continue
				}
				if got := e.Span.File.Name; got != w.file {
					t.Errorf("error %d in %s, want %s", i, got, w.file)
				}
				if got := e.Span.File.Position(e.Span.Start).Line; got != w.line {
					t.Errorf("error %d at line %d, want %d", i, got, w.line)
				}
			}
			// The template that rendered is still there.
			if len(rel.Output.Files) != 1 || rel.Output.Files[0].Name != "rt-broken/templates/c-fine.yaml" {
				t.Errorf("rendered files %v, want c-fine.yaml only", rel.Output.Files)
			}
		})
	}
}

// TestErrorSpans checks where template errors are placed, in template files
// whose names hold spaces and colons: at the node an execution error names
// (innermost through include; the call for an error inside tpl text), at
// the token a parse error is about.
func TestErrorSpans(t *testing.T) {
	files := map[string]string{
		"templates/my cm: x.yaml":  "a: 1\nb: {{ .Values.nothing.here }}\n",
		"templates/_h:1:2.tpl":     "{{ define \"h\" }}\n  {{ .Values.deep.x }}{{ end }}",
		"templates/include.yaml":   "x: {{ include \"h\" . }}",
		"templates/tpl.yaml":       "t: {{ tpl \"{{ .Values.q.r }}\" . }}",
		"templates/parse: me.yaml": "a:\n  b: {{ .x \n",
		"templates/unknown.yaml":   "a: 1\nb: {{ nofunc 1 }}\n",
	}
	want := map[string]struct {
		file string
		line int
		text string
	}{
		"sp/templates/my cm: x.yaml":  {"templates/my cm: x.yaml", 2, ".Values.nothing.here"},
		"sp/templates/include.yaml":   {"templates/_h:1:2.tpl", 2, ".Values.deep.x"},
		"sp/templates/tpl.yaml":       {"templates/tpl.yaml", 1, `tpl "{{ .Values.q.r }}" .`},
		"sp/templates/parse: me.yaml": {"templates/parse: me.yaml", 2, "{{"},
		"sp/templates/unknown.yaml":   {"templates/unknown.yaml", 2, "nofunc"},
	}
	c := &chart.Chart{Metadata: &chart.Metadata{Name: "sp", Version: "0.1.0", APIVersion: "v2"}}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		c.Templates = append(c.Templates, source.NewFile(name, []byte(files[name])))
	}
	out := render.Engine{}.Render(context.Background(), c, map[string]any{"Values": render.Values{}})
	if len(out.Errors) != len(want) {
		t.Fatalf("%d errors, want %d: %v", len(out.Errors), len(want), out.Errors)
	}
	for _, e := range out.Errors {
		w, ok := want[e.Template]
		if !ok {
			t.Errorf("unexpected error in %s: %v", e.Template, e)
			continue
		}
		sp := e.Span
		if sp.File == nil {
			t.Errorf("%s: no span for %q", e.Template, e.Message)
			continue
		}
		got := string(sp.File.Data[sp.Start:sp.End])
		if sp.File.Name != w.file || sp.File.Position(sp.Start).Line != w.line || got != w.text {
			t.Errorf("%s: span %s %q, want %s:%d %q\nmessage: %s", e.Template, sp, got, w.file, w.line, w.text, e.Message)
		}
	}
}
