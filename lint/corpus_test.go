package lint_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/report"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestCorpusParity lints every corpus chart in both Helm modes and checks
// that the findings of the helm-lint-mirroring rules, printed by the helm
// format, are byte for byte what helm lint printed, and that charts helm
// lint passes get no error-level finding from any rule.
func TestCorpusParity(t *testing.T) {
	dir := corpus.Dir(t)
	entries, err := os.ReadDir(filepath.Join(dir, "charts"))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no corpus charts: %v", err)
	}
	matched := map[bool]int{}
	for _, helm3 := range []bool{false, true} {
		expected := corpus.Expected(dir, helm3)
		for _, e := range entries {
			name := e.Name()
			mode := "v4"
			if helm3 {
				mode = "v3"
			}
			t.Run(mode+"/"+name, func(t *testing.T) {
				if lintsAsHelm(t, dir, expected, name, helm3) {
					matched[helm3]++
				}
			})
		}
	}
	t.Logf("parity tally: Helm 4 %d/%d, Helm 3 %d/%d charts linted as helm lint does",
		matched[false], len(entries), matched[true], len(entries))
	if matched[false] != len(entries) || matched[true] != len(entries) {
		t.Errorf("every corpus chart must lint as helm lint does in both modes")
	}
}

// lintsAsHelm lints a corpus chart and reports whether the helm format
// printed exactly what helm lint did, with no error-level finding from any
// rule on a chart helm lint passes. A chart without recorded lint output
// fails: the corpus records one for every chart.
func lintsAsHelm(t *testing.T, dir, expected, name string, helm3 bool) bool {
	want, err := os.ReadFile(filepath.Join(expected, name, "lint.txt"))
	if err != nil {
		t.Fatalf("no recorded lint: %v", err)
	}
	rc, err := os.ReadFile(filepath.Join(expected, name, "lint.rc"))
	if err != nil {
		t.Fatalf("no recorded lint exit status: %v", err)
	}
	res, err := lint.Run(context.Background(), corpus.ChartPath(t, dir, name), lint.Options{Rules: rules.All(), Helm3: helm3})
	if err != nil {
		t.Fatal(err)
	}
	res.Path = "charts/" + name
	var buf, log bytes.Buffer
	f, _ := report.Lookup("helm")
	if err := f.New(report.Options{HelmLog: &log}).Report(&buf, []*lint.Result{res}); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	passes := strings.TrimSpace(string(rc)) == "0"
	if !passes {
		// helm prints the failure summary on stderr only
		want = bytes.TrimSuffix(want, []byte("\n"))
		want = append(want, '\n')
	}
	same := got == string(want)
	if !same {
		t.Errorf("helm format differs from helm lint:\n--- got\n%s--- want\n%s", got, want)
	}
	// stderr: what Helm logs while it lints, then the failure summary
	wantLog, err := os.ReadFile(filepath.Join(expected, name, "lint.stderr.txt"))
	if err != nil {
		t.Fatalf("no recorded lint stderr: %v", err)
	}
	if !passes {
		wantLog = regexp.MustCompile(`(?m)^Error: 1 chart\(s\) linted, 1 chart\(s\) failed\n\z`).ReplaceAll(wantLog, nil)
	}
	if log.String() != string(wantLog) {
		t.Errorf("helm log differs from helm lint's stderr:\n--- got\n%s--- want\n%s", log.String(), wantLog)
		same = false
	}
	if passes {
		for _, f := range res.Findings {
			if f.Severity >= lint.Error {
				t.Errorf("error on a chart helm lint passes: %s:%d %s %s", f.Path, f.Position().Line, f.Rule, f.Message)
				same = false
			}
		}
	}
	return same
}
