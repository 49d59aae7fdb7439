package rules

import (
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lint"
)

// TestUndefinedReadFinding checks the finding of a read undefined in one
// chart scope or several: the closest key of each, the charts in order of
// their names, each fix once.
func TestUndefinedReadFinding(t *testing.T) {
	const base = ".Values.psql is not defined by any values file, parent chart or values.schema.json; it renders as empty"
	one := &undefinedRead{path: "psql", renders: "empty"}
	one.addScope(undefinedScope{chart: "fx", near: "psp"})
	if got, want := one.finding().Message, base+` (did you mean "psp"?)`; got != want {
		t.Errorf("one scope: %q, want %q", got, want)
	}
	two := &undefinedRead{path: "psql", renders: "empty", fixes: []lint.Fix{{Title: "add psql to charts/db/values.yaml"}, {Title: "add psql to charts/db/values.yaml"}}}
	two.addScope(undefinedScope{chart: "fx/db"})
	two.addScope(undefinedScope{chart: "fx", near: "psp"})
	if two.addScope(undefinedScope{chart: "fx/db"}) {
		t.Error("a scope added twice is new")
	}
	f := two.finding()
	if want := base + `, in each chart that runs the template: fx (did you mean "psp"?), fx/db`; f.Message != want {
		t.Errorf("two scopes: %q, want %q", f.Message, want)
	}
	if len(f.Fixes) != 1 {
		t.Errorf("fixes %v, want one", f.Fixes)
	}
}

// TestScopeName checks how a chart of the tree is named.
func TestScopeName(t *testing.T) {
	db := &chart.Chart{Metadata: &chart.Metadata{Name: "db"}}
	mid := &chart.Chart{Metadata: &chart.Metadata{Name: "mid"}, Subcharts: []*chart.Chart{db}}
	root := &chart.Chart{Metadata: &chart.Metadata{Name: "fx"}, Subcharts: []*chart.Chart{mid}}
	for c, want := range map[*chart.Chart]string{nil: "fx", root: "fx", mid: "fx/mid", db: "fx/mid/db"} {
		if got := scopeName(root, c); got != want {
			t.Errorf("scopeName(%v) = %q, want %q", c, got, want)
		}
	}
}
