package render_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/render"
)

// ValuesRead follows includes and subchart scoping: the webapp chart reads
// global.team through a helper, and its aliased subchart (redis) reads
// maxMemory, which is redis.maxMemory in the root's values.
func TestValuesRead(t *testing.T) {
	c, err := chart.Load("../testdata/charts/webapp", chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rel, err := render.Template(context.Background(), c, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rel.ValuesRead() {
		got = append(got, strings.Join(r.RootPath, "."))
	}
	for _, want := range []string{"replicaCount", "image.tag", "global.team", "redis.maxMemory", "config.greeting", "resources"} {
		if !slices.Contains(got, want) {
			t.Errorf("ValuesRead lacks %s; got %v", want, got)
		}
	}
	if slices.Contains(got, "maxMemory") {
		t.Errorf("a subchart read is reported at the root: %v", got)
	}
}
