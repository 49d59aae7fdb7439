package lint_test

import (
	"context"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestSubchartFindingsUseFolders lints a chart whose subchart lives in a
// folder not named after it and is aliased: the subchart's finding is
// placed in its real folder, and the aliased subchart is checked at all.
func TestSubchartFindingsUseFolders(t *testing.T) {
	res, err := lint.Run(context.Background(), "../testdata/charts/shop", lint.Options{Rules: rules.All()})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, f := range res.Findings {
		if f.Rule != "values-undefined" {
			continue
		}
		found = true
		if got, want := f.Path, "charts/db-folder/templates/statefulset.yaml"; got != want {
			t.Errorf("finding at %s, want %s", got, want)
		}
		if p := f.Position(); p.Line != 24 || p.Column != 25 {
			t.Errorf("finding at %d:%d, want 24:25", p.Line, p.Column)
		}
	}
	if !found {
		t.Errorf("no values-undefined finding for .Values.pasword in the aliased subchart: %+v", res.Findings)
	}
}
