package lint_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestValuesSets lints a chart with two values sets at once and checks
// that every finding is what the values set alone gives, tagged with the
// sets that give it: the passes share per-chart work (the cross-reference
// index, decoded documents) and must not share per-set results.
func TestValuesSets(t *testing.T) {
	const chart = "../testdata/lint/values-undefined/chart"
	sets := []lint.ValuesSet{
		{Name: lint.DefaultValuesSet},
		{Name: "fixed", Values: map[string]any{"nmae": "fx"}},
	}
	want := map[string][]string{}
	for _, vs := range sets {
		res, err := lint.Run(context.Background(), chart, lint.Options{Rules: rules.All(), ValuesSets: []lint.ValuesSet{vs}})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			want[describe(f)] = append(want[describe(f)], vs.Name)
		}
	}
	res, err := lint.Run(context.Background(), chart, lint.Options{Rules: rules.All(), ValuesSets: sets})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, f := range res.Findings {
		got[describe(f)] = f.ValuesSets
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings with both values sets:\n%v\nwant, from one set at a time:\n%v", got, want)
	}
	if len(want) < 2 || len(got[describeRule(res, "values-undefined")]) != 1 {
		t.Errorf("values-undefined should fire for the default set only: %v", got)
	}
}

func describe(f lint.Finding) string {
	return fmt.Sprintf("%s:%d %s %s", f.Path, f.Position().Line, f.Rule, f.Message)
}

// describeRule describes the first finding of a rule.
func describeRule(res *lint.Result, id lint.RuleID) string {
	for _, f := range res.Findings {
		if f.Rule == id {
			return describe(f)
		}
	}
	return ""
}
