package render

import (
	"context"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/chart"
)

// TestSubchartsOfOneName renders a chart whose charts/ holds its
// dependency twice (a folder and an archive of another version): as Helm
// keys templates by path, the later subchart's template of a path is the
// one rendered, once, and the earlier's other templates still render.
func TestSubchartsOfOneName(t *testing.T) {
	for _, helm3 := range []bool{false, true} {
		c, err := chart.Load("../testdata/charts/rt-same-name", chart.Options{FirstValuesDocument: helm3})
		if err != nil {
			t.Fatal(err)
		}
		rel, err := Template(context.Background(), c, Options{Helm3: helm3})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range rel.Manifests {
			got = append(got, m.Source+" "+m.Head.Metadata.Name)
		}
		want := []string{
			"rt-same-name/charts/s/templates/cm.yaml s-1.0.0-from-archive",
			"rt-same-name/charts/s/templates/only-archive.yaml only-2.0.0-from-archive",
			"rt-same-name/templates/cm.yaml parent",
		}
		if !slices.Equal(got, want) {
			t.Errorf("Helm 3 %v: documents\n%q\nwant\n%q", helm3, got, want)
		}
	}
}

// TestChartAPIV3 renders a chart of API v3: Helm 4 loads it and refuses to
// render it, Helm 3 renders it as any other.
func TestChartAPIV3(t *testing.T) {
	for _, helm3 := range []bool{false, true} {
		c, err := chart.Load("../testdata/bad/api-version-v3", chart.Options{FirstValuesDocument: helm3, DetectChartVersion: !helm3})
		if err != nil {
			t.Fatal(err)
		}
		rel, err := Template(context.Background(), c, Options{Helm3: helm3})
		switch {
		case helm3 && (err != nil || len(rel.Manifests) != 1):
			t.Errorf("Helm 3: %v, %d documents; want the chart rendered", err, len(rel.Manifests))
		case !helm3 && (err == nil || err.Error() != "invalid chart apiVersion"):
			t.Errorf("Helm 4: %v, want Helm's invalid chart apiVersion", err)
		}
	}
}
