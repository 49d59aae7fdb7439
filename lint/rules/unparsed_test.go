package rules_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestHoldBackWhileTemplatesDoNotParse lints a chart whose helper file and
// one template do not parse: the key only that template reads is not
// "unused", and the include of the helper's define is not "undefined",
// with the render or without; the syntax errors are reported. Once both parse, an unread key and an
// undefined name are reported again.
func TestHoldBackWhileTemplatesDoNotParse(t *testing.T) {
	chartFS := func(helper, broken string) fstest.MapFS {
		return fstest.MapFS{
			"Chart.yaml":            {Data: []byte("apiVersion: v2\nname: c\nversion: 1.0.0\nicon: https://example.com/i.png\n")},
			"values.yaml":           {Data: []byte("onlyBroken: 1\nused: 2\nnobody: 3\n")},
			"templates/_h.tpl":      {Data: []byte(helper)},
			"templates/ok.yaml":     {Data: []byte("a: {{ .Values.used }}\nb: {{ include \"helper\" . }}\nc: {{ include \"nowhere\" . | default \"\" }}\n")},
			"templates/broken.yaml": {Data: []byte(broken)},
		}
	}
	rulesAt := func(fsys fstest.MapFS, noRender bool) []string {
		c, err := chart.LoadDir(fsys, chart.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := lint.RunChart(context.Background(), lint.Target{Path: "c", Dir: "/c", FS: fsys, Chart: c}, lint.Options{Rules: rules.All(), NoRender: noRender})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, string(f.Rule)+" "+f.Path)
		}
		return got
	}

	brokenFS := chartFS(`{{ define "helper" }}x{{ end }}{{ if }}`, "x: {{ .Values.onlyBroken ")
	broken := rulesAt(brokenFS, false)
	for _, want := range []string{"template-render templates/_h.tpl", "template-render templates/broken.yaml"} {
		if !slices.Contains(broken, want) {
			t.Errorf("no %q among %q", want, broken)
		}
	}
	for _, f := range append(broken, rulesAt(brokenFS, true)...) {
		if f == "values-unused values.yaml" || f == "template-unknown-include templates/ok.yaml" {
			t.Errorf("reported while templates do not parse: %q", f)
		}
	}

	fixed := rulesAt(chartFS(`{{ define "helper" }}x{{ end }}`, "x: {{ .Values.onlyBroken }}"), true)
	for _, want := range []string{"values-unused values.yaml", "template-unknown-include templates/ok.yaml"} {
		if !slices.Contains(fixed, want) {
			t.Errorf("once all parse, no %q among %q", want, fixed)
		}
	}
	if n := len(slices.DeleteFunc(slices.Clone(fixed), func(f string) bool { return f != "values-unused values.yaml" })); n != 1 {
		t.Errorf("%d values-unused findings, want 1 (nobody): %q", n, fixed)
	}
}

// TestUnusedValuesBesideATemplateThatDoesNotParse lints a chart one of
// whose templates does not parse: values-unused still reports the keys no
// template reads, taking what the broken template's text reads (the name
// being typed as a prefix), and holds back when that text hands values on
// whole or includes templates.
func TestUnusedValuesBesideATemplateThatDoesNotParse(t *testing.T) {
	unused := func(broken string) []string {
		fsys := fstest.MapFS{
			"Chart.yaml":            {Data: []byte("apiVersion: v2\nname: c\nversion: 1.0.0\n")},
			"values.yaml":           {Data: []byte("onlyBroken: 1\nused: 2\nnobody: 3\nimage:\n  tag: x\n  pullPolicy: y\n")},
			"templates/ok.yaml":     {Data: []byte("a: {{ .Values.used }}\n")},
			"templates/broken.yaml": {Data: []byte(broken)},
		}
		var got []string
		for _, f := range lintMapFS(t, fsys, lint.Options{Rules: rules.All()}).Findings {
			if f.Rule == "values-unused" {
				got = append(got, strings.SplitN(f.Message, " ", 2)[0])
			}
		}
		slices.Sort(got)
		return got
	}
	tests := []struct {
		broken string
		want   []string
	}{
		{"x: {{ .Values.onlyBroken }}\ny: {{ if .Values.image.tag }}\n", []string{"image.pullPolicy", "nobody"}},
		{"x: {{ .Values.onlyBr", []string{"image", "nobody"}},
		{"x: {{ $.Values.image.pull", []string{"image.tag", "nobody", "onlyBroken"}},
		{"x: {{ toYaml .Values }}{{ if }}", nil},
		{"x: {{ toYaml . }}{{ if }}", nil},
		{"x: {{ include \"h\" .Values.image }}{{ if }}", nil},
	}
	for _, tt := range tests {
		if got := unused(tt.broken); !slices.Equal(got, tt.want) {
			t.Errorf("with %q: unused %q, want %q", tt.broken, got, tt.want)
		}
	}
}

// TestUnclosedBlockAtItsKeyword lints a template whose if has no end: the
// finding is at the if and says so, while helm lint's text names the end
// of the file, as Helm does.
func TestUnclosedBlockAtItsKeyword(t *testing.T) {
	fsys := fstest.MapFS{
		"Chart.yaml":        {Data: []byte("apiVersion: v2\nname: c\nversion: 1.0.0\n")},
		"templates/cm.yaml": {Data: []byte("a: 1\n{{- if .Values.x }}\nb: 2\n{{ range .Values.l }}{{ end }}\n# more\n")},
	}
	var found []lint.Finding
	for _, f := range lintMapFS(t, fsys, lint.Options{Rules: rules.All()}).Findings {
		if f.Rule == "template-render" {
			found = append(found, f)
		}
	}
	const helm = "parse error at (c/templates/cm.yaml:6): unexpected EOF"
	if len(found) != 1 {
		t.Fatalf("findings %v, want one", found)
	}
	f := found[0]
	if want := helm + ": the if at line 2 has no {{ end }}"; f.Message != want || f.Position().Line != 2 || f.HelmText() != helm {
		t.Errorf("%s:%d %q (helm lint: %q), want line 2 %q (helm lint: %q)", f.Path, f.Position().Line, f.Message, f.HelmText(), want, helm)
	}
}
