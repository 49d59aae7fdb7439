package rules_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/report"
	"github.com/chartwright/chartwright/lint/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

// unreachable lists rules whose fixture cannot make them fire, with why.
var unreachable = map[lint.RuleID]string{
	// Chart loading (Helm's and ours) rejects duplicate dependency names
	// before the dependency checks run; helm lint reports chart-load.
	"dependency-duplicate": "chart loading rejects duplicates first",
}

func TestRulesAreDocumented(t *testing.T) {
	seen := map[lint.RuleID]bool{}
	var prev lint.RuleID
	for _, r := range rules.All() {
		if seen[r.ID] {
			t.Errorf("duplicate rule ID %s", r.ID)
		}
		seen[r.ID] = true
		if r.ID < prev {
			t.Errorf("All() is not sorted: %s after %s", r.ID, prev)
		}
		prev = r.ID
		if !strings.HasPrefix(string(r.ID), string(r.Family)+"-") {
			t.Errorf("%s: ID does not start with its family %q", r.ID, r.Family)
		}
		if r.Summary == "" || r.Severity < lint.Info || r.Check == nil {
			t.Errorf("%s: summary, severity and check are required", r.ID)
		}
		for _, section := range []string{"# " + string(r.ID) + "\n", "## Why", "## Bad", "## Good", "## Suppress"} {
			if !strings.Contains(r.Doc, section) {
				t.Errorf("%s: documentation lacks %q", r.ID, section)
			}
		}
	}
}

// TestFixtures lints testdata/lint/<rule>/chart for every rule, checks that
// the rule fires, and compares the output of every format with the goldens.
func TestFixtures(t *testing.T) {
	all := rules.All()
	root, err := filepath.Abs(filepath.Join("..", "..", "testdata", "lint"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		t.Run(string(r.ID), func(t *testing.T) {
			dir := filepath.Join(root, string(r.ID))
			if _, err := os.Stat(filepath.Join(dir, "chart", "Chart.yaml")); err != nil {
				t.Fatalf("no fixture: %v", err)
			}
			t.Chdir(dir)
			_, err := os.Stat("helm3")
			res, err2 := lint.Run(context.Background(), "chart", lint.Options{Rules: all, Helm3: err == nil})
			if err2 != nil {
				t.Fatal(err2)
			}
			fired := false
			for _, f := range res.Findings {
				fired = fired || f.Rule == r.ID
			}
			if why, ok := unreachable[r.ID]; ok {
				if fired {
					t.Errorf("%s fires but is listed as unreachable (%s)", r.ID, why)
				}
			} else if !fired {
				t.Errorf("%s does not fire on its fixture", r.ID)
			}
			for _, name := range []string{"text", "json", "sarif", "junit", "github"} {
				format, _ := report.Lookup(name)
				var buf bytes.Buffer
				if err := format.New(report.Options{Rules: all, Version: "test"}).Report(&buf, []*lint.Result{res}); err != nil {
					t.Fatal(err)
				}
				got := strings.ReplaceAll(buf.String(), res.Dir, "<dir>")
				golden(t, goldenName(name), got)
			}
		})
	}
}

func goldenName(format string) string {
	switch format {
	case "text":
		return "want.txt"
	case "junit":
		return "want.junit.xml"
	}
	return "want." + format
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("missing golden (run go test -update): %v", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// TestRuleTable fails when docs/rules/README.md, generated from rules.All(),
// is stale.
func TestRuleTable(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "rules", "README.md")
	got := rules.Table()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || string(want) != got {
		t.Errorf("docs/rules/README.md is stale; run go test ./lint/rules -update")
	}
}
