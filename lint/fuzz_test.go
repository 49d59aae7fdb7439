package lint_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/render/values"
)

// fuzzTemplates read values in the ways charts do: paths, ranges, tpl,
// include, toYaml and required.
var fuzzTemplates = map[string]string{
	"templates/_helpers.tpl": `{{ define "name" }}{{ .Values.name | default "x" | trunc 63 }}{{ end }}`,
	"templates/cm.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "name" . }}
  labels: {{ toYaml .Values.labels | nindent 4 }}
data:
  {{- range $k, $v := .Values.data }}
  {{ $k }}: {{ $v | quote }}
  {{- end }}
  port: {{ .Values.service.port | default 80 | quote }}
  text: {{ tpl (toString .Values.text) . | quote }}
  need: {{ required "need is required" .Values.need | quote }}
`,
}

// fuzzChart is a chart of the files given over the fuzz templates.
func fuzzChart(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"Chart.yaml": {Data: []byte("apiVersion: v2\nname: fz\nversion: 1.0.0\n")}}
	for name, text := range fuzzTemplates {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

// lintFuzzChart loads and lints a chart, as Helm 4 and as Helm 3, and fails
// on what chartwright must never do: panic, or fail on a chart.
func lintFuzzChart(t *testing.T, fsys fstest.MapFS, user map[string]any) {
	for _, helm3 := range []bool{false, true} {
		c, loadErr := chart.LoadDir(fsys, chart.Options{FirstValuesDocument: helm3})
		res, err := lint.RunChart(context.Background(), lint.Target{Path: "fz", Dir: "/fz", FS: fsys, Chart: c, LoadErr: loadErr},
			lint.Options{Rules: rules.All(), Helm3: helm3, ValuesSets: []lint.ValuesSet{{Name: lint.DefaultValuesSet, Values: user}}})
		if err != nil {
			t.Fatalf("helm3 %v: lint failed: %v", helm3, err)
		}
		for _, f := range res.Findings {
			if strings.Contains(f.Message, "internal error in ") || strings.Contains(f.Message, "rendering template failed: ") {
				t.Fatalf("helm3 %v: %s: %s", helm3, f.Rule, f.Message)
			}
		}
	}
}

// FuzzValues lints a chart whose values.yaml and --set flag are the
// fuzzer's: no input makes chartwright panic.
func FuzzValues(f *testing.F) {
	f.Add("name: web\nlabels:\n  a: b\ndata:\n  k: v\nservice:\n  port: 8080\ntext: '{{ .Values.name }}'\nneed: 1\n", "service.port=9090")
	f.Add("- a\n- b\n", "a.b[x]=1")
	f.Add("name: [unclosed\n", "name=null,labels.a=1")
	f.Add("text: '{{ tpl .Values.text . }}'\n", "data.k[2]=x")
	f.Add("a: &a [*a]\n", "a={b,c}")
	f.Add("---\nname: x\n---\nname: y\n", `name\.x=1`)
	f.Fuzz(func(t *testing.T, valuesYAML, set string) {
		if len(valuesYAML) > 1<<12 || len(set) > 1<<9 {
			return
		}
		user, err := values.Flags{Set: []string{set}}.Merge(nil, values.Options{})
		if err != nil {
			user = nil // a flag Helm refuses: the chart's defaults alone
		}
		lintFuzzChart(t, fuzzChart(map[string]string{"values.yaml": valuesYAML}), user)
	})
}

// FuzzTemplate lints a chart with one template of the fuzzer's: no text
// makes chartwright panic or run out of stack.
func FuzzTemplate(f *testing.F) {
	f.Add("a: {{ .Values.name }}\n")
	f.Add(`{{ define "a" }}{{ include "a" . }}{{ end }}{{ include "a" . }}`)
	f.Add(`{{ tpl "{{ tpl .Values.text . }}" . }}`)
	f.Add("{{ if .Values.x }}\nkind: [\n")
	f.Add("{{ range $i, $e := until 3 }}{{ $e }}{{ end }}\n---\n- list\n")
	f.Add(`{{ $x := dict "a" 1 }}{{ set $x "b" $x }}{{ toYaml $x }}`)
	f.Add(`{{ $x := dict "a" 1 }}{{ $_ := mergeOverwrite $x (dict "b" (dict "c" $x)) }}{{ $_ := set $x "l" (list $x) }}{{ dig "b" "c" "a" 0 $x }}{{ typeOf $x.l }}{{ $x.b }}`)
	f.Add(`{{ $_ := set .Values "d" dict }}{{ $c := omit .Values "x" }}{{ $_ := set .Values.d "n" (dict "Values" $c) }}{{ $m := mergeOverwrite (omit . "Values") .Values.d.n }}{{ $_ := set .Values.d "n" $m }}{{ include "x" (list .Values.d.n) }}{{ define "x" }}{{ toYaml . }}{{ end }}`)
	f.Add(`{{ $c := dict }}{{ $_ := set $c "s" $c }}{{ $d := dict "a" dict "b" dict }}{{ $_ := merge $d (dict "a" (dict "k" $c)) (dict "b" (dict "k" $c)) $c }}{{ printf "%v" $d }}`)
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<12 {
			return
		}
		lintFuzzChart(t, fuzzChart(map[string]string{"values.yaml": "name: web\ntext: '{{ .Values.name }}'\nneed: 1\n", "templates/f.yaml": text}), nil)
	})
}
