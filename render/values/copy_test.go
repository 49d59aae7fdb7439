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
	for _, c := range corpusCharts(t) {
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

// TestShareCoalescesAsACopy checks the share option of the coalescings
// that enable dependencies and that give charts with dependencies their
// new defaults (without and with merging) on a tree with globals only in a
// subchart and null defaults to leave out: it gives what copying gives,
// values and warnings; and neither it nor the whole values pipeline
// changes the loaded charts' values. TestShareCoalescesAsACopyCorpus does
// the same on every chart of every corpus tree.
func TestShareCoalescesAsACopy(t *testing.T) {
	checkShareTree(t, globalsTree())
}

func TestShareCoalescesAsACopyCorpus(t *testing.T) {
	for _, c := range corpusCharts(t) {
		checkShareTree(t, c)
	}
}

// checkShareTree compares sharing with copying on the tree c, with its
// dependencies enabled as ProcessDependencies does.
func checkShareTree(t *testing.T, c *chart.Chart) {
	t.Helper()
	before := chartValues(c)
	for _, helm3 := range []bool{false, true} {
		p := &processor{log: &helmlog.Log{Helm3: helm3}, helm3: helm3}
		root := copyTree(c, c.Parent)
		if p.enable(root, nil, "") == nil {
			checkShare(t, root, helm3)
		}
		if tree, _, err := ProcessDependencies(c, nil, Options{Helm3: helm3}); err == nil {
			Coalesce(tree, nil, Options{Helm3: helm3})
		}
	}
	if !reflect.DeepEqual(chartValues(c), before) {
		t.Errorf("%s: the values pipeline changed the chart's values", c.Name())
	}
}

// checkShare compares, for c and its subcharts, coalescing their defaults
// with and without sharing them.
func checkShare(t *testing.T, c *chart.Chart, helm3 bool) {
	t.Helper()
	for _, merge := range []bool{false, true} {
		shared := &coalescer{log: &helmlog.Log{Helm3: helm3}, merge: merge, helm3: helm3, share: true}
		got, gotErr := shared.values(c, nil)
		copied := &coalescer{log: &helmlog.Log{Helm3: helm3}, merge: merge, helm3: helm3}
		want, wantErr := copied.values(c, nil)
		if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) || !reflect.DeepEqual(shared.log.Lines, copied.log.Lines) {
			t.Errorf("%s (merge %v, helm 3 %v): coalescing shared defaults differs from coalescing copies", c.FullPath(), merge, helm3)
		}
	}
	for _, sub := range c.Subcharts {
		checkShare(t, sub, helm3)
	}
}

// chartValues is a deep copy of the values of every chart of c's tree.
func chartValues(c *chart.Chart) []map[string]any {
	all := []map[string]any{copyMap(c.Values)}
	for _, sub := range c.Subcharts {
		all = append(all, chartValues(sub)...)
	}
	return all
}

// globalsTree is a chart whose subchart, not the chart, defines globals
// and a subchart of its own.
func globalsTree() *chart.Chart {
	parent := &chart.Chart{Metadata: &chart.Metadata{Name: "parent"}, Values: map[string]any{
		"a": map[string]any{"b": 1.0, "n": map[string]any{"o": nil}}, "sub": map[string]any{"c": map[string]any{"d": nil}},
	}}
	sub := &chart.Chart{Metadata: &chart.Metadata{Name: "sub"}, Values: map[string]any{
		"global": map[string]any{"t": map[string]any{"x": 1.0, "deep": map[string]any{"m": 2.0}}},
		"c":      map[string]any{"e": 3.0},
		"leaf":   map[string]any{"f": map[string]any{"g": 4.0}},
	}}
	leaf := &chart.Chart{Metadata: &chart.Metadata{Name: "leaf"}, Values: map[string]any{
		"global": map[string]any{"t": map[string]any{"deep": map[string]any{"n": nil}}},
		"f":      map[string]any{"h": 5.0},
	}}
	sub.AddSubchart(leaf)
	parent.AddSubchart(sub)
	return parent
}

// corpusCharts loads the corpus charts that load.
func corpusCharts(t *testing.T) []*chart.Chart {
	dir := corpus.Dir(t)
	entries, err := os.ReadDir(filepath.Join(dir, "charts"))
	if err != nil {
		t.Fatal(err)
	}
	var charts []*chart.Chart
	for _, e := range entries {
		if c, err := chart.Load(filepath.Join(dir, "charts", e.Name()), chart.Options{}); err == nil {
			charts = append(charts, c)
		}
	}
	return charts
}
