package values

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
)

// load loads a chart under testdata/values.
func load(t *testing.T, name string, opts Options) *chart.Chart {
	t.Helper()
	c, err := chart.Load(filepath.Join("..", "..", "testdata", "values", name), chart.Options{FirstValuesDocument: opts.Helm3})
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return c
}

// renderValues runs the values pipeline of helm template and returns, for
// every chart of the processed tree, its .Values as JSON keyed by the
// chart's full path, and the warnings of both steps.
func renderValues(t *testing.T, c *chart.Chart, user map[string]any, opts Options) (map[string]string, []string, error) {
	t.Helper()
	pc, warnings, err := ProcessDependencies(c, user, opts)
	if err != nil {
		return nil, warnings, err
	}
	vals, more, err := Coalesce(pc, user, opts)
	warnings = append(warnings, more...)
	if err != nil {
		return nil, warnings, err
	}
	got := map[string]string{}
	var walk func(c *chart.Chart, v map[string]any)
	walk = func(c *chart.Chart, v map[string]any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got[c.FullPath()] = string(b)
		for _, sub := range c.Subcharts {
			walk(sub, Scope(v, sub))
		}
	}
	walk(pc, vals)
	return got, warnings, nil
}

func compareValues(t *testing.T, got, want map[string]string) {
	t.Helper()
	for path, w := range want {
		if got[path] != w {
			t.Errorf("values of %s:\n got %s\nwant %s", path, got[path], w)
		}
	}
	for path := range got {
		if _, ok := want[path]; !ok {
			t.Errorf("unexpected chart %s with values %s", path, got[path])
		}
	}
}

func compareLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}
