package values

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/chartwright/chartwright/chart"
)

// Expectations for Helm 4 are helm v4.3.1's `helm template` output of
// {{ toJson .Values }}; Helm 3's follow from its coalesce.go, which keeps
// null chart defaults.
func TestCoalesce(t *testing.T) {
	setFlags := map[string]any{
		"removeme": nil, "table": int64(3), "scalar": map[string]any{"x": int64(1)},
		"sub":     map[string]any{"subnull": nil, "own": nil},
		"newnull": nil, "global": map[string]any{"g2": "top"}, "nested": map[string]any{"a": nil},
	}
	tests := []struct {
		name     string
		user     map[string]any
		helm3    bool
		want     map[string]string
		warnings []string
		err      string
	}{
		{
			name: "defaults, helm 4 drops null defaults",
			want: map[string]string{
				"par":            `{"global":{"g1":"parent","gmap":{"a":"pa"}},"keep":1,"nested":{"a":1},"removeme":"x","scalar":"s","sub":{"fromparent":"p","global":{"g1":"parent","g2":"child","gmap":{"a":"pa","b":"cb"}},"nested":{"yy":1},"own":"o"},"table":{"k":"v"}}`,
				"par/charts/sub": `{"fromparent":"p","global":{"g1":"parent","g2":"child","gmap":{"a":"pa","b":"cb"}},"nested":{"yy":1},"own":"o"}`,
			},
		},
		{
			name:  "defaults, helm 3 keeps null defaults",
			helm3: true,
			want: map[string]string{
				"par":            `{"global":{"g1":"parent","gmap":{"a":"pa"}},"keep":1,"nested":{"a":1,"nn":null},"nulldefault":null,"removeme":"x","scalar":"s","sub":{"fromparent":"p","global":{"g1":"parent","g2":"child","gmap":{"a":"pa","b":"cb"}},"nested":{"x":null,"yy":1},"own":"o"},"table":{"k":"v"}}`,
				"par/charts/sub": `{"fromparent":"p","global":{"g1":"parent","g2":"child","gmap":{"a":"pa","b":"cb"}},"nested":{"x":null,"yy":1},"own":"o"}`,
			},
		},
		{
			name: "user nulls, tables over scalars, globals, helm 4",
			user: setFlags,
			want: map[string]string{
				"par":            `{"global":{"g1":"parent","g2":"top","gmap":{"a":"pa"}},"keep":1,"nested":{},"newnull":null,"scalar":{"x":1},"sub":{"fromparent":"p","global":{"g1":"parent","g2":"top","gmap":{"a":"pa","b":"cb"}},"nested":{"x":null,"yy":1}},"table":3}`,
				"par/charts/sub": `{"fromparent":"p","global":{"g1":"parent","g2":"top","gmap":{"a":"pa","b":"cb"}},"nested":{"x":null,"yy":1}}`,
			},
			warnings: []string{
				`level=INFO msg="warning: skipped value for par.scalar: Not a table."`,
				`level=INFO msg="warning: skipped value for par.scalar: Not a table."`,
			},
		},
		{
			name:  "user nulls, tables over scalars, globals, helm 3",
			user:  setFlags,
			helm3: true,
			want: map[string]string{
				"par":            `{"global":{"g1":"parent","g2":"top","gmap":{"a":"pa"}},"keep":1,"nested":{"nn":null},"newnull":null,"nulldefault":null,"scalar":{"x":1},"sub":{"fromparent":"p","global":{"g1":"parent","g2":"top","gmap":{"a":"pa","b":"cb"}},"nested":{"x":null,"yy":1}},"table":3}`,
				"par/charts/sub": `{"fromparent":"p","global":{"g1":"parent","g2":"top","gmap":{"a":"pa","b":"cb"}},"nested":{"x":null,"yy":1}}`,
			},
			warnings: []string{
				"coalesce.go:237: warning: skipped value for par.scalar: Not a table.",
				"coalesce.go:237: warning: skipped value for par.scalar: Not a table.",
			},
		},
		{
			name: "global not a table",
			user: map[string]any{"global": int64(3)},
			want: map[string]string{
				"par":            `{"global":3,"keep":1,"nested":{"a":1},"removeme":"x","scalar":"s","sub":{"fromparent":"p","global":{"g1":"parent","g2":"child","gmap":{"a":"pa","b":"cb"}},"nested":{"yy":1},"own":"o"},"table":{"k":"v"}}`,
				"par/charts/sub": `{"fromparent":"p","global":{"g1":"parent","g2":"child","gmap":{"a":"pa","b":"cb"}},"nested":{"yy":1},"own":"o"}`,
			},
			warnings: []string{
				`level=INFO msg="warning: skipping globals because source global is not a table."`,
				`level=INFO msg="warning: skipping globals because source global is not a table."`,
			},
		},
		{
			name: "subchart key not a table",
			user: map[string]any{"sub": int64(3)},
			err:  "type mismatch on sub: %!t(int64=3)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Helm3: tt.helm3}
			c := load(t, "coalesce", opts)
			got, warnings, err := renderValues(t, c, tt.user, opts)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			compareValues(t, got, tt.want)
			compareLines(t, "warnings", warnings, tt.warnings)
		})
	}
}

func TestScope(t *testing.T) {
	sub := &chart.Chart{Metadata: &chart.Metadata{Name: "sub"}}
	tests := []struct {
		name   string
		parent map[string]any
		want   string
	}{
		{"table", map[string]any{"sub": map[string]any{"a": 1}}, "map[a:1]"},
		{"missing", map[string]any{}, "map[]"},
		{"not a table", map[string]any{"sub": "x"}, "map[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fmt.Sprint(Scope(tt.parent, sub)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestCoalesceOwned checks that coalescing handed-over values a second
// time, as lint does before rendering, gives what Coalesce gives, built in
// the map handed over.
func TestCoalesceOwned(t *testing.T) {
	for _, helm3 := range []bool{false, true} {
		opts := Options{Helm3: helm3}
		c := load(t, "coalesce", opts)
		user := map[string]any{"removeme": nil, "sub": map[string]any{"own": nil}, "global": map[string]any{"g2": "top"}}
		first, _, err := Coalesce(c, user, opts)
		if err != nil {
			t.Fatal(err)
		}
		want, wantWarnings, err := Coalesce(c, first, opts)
		if err != nil {
			t.Fatal(err)
		}
		got, warnings, err := CoalesceOwned(c, first, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("helm3=%v: got %v, want %v", helm3, got, want)
		}
		compareLines(t, "warnings", warnings, wantWarnings)
		if reflect.ValueOf(got).UnsafePointer() != reflect.ValueOf(first).UnsafePointer() {
			t.Errorf("helm3=%v: the result is not the map handed over", helm3)
		}
	}
}

// TestCoalesceLeavesDefaults checks that Coalesce neither changes the
// chart defaults nor returns tables shared with them: writing into every
// table of the result leaves the defaults as they were.
func TestCoalesceLeavesDefaults(t *testing.T) {
	for _, helm3 := range []bool{false, true} {
		opts := Options{Helm3: helm3}
		c := load(t, "coalesce", opts)
		before := fmt.Sprint(c.Values, c.Subcharts[0].Values)
		vals, _, err := Coalesce(c, map[string]any{"sub": map[string]any{"own": nil}}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if now := fmt.Sprint(c.Values, c.Subcharts[0].Values); now != before {
			t.Fatalf("helm3=%v: Coalesce changed the defaults:\n got %s\nwant %s", helm3, now, before)
		}
		scribble(vals)
		if now := fmt.Sprint(c.Values, c.Subcharts[0].Values); now != before {
			t.Errorf("helm3=%v: the result shares tables with the defaults:\n got %s\nwant %s", helm3, now, before)
		}
	}
}

// scribble adds a key to every table of m.
func scribble(m map[string]any) {
	for _, v := range m {
		if sub, ok := v.(map[string]any); ok {
			scribble(sub)
		}
	}
	m["scribbled"] = true
}
