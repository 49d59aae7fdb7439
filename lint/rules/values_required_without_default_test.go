package rules_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestRequiredSetByUser: a values set that gives the required values has
// no finding; the defaults still have theirs.
func TestRequiredSetByUser(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "lint", "values-required-without-default", "chart")
	res, err := lint.Run(context.Background(), dir, lint.Options{Rules: rules.All(), ValuesSets: []lint.ValuesSet{
		{Name: lint.DefaultValuesSet},
		{Name: "set", Values: map[string]any{"database": map[string]any{"host": "db", "user": "app"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.Rule == "values-required-without-default" {
			got = append(got, describeFinding(f)+" "+f.ValuesSets[0])
			if len(f.ValuesSets) != 1 {
				t.Errorf("%s: found with %q, want the defaults only", describeFinding(f), f.ValuesSets)
			}
		}
	}
	want := []string{
		"templates/cm.yaml:6 warning values-required-without-default default",
		"templates/cm.yaml:8 warning values-required-without-default default",
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got %q, want %q", got, want)
	}
}
