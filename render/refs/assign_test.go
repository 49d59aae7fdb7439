package refs

import (
	"strings"
	"testing"
)

// TestAssigns checks which values paths the templates assign: set of
// "Values" on the top-level object however it is reached replaces them
// whole, set on a values path assigns the key, merge into one any path
// below it; other sets and reads assign nothing.
func TestAssigns(t *testing.T) {
	tests := []struct {
		name, tmpl, helpers string
		assigned, kept      []string // dotted paths; "" is the values whole
	}{
		{name: "set Values on dot", tmpl: `{{ $_ := set . "Values" (mergeOverwrite (deepCopy .Values.defaults) .Values) }}`,
			assigned: []string{"", "a.b"}},
		{name: "set Values on $ in a range", tmpl: `{{ range .Values.list }}{{ $_ := set $ "Values" (merge $.Values (dict "x" 1)) }}{{ end }}`,
			assigned: []string{"", "x"}},
		{name: "set Values on a variable holding the top-level object", tmpl: `{{ $root := . }}{{ $_ := set $root "Values" dict }}`,
			assigned: []string{"x.y"}},
		{name: "set Values in a helper given a dict holding it", tmpl: `{{ include "setup" (dict "ctx" $) }}`,
			helpers:  `{{ define "setup" }}{{ $_ := set .ctx "Values" (.ctx.Files.Get "defaults.yaml" | fromYaml) }}{{ end }}`,
			assigned: []string{"", "x"}},
		{name: "set of another key on the top-level object", tmpl: `{{ $_ := set . "Extra" .Values.a }}`,
			kept: []string{"", "a", "Values"}},
		{name: "set of a key in the values", tmpl: `{{ $_ := set .Values.a "b" 1 }}`,
			assigned: []string{"a.b", "a.b.c"}, kept: []string{"", "a", "a.c", "b"}},
		{name: "set of a computed key in the values", tmpl: `{{ $_ := set .Values.a .Values.k 1 }}`,
			assigned: []string{"a", "a.z"}, kept: []string{"", "k"}},
		{name: "set on a dict", tmpl: `{{ $d := dict "a" .Values.a }}{{ $_ := set $d "Values" 1 }}`,
			kept: []string{"", "a", "Values"}},
		{name: "merge into the values", tmpl: `{{ $_ := merge .Values.a (include "x" . | fromYaml) }}`,
			assigned: []string{"a", "a.b"}, kept: []string{"", "b"}},
		{name: "merge into a copy of the values", tmpl: `{{ $v := merge (deepCopy .Values) (dict "a" 1) }}{{ $_ := mergeOverwrite (.Values.b | mustDeepCopy) .Values.c }}`,
			kept: []string{"", "a", "b.x"}},
		{name: "set on a copy of the values", tmpl: `{{ include "x" (dict "Values" (set (deepCopy .Values) "image" .Values.a)) }}`,
			kept: []string{"", "image"}},
		{name: "set Values on a copy of the top-level object", tmpl: `{{ include "x" (set (deepCopy $) "Values" (dict "a" 1)) }}`,
			kept: []string{"", "a"}},
		{name: "set Values on a copy of the top-level object held in a variable", tmpl: `{{ $ctx := deepCopy $ }}{{ $_ := set $ctx "Values" dict }}`,
			assigned: []string{"", "a"}},
		{name: "merge into the values in parentheses", tmpl: `{{ $_ := merge (index .Values "a") (dict "b" 1) }}`,
			assigned: []string{"a.b"}, kept: []string{""}},
		{name: "merge into a dict", tmpl: `{{ $_ := mergeOverwrite (dict) .Values.a }}`,
			kept: []string{"", "a"}},
		{name: "reads only", tmpl: `{{ .Values.a }}{{ toYaml .Values }}`,
			kept: []string{"", "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			templates := map[string]string{"templates/t.yaml": tt.tmpl}
			if tt.helpers != "" {
				templates["templates/_helpers.tpl"] = tt.helpers
			}
			c := newChart("app", map[string]any{"list": []any{1}}, templates)
			ix := Build(c)
			for _, p := range tt.assigned {
				if !ix.Assigns(c, dotted(p)) {
					t.Errorf("%q is not assigned", p)
				}
			}
			for _, p := range tt.kept {
				if ix.Assigns(c, dotted(p)) {
					t.Errorf("%q is assigned", p)
				}
			}
		})
	}
}

// TestAssignsPerChart checks that replacing a chart's values leaves its
// subchart's, which Helm takes before any template runs, known.
func TestAssignsPerChart(t *testing.T) {
	root := newChart("app", nil, map[string]string{"templates/t.yaml": `{{ $_ := set . "Values" dict }}`})
	sub := newChart("sub", nil, map[string]string{"templates/s.yaml": `{{ .Values.a }}`})
	sub.Parent, root.Subcharts = root, append(root.Subcharts, sub)
	ix := Build(root)
	if !ix.Assigns(root, []string{"a"}) {
		t.Error("the root chart's values are not replaced")
	}
	if ix.Assigns(sub, []string{"a"}) || ix.Assigns(nil, nil) {
		t.Error("the subchart's values are replaced")
	}
}

// dotted splits a dotted path; "" is the empty path.
func dotted(p string) []string {
	if p == "" {
		return []string{}
	}
	return strings.Split(p, ".")
}
