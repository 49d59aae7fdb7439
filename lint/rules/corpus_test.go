package rules_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// corpusWarnings are every finding of the rules of issue 12's missing
// checks on the corpus charts, linted with their defaults and every
// ci/*-values.yaml (as --ci-values does) in both Helm modes, each judged:
// a real bug, the rest false alarms that were fixed.
var corpusWarnings = []string{
	// Real: the chart's ingress reads ingress.hostname and extraHosts;
	// the ci file's hosts list is ignored, so the test does not test it.
	"argoproj__argocd-image-updater/ci/enable-ingress-values.yaml:7 warning values-unknown-override",
}

// newChecks are the rules whose corpus findings corpusWarnings lists.
var newChecks = []lint.RuleID{
	"dependency-entry-invalid", "dependency-name-mismatch", "template-files-missing",
	"values-required-without-default", "values-unknown-override",
}

func TestCorpusNewChecks(t *testing.T) {
	dir := corpus.Dir(t)
	entries, err := os.ReadDir(filepath.Join(dir, "charts"))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no corpus charts: %v", err)
	}
	var checks []*lint.Rule
	for _, id := range newChecks {
		r, ok := rules.Lookup(id)
		if !ok {
			t.Fatalf("no rule %s", id)
		}
		checks = append(checks, r)
	}
	for _, helm3 := range []bool{false, true} {
		var got []string
		for _, e := range entries {
			path := corpus.ChartPath(t, dir, e.Name())
			res, err := lint.Run(context.Background(), path, lint.Options{Rules: checks, Helm3: helm3, ValuesSets: ciValuesSets(t, path, helm3)})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Findings {
				got = append(got, fmt.Sprintf("%s/%s:%d %s %s", e.Name(), f.Path, f.Position().Line, f.Severity, f.Rule))
			}
		}
		if !slices.Equal(got, corpusWarnings) {
			t.Errorf("Helm 3 %v: findings\n%q\nwant\n%q", helm3, got, corpusWarnings)
		}
	}
}

// ciValuesSets are the chart's defaults and one values set per
// ci/*-values.yaml, with the file as its source, as --ci-values gives.
func ciValuesSets(t *testing.T, chartDir string, helm3 bool) []lint.ValuesSet {
	t.Helper()
	sets := []lint.ValuesSet{{Name: lint.DefaultValuesSet}}
	files, _ := filepath.Glob(filepath.Join(chartDir, "ci", "*-values.yaml"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		vals, err := chart.ReadValues(data, helm3)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rel := "ci/" + filepath.Base(name)
		sets = append(sets, lint.ValuesSet{Name: rel, Values: vals, Sources: []lint.ValuesSource{{File: source.NewFile(rel, data)}}})
	}
	return sets
}
