package rules_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestUnknownOverrideSources: a key of a values file's second document is
// reported in Helm 4, which merges every document, and not in Helm 3,
// which reads the first alone; a --set flag's finding names the flag.
func TestUnknownOverrideSources(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "lint", "values-unknown-override", "chart")
	data := []byte("image:\n  tag: x\n---\nimgae: 1\n")
	rule, _ := rules.Lookup("values-unknown-override")
	for _, tt := range []struct {
		helm3 bool
		want  []string
	}{
		{false, []string{"- warning values-unknown-override --set sub.prot=1", "extra.yaml:4 warning values-unknown-override"}},
		{true, []string{"- warning values-unknown-override --set sub.prot=1"}},
	} {
		vals, err := chart.ReadValues(data, tt.helm3)
		if err != nil {
			t.Fatal(err)
		}
		set := lint.ValuesSet{Name: "extra.yaml", Values: vals, Sources: []lint.ValuesSource{
			{File: source.NewFile("extra.yaml", data)},
			{Flag: "--set sub.prot=1", Values: map[string]any{"sub": map[string]any{"prot": int64(1)}}},
		}}
		res, err := lint.Run(context.Background(), dir, lint.Options{Rules: []*lint.Rule{rule}, Helm3: tt.helm3, ValuesSets: []lint.ValuesSet{set}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			d := describeFinding(f)
			if f.Path == "" {
				d += " " + strings.SplitN(f.Message, ":", 2)[0]
			}
			got = append(got, d)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Helm 3 %v: got %q, want %q", tt.helm3, got, tt.want)
		}
	}
}

// TestUnknownOverrideOfDefinedKey: a key the chart's values.yaml defines
// is known even when no template reads it (a subchart or a later version
// may): only the key the chart neither reads nor defines is reported, with
// the closest known name.
func TestUnknownOverrideOfDefinedKey(t *testing.T) {
	data := []byte("legacy: 2\nimgae:\n  tag: \"2\"\n")
	vals, err := chart.ReadValues(data, false)
	if err != nil {
		t.Fatal(err)
	}
	rule, _ := rules.Lookup("values-unknown-override")
	set := lint.ValuesSet{Name: "user.yaml", Values: vals, Sources: []lint.ValuesSource{{File: source.NewFile("user.yaml", data)}}}
	res := lintFx(t, map[string]string{
		"values.yaml":       "image:\n  tag: \"1\"\nlegacy: 1\n",
		"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fx\ndata:\n  tag: {{ .Values.image.tag | quote }}\n",
	}, lint.Options{Rules: []*lint.Rule{rule}, ValuesSets: []lint.ValuesSet{set}})
	var got []string
	for _, f := range res.Findings {
		got = append(got, describeFinding(f)+" "+f.Message)
	}
	want := []string{`user.yaml:2 warning values-unknown-override imgae is set here but the chart neither reads nor defines it: Helm ignores it (did you mean "image"?)`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
