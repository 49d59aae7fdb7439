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
