package values

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/internal/helmlog"
)

// TestCopyTouchedCoalescesAsACopy checks that coalescing a chart with the
// partial copy of copyTouched gives what coalescing a deep copy gives,
// values and warnings, and leaves the user values as they were. The user
// values are each corpus chart's coalesced values, globals shared between
// charts included, and each chart of the tree coalesces them, as
// dependency processing does.
func TestCopyTouchedCoalescesAsACopy(t *testing.T) {
	dir := corpus.Dir(t)
	entries, err := os.ReadDir(filepath.Join(dir, "charts"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		c, err := chart.Load(filepath.Join(dir, "charts", e.Name()), chart.Options{})
		if err != nil {
			continue
		}
		for _, helm3 := range []bool{false, true} {
			tree, _, err := ProcessDependencies(c, nil, Options{Helm3: helm3})
			if err != nil {
				continue
			}
			user, _, err := Coalesce(tree, nil, Options{Helm3: helm3})
			if err != nil {
				continue
			}
			for _, merge := range []bool{false, true} {
				checkCopyTouched(t, c, user, merge, helm3)
			}
		}
	}
}

// TestCopyTouchedGlobals checks copyTouched where only the user values
// hold globals, tables the subcharts' globals merge into, and a subchart
// table of user values that the parent's defaults do not name.
func TestCopyTouchedGlobals(t *testing.T) {
	parent := &chart.Chart{Metadata: &chart.Metadata{Name: "parent"}, Values: map[string]any{"a": 1.0}}
	sub := &chart.Chart{Metadata: &chart.Metadata{Name: "sub"}, Values: map[string]any{
		"global": map[string]any{"t": map[string]any{"x": 1.0, "n": nil, "deep": map[string]any{"m": 2.0}}, "s": "sub"},
		"b":      map[string]any{"c": 2.0},
	}}
	parent.AddSubchart(sub)
	user := map[string]any{
		"global": map[string]any{"t": map[string]any{"y": 2.0, "n": nil, "deep": map[string]any{"k": 1.0}}, "u": map[string]any{"v": 3.0}},
		"sub":    map[string]any{"b": map[string]any{"d": 4.0}, "global": map[string]any{"t": map[string]any{"z": nil, "deep": map[string]any{"j": nil}}}},
		"other":  map[string]any{"e": map[string]any{"f": 5.0}},
	}
	for _, merge := range []bool{false, true} {
		for _, helm3 := range []bool{false, true} {
			checkCopyTouched(t, parent, user, merge, helm3)
		}
	}
}

// checkCopyTouched checks copyTouched for c and each of its subcharts.
func checkCopyTouched(t *testing.T, c *chart.Chart, user map[string]any, merge, helm3 bool) {
	t.Helper()
	before := copyMap(user)
	partial := &coalescer{log: &helmlog.Log{Helm3: helm3}, merge: merge, helm3: helm3}
	got, gotErr := partial.values(c, user)
	whole := &coalescer{log: &helmlog.Log{Helm3: helm3}, merge: merge, helm3: helm3}
	want := copyMap(user)
	wantErr := whole.chart(c, want, "")
	if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) || !reflect.DeepEqual(partial.log.Lines, whole.log.Lines) {
		t.Errorf("%s (merge %v, helm 3 %v): coalescing a partial copy differs from coalescing a deep copy", c.FullPath(), merge, helm3)
	}
	if !reflect.DeepEqual(user, before) {
		t.Fatalf("%s (merge %v, helm 3 %v): coalescing a partial copy changed the values copied", c.FullPath(), merge, helm3)
	}
	for _, sub := range c.Subcharts {
		checkCopyTouched(t, sub, user, merge, helm3)
	}
}
