package values

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/chartwright/chartwright/chart"
)

// Expectations are helm v4.3.1's `helm template` output of {{ toJson
// .Values }} for every chart of testdata/values/deps; Helm 3 differs only
// in how it logs the warnings.
func TestProcessDependencies(t *testing.T) {
	const (
		first  = `{"enabled":true,"exported":{"extra":"childextra","keep":"childval"},"exports":{"data":{"dk":"dv"}},"gc":{"enabled":true,"g":1,"global":{}},"global":{}}`
		second = `{"enabled":true,"exported":{"extra":"childextra","keep":"childval"},"exports":{"data":{"dk":"dv"}},"gc":{"enabled":false},"global":{}}`
	)
	defaults := map[string]string{
		"root":                        `{"badcond":{"enabled":true,"flag":"str","global":{}},"disabled":{"enabled":false},"dk":"dv","first":` + first + `,"fromfirst":{"extra":"childextra","keep":"parentwins"},"nomatch":{"global":{},"nm":1},"second":` + second + `,"tags":{"frontend":false}}`,
		"root/charts/badcond":         `{"enabled":true,"flag":"str","global":{}}`,
		"root/charts/first":           first,
		"root/charts/first/charts/gc": `{"enabled":true,"g":1,"global":{}}`,
		"root/charts/nomatch":         `{"global":{},"nm":1}`,
		"root/charts/second":          second,
	}
	const firstNoGC = `{"enabled":true,"exported":{"extra":"childextra","keep":"childval"},"exports":{"data":{"dk":"dv"}},"gc":{"enabled":false},"global":{}}`
	overridden := map[string]string{
		"root":                 `{"badcond":{"enabled":true,"flag":"str","global":{}},"disabled":{"enabled":true,"global":{}},"dk":"dv","first":` + firstNoGC + `,"fromfirst":{"extra":"childextra","keep":"parentwins"},"nomatch":{"global":{},"nm":1},"second":{"enabled":false,"gc":{"enabled":false}},"tagged":{"global":{},"t":1},"tags":{"backend":true,"frontend":false}}`,
		"root/charts/badcond":  `{"enabled":true,"flag":"str","global":{}}`,
		"root/charts/disabled": `{"enabled":true,"global":{}}`,
		"root/charts/first":    firstNoGC,
		"root/charts/nomatch":  `{"global":{},"nm":1}`,
		"root/charts/tagged":   `{"global":{},"t":1}`,
	}
	user := map[string]any{
		"tags":     map[string]any{"backend": true},
		"second":   map[string]any{"enabled": false},
		"first":    map[string]any{"gc": map[string]any{"enabled": false}},
		"disabled": map[string]any{"enabled": true},
	}
	v4warnings := []string{
		`level=WARN msg="returned non-bool value" path=badcond.flag chart=badcond`,
		`level=WARN msg="ImportValues missing table from chart" chart=first error="\"missing\" is not a table"`,
		`level=WARN msg="ImportValues missing table" error="\"nosuchexport\" is not a table"`,
	}
	v3warnings := []string{
		`dependencies.go:64: Warning: Condition path 'badcond.flag' for chart badcond returned non-bool value`,
		`dependencies.go:270: Warning: ImportValues missing table from chart first: "missing" is not a table`,
		`dependencies.go:287: Warning: ImportValues missing table: "nosuchexport" is not a table`,
	}
	tests := []struct {
		name     string
		user     map[string]any
		helm3    bool
		want     map[string]string
		warnings []string
	}{
		{"defaults", nil, false, defaults, v4warnings},
		{"defaults helm 3", nil, true, defaults, v3warnings},
		{"tags and conditions from user values", user, false, overridden, v4warnings},
		{"tags and conditions from user values helm 3", user, true, overridden, v3warnings},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Helm3: tt.helm3}
			c := load(t, "deps", opts)
			got, warnings, err := renderValues(t, c, tt.user, opts)
			if err != nil {
				t.Fatal(err)
			}
			compareValues(t, got, tt.want)
			compareLines(t, "warnings", warnings, tt.warnings)
		})
	}
}

// TestProcessDependenciesCopies checks that the loaded chart, which the
// language server caches, is left as it was, and that aliases get copies.
func TestProcessDependenciesCopies(t *testing.T) {
	c := load(t, "deps", Options{})
	before := describe(c)
	pc, _, err := ProcessDependencies(c, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if after := describe(c); after != before {
		t.Errorf("loaded chart changed:\nbefore %s\nafter  %s", before, after)
	}
	originals := map[*chart.Chart]bool{}
	var mark func(*chart.Chart)
	mark = func(c *chart.Chart) {
		originals[c] = true
		for _, s := range c.Subcharts {
			mark(s)
		}
	}
	mark(c)
	var check func(c, parent *chart.Chart)
	check = func(c, parent *chart.Chart) {
		if originals[c] {
			t.Errorf("chart %s of the result is the loaded chart", c.FullPath())
		}
		if c.Parent != parent {
			t.Errorf("chart %s has the wrong parent", c.FullPath())
		}
		for _, s := range c.Subcharts {
			check(s, c)
		}
	}
	check(pc, c.Parent)

	const wantDeps = `[first ^1.0.0 true [map[child:exported parent:fromfirst] map[child:exports.data parent:.] map[child:missing parent:nowhere] map[child:exports.nosuchexport parent:.]]] ` +
		`[second ^1.0.0 true []] [nomatch >=2.0.0 true []] [badcond * true []]`
	var deps string
	for i, d := range pc.Metadata.Dependencies {
		if i > 0 {
			deps += " "
		}
		deps += fmt.Sprintf("[%s %s %t %v]", d.Name, d.Version, d.Enabled, d.ImportValues)
	}
	if deps != wantDeps {
		t.Errorf("processed dependencies:\n got %s\nwant %s", deps, wantDeps)
	}
	var names []string
	for _, s := range pc.Subcharts {
		names = append(names, s.Name())
	}
	// loaded charts no entry matches come first, then entries in order
	if want := []string{"nomatch", "first", "second", "badcond"}; !reflect.DeepEqual(names, want) {
		t.Errorf("subcharts %v, want %v", names, want)
	}
}

// describe prints what ProcessDependencies could change in a chart tree.
func describe(c *chart.Chart) string {
	s := fmt.Sprintf("%s%v{", c.Name(), c.Values)
	for _, d := range c.Metadata.Dependencies {
		s += fmt.Sprintf("%+v", *d)
	}
	for _, sub := range c.Subcharts {
		s += describe(sub)
	}
	return s + "}"
}
