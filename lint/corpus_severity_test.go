package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/render/values"
)

// TestCorpusNoErrorWhereHelmPasses lints every corpus chart in both Helm
// modes with its defaults and with each of its ci/ values files, and checks
// that no finding is an error where real Helm succeeded: helm lint passed
// the chart and helm template rendered it with those values. An error
// claims the install fails or the manifest differs from what was written;
// on these real charts, which install, it would be a false alarm.
func TestCorpusNoErrorWhereHelmPasses(t *testing.T) {
	dir := corpus.Dir(t)
	for _, helm3 := range []bool{false, true} {
		mode := "v4"
		if helm3 {
			mode = "v3"
		}
		expected := corpus.Expected(dir, helm3)
		byChart := map[string][]corpus.Render{}
		var order []string
		for _, r := range corpus.Renders(t, dir, helm3) {
			if byChart[r.Chart] == nil {
				order = append(order, r.Chart)
			}
			byChart[r.Chart] = append(byChart[r.Chart], r)
		}
		sets := 0
		for _, name := range order {
			t.Run(mode+"/"+name, func(t *testing.T) {
				if !recordedSuccess(t, filepath.Join(expected, name, "lint.rc")) {
					return // helm lint fails the chart: errors are expected
				}
				vs := passingValuesSets(t, dir, expected, byChart[name], helm3)
				sets += len(vs)
				if len(vs) == 0 {
					return // helm template renders none of its values sets
				}
				res, err := lint.Run(context.Background(), corpus.ChartPath(t, dir, name), lint.Options{
					Rules: rules.All(), Helm3: helm3, ValuesSets: vs,
				})
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range res.Findings {
					if f.Severity >= lint.Error {
						t.Errorf("error where Helm succeeds: %s:%d %s %s (values: %s)",
							f.Path, f.Position().Line, f.Rule, f.Message, strings.Join(f.ValuesSets, ", "))
					}
				}
			})
		}
		if sets == 0 {
			t.Errorf("%s: no values set of the corpus was linted", mode)
		}
	}
}

// passingValuesSets are the values sets (defaults, ci/ files) with which
// helm template rendered the chart.
func passingValuesSets(t *testing.T, dir, expected string, renders []corpus.Render, helm3 bool) []lint.ValuesSet {
	t.Helper()
	var sets []lint.ValuesSet
	for _, r := range renders {
		_, _, rc, _ := r.ExpectedFiles(expected)
		if !recordedSuccess(t, rc) {
			continue
		}
		if r.ValuesFile == "" {
			sets = append(sets, lint.ValuesSet{Name: lint.DefaultValuesSet})
			continue
		}
		file := filepath.Join(corpus.ChartPath(t, dir, r.Chart), "ci", r.ValuesFile)
		flags := values.Flags{ValueFiles: []string{file}}
		vals, err := flags.Merge(os.ReadFile, values.Options{Helm3: helm3})
		if err != nil {
			t.Fatalf("%s: %v", r, err)
		}
		sets = append(sets, lint.ValuesSet{Name: "ci/" + r.ValuesFile, Values: vals})
	}
	return sets
}

// recordedSuccess reads a recorded exit status; 0 is success.
func recordedSuccess(t *testing.T, rcFile string) bool {
	t.Helper()
	data, err := os.ReadFile(rcFile)
	if err != nil {
		t.Fatalf("no recorded exit status: %v", err)
	}
	return strings.TrimSpace(string(data)) == "0"
}
