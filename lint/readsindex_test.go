package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestReadsIndexDeclared runs each rule alone on every chart of testdata,
// on one core (so that no pass builds the index ahead), and checks that a
// rule that made a pass build the refs index is marked ReadsIndex: with
// more cores, passes build the index ahead only for such rules. It also
// checks that some marked rule does build it, so that the count is live.
func TestReadsIndexDeclared(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	charts, err := filepath.Glob(filepath.Join("..", "testdata", "charts", "*"))
	if err != nil || len(charts) == 0 {
		t.Fatalf("no testdata charts: %v", err)
	}
	built := map[lint.RuleID]bool{}
	for _, r := range rules.All() {
		for _, c := range charts {
			if fi, err := os.Stat(filepath.Join(c, "Chart.yaml")); err != nil || fi.IsDir() {
				continue
			}
			before := lint.IndexBuilds()
			if _, err := lint.Run(context.Background(), c, lint.Options{Rules: []*lint.Rule{r}}); err != nil {
				t.Fatalf("%s on %s: %v", r.ID, c, err)
			}
			if lint.IndexBuilds() > before {
				built[r.ID] = true
				if !r.ReadsIndex {
					t.Errorf("%s builds the refs index on %s but is not marked ReadsIndex", r.ID, filepath.Base(c))
				}
			}
		}
	}
	if len(built) == 0 {
		t.Error("no rule built the index: the count is not kept")
	}
}
