package refs

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// atChart is a chart whose templates write every kind of name At finds.
func atChart() *chart.Chart {
	return newChart("app", map[string]any{"m": map[string]any{"k": map[string]any{"f": 1.0}}}, map[string]string{
		"templates/_helpers.tpl": `{{- define "app.name" -}}
{{ .Chart.Name }}-{{ .Values.nameOverride }}
{{- end }}
{{- define "app.img" -}}
{{ .repo }}:{{ .tag }}
{{- end }}
`,
		"templates/cm.yaml": `name: {{ include "app.name" . }}
img: {{ include "app.img" .Values.image }}
tag: {{ .Values.image.tag | quote }}
{{- $x := .Values.a }}
b: {{ $x.b }}
{{- with .Values.w }}
w: {{ .inner }}
{{- else }}
e: {{ .Values.e }}
{{- end }}
{{- range $k, $v := .Values.m }}
v: {{ $v.f }}
{{- end }}
idx: {{ index .Values "s" "t" }}
ns: {{ .Release.Namespace }} {{ $.Capabilities.KubeVersion.Version }}
f: {{ .Files.Get "conf/a.txt" }}
{{ template "app.name" . }}
`,
	})
}

// after is the offset right after the first occurrence of context in f.
func after(t *testing.T, f *source.File, context string) int {
	t.Helper()
	i := strings.Index(string(f.Data), context)
	if i < 0 {
		t.Fatalf("%q not in %s", context, f.Name)
	}
	return i + len(context)
}

// describeTarget renders a target as "kind `span text` details".
func describeTarget(t Target) string {
	s := fmt.Sprintf("%s `%s`", t.Kind, t.Span.File.Data[t.Span.Start:t.Span.End])
	switch t.Kind {
	case TargetValues:
		s += fmt.Sprintf(" %s: %s of %s (%d reads)", t.Chart.Name(), strings.Join(t.Path, "."), strings.Join(t.FullPath, "."), len(t.Reads))
	case TargetBuiltin:
		s += fmt.Sprintf(" %s: %s of %s", t.Chart.Name(), strings.Join(t.Path, "."), strings.Join(t.FullPath, "."))
	case TargetCall:
		s += fmt.Sprintf(" %s %q", t.Call.Kind, t.Call.Name)
		if t.Define != nil {
			s += " to " + t.Define.Span.String()
		}
	case TargetDefine:
		s += " " + t.Define.Name
	case TargetFunction:
		s += " " + t.Name
	case TargetVariable:
		s += " " + t.Name
		if t.Decl.File != nil {
			s += " declared at " + t.Decl.String()
		}
	}
	return s
}

func TestAt(t *testing.T) {
	c := atChart()
	ix := Build(c)
	if len(ix.Issues()) != 0 {
		t.Fatalf("issues: %v", ix.Issues())
	}
	helpers, cm := c.Templates[0], c.Templates[1]
	tests := []struct {
		file    *source.File
		context string // the offset is right after it
		back    int    // and this many bytes before
		want    string // "" when nothing is there
	}{
		{cm, ".Values.image.ta", 0, "values `tag` app: image.tag of image.tag (1 reads)"},
		{cm, ".Values.image.tag", 0, "values `tag` app: image.tag of image.tag (1 reads)"},
		{cm, ".Values.im", 0, "values `image` app: image of image (0 reads)"},
		{cm, "tag: {{ .Values.im", 0, "values `image` app: image of image.tag (1 reads)"},
		{cm, "tag: {{ .Val", 0, "builtin `Values` app: Values of Values"},
		{cm, "{{ $x.", 0, "values `b` app: a.b of a.b (1 reads)"},
		{cm, "{{ $x", 1, "variable `$x` $x declared at templates/cm.yaml:4:5"},
		{cm, "{{- $x", 1, "variable `$x` $x declared at templates/cm.yaml:4:5"},
		{cm, "{{ .inn", 0, "values `inner` app: w.inner of w.inner (1 reads)"},
		{cm, "{{ $v.f", 0, "values `f` app: m.*.f of m.*.f (1 reads)"},
		{cm, "{{ $v", 0, "variable `$v` $v declared at templates/cm.yaml:11:15"},
		{cm, `"s`, 0, "values `\"s\"` app: s of s.t (1 reads)"},
		{cm, `"t`, 0, "values `\"t\"` app: s.t of s.t (1 reads)"},
		{cm, ".Release.Name", 0, "builtin `Namespace` app: Release.Namespace of Release.Namespace"},
		{cm, "$.Capabilities.Kube", 0, "builtin `KubeVersion` app: Capabilities.KubeVersion of Capabilities.KubeVersion.Version"},
		{cm, "}} {{ $", 0, "variable `$` $"},
		{cm, ".Files.G", 0, "builtin `Get` app: Files.Get of Files.Get"},
		{cm, `include "app.na`, 0, "call `\"app.name\"` include \"app.name\" to templates/_helpers.tpl:1:12"},
		{cm, `template "app.na`, 0, "call `\"app.name\"` template \"app.name\" to templates/_helpers.tpl:1:12"},
		{cm, "{{ incl", 0, "function `include` include"},
		{cm, "| quo", 0, "function `quote` quote"},
		{cm, "{{ ind", 0, "function `index` index"},
		{cm, "name: ", 0, ""},
		{cm, "tag: {{", 0, ""},
		{helpers, `define "app.n`, 0, "define `\"app.name\"` app.name"},
		{helpers, ".Chart.Na", 0, "builtin `Name` app: Chart.Name of Chart.Name"},
		{helpers, ".Values.nameOver", 0, "values `nameOverride` app: nameOverride of nameOverride (2 reads)"},
		{helpers, "{{ .ta", 0, "values `tag` app: image.tag of image.tag (1 reads)"},
	}
	for _, tt := range tests {
		off := after(t, tt.file, tt.context) - tt.back
		got := ""
		if target, ok := ix.At(tt.file, off); ok {
			got = describeTarget(target)
		}
		if got != tt.want {
			t.Errorf("At %s after %q\n got: %s\nwant: %s", tt.file.Name, tt.context, got, tt.want)
		}
	}
}

// TestReadPathSpans checks where each read says its path elements are
// written: only inside the read's own span.
func TestReadPathSpans(t *testing.T) {
	ix := Build(atChart())
	var got []string
	for _, r := range ix.Reads() {
		var elems []string
		for i, sp := range r.PathSpans {
			if sp.File != nil {
				elems = append(elems, fmt.Sprintf("%s=%s", r.Path[i], sp.File.Data[sp.Start:sp.End]))
			}
		}
		got = append(got, fmt.Sprintf("%s [%s]", strings.Join(r.Path, "."), strings.Join(elems, " ")))
	}
	want := []string{
		"nameOverride [nameOverride=nameOverride]",
		"image.repo [repo=repo]", "image.tag [tag=tag]",
		"image.tag [image=image tag=tag]", "a [a=a]", "a.b [b=b]", "w [w=w]", "w.inner [inner=inner]", "e [e=e]",
		"m [m=m]", "m.*.f [f=f]", `s.t [s="s" t="t"]`, "nameOverride [nameOverride=nameOverride]",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("path spans\n got: %q\nwant: %q", got, want)
	}
}

// TestAtSubcharts checks At on .Subcharts.<alias>.Values, which reaches
// the subchart's values, and on .Template.Name.
func TestAtSubcharts(t *testing.T) {
	c := loadParent(t)
	c.Templates = append(c.Templates, source.NewFile("templates/name.yaml", []byte("n: {{ .Template.Name }}\n")))
	ix := Build(c)
	var cm, name *source.File
	for _, f := range c.Templates {
		switch f.Name {
		case "templates/cm.yaml":
			cm = f
		case "templates/name.yaml":
			name = f
		}
	}
	tests := []struct {
		file    *source.File
		context string
		want    string
	}{
		{cm, ".Subcharts.chi", "builtin `child` parent: Subcharts.child of Subcharts.child.Values"},
		{cm, ".Subcharts.child.Val", "builtin `Values` parent: Subcharts.child.Values of Subcharts.child.Values"},
		{cm, ".Subcharts.child.Values.x", "values `x` sub: x of x (1 reads)"},
		{name, ".Template.Na", "builtin `Name` parent: Template.Name of Template.Name"},
	}
	for _, tt := range tests {
		got := ""
		if target, ok := ix.At(tt.file, after(t, tt.file, tt.context)); ok {
			got = describeTarget(target)
		}
		if got != tt.want {
			t.Errorf("At after %q\n got: %s\nwant: %s", tt.context, got, tt.want)
		}
	}
}
