package lint_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/testfs"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestEveryChartIsLintedAlone lints, in one run of several charts, one
// whose include recurses without end, one a rule panics on, one archive
// that does not load and one good chart: each bad one is one error
// finding of its own, and the good chart's findings are all there, the
// same as when it is linted alone.
func TestEveryChartIsLintedAlone(t *testing.T) {
	dir := t.TempDir()
	chartYAML := func(name string) string { return "apiVersion: v2\nname: " + name + "\nversion: 1.0.0\n" }
	testfs.Write(t, dir, map[string]string{
		"good/Chart.yaml":           chartYAML("good"),
		"good/values.yaml":          "name: x\n",
		"good/templates/cm.yaml":    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.nam }}\n",
		"recurse/Chart.yaml":        chartYAML("recurse"),
		"recurse/templates/cm.yaml": `{{ define "a" }}{{ include "b" . }}{{ end }}{{ define "b" }}{{ include "a" . }}{{ end }}k: {{ include "a" . }}`,
		"boom/Chart.yaml":           chartYAML("boom"),
		"boom/templates/cm.yaml":    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: boom\n",
		"broken.tgz":                "not gzip",
	})
	boom := &lint.Rule{ID: "test-boom", Family: lint.FamilyTemplate, Severity: lint.Info, Summary: "panics on the chart named boom",
		Check: func(p *lint.Pass) {
			if p.Chart.Name() == "boom" {
				panic("boom")
			}
		}}
	opts := lint.Options{Rules: append(rules.All(), boom)}
	lintOne := func(name string) *lint.Result {
		t.Helper()
		res, err := lint.Run(context.Background(), filepath.Join(dir, name), opts)
		if err != nil {
			t.Fatalf("lint %s: %v", name, err)
		}
		return res
	}
	alone := lintOne("good")
	if len(alone.Findings) == 0 {
		t.Fatal("the good chart has no findings to keep")
	}

	bad := map[string]string{
		"recurse":    "template-render calls itself without end: a → b → a",
		"boom":       "test-boom internal error in rule test-boom: boom",
		"broken.tgz": "chart-load load chart",
	}
	for name, want := range bad {
		res := lintOne(name)
		var errs []string
		for _, f := range res.Findings {
			if f.Severity == lint.Error {
				errs = append(errs, string(f.Rule)+" "+f.Message)
			}
		}
		if len(errs) != 1 || !strings.Contains(errs[0], strings.SplitN(want, " ", 2)[1]) || !strings.HasPrefix(errs[0], strings.SplitN(want, " ", 2)[0]+" ") {
			t.Errorf("%s: errors %q, want one like %q", name, errs, want)
		}
	}
	if again := lintOne("good"); !sameFindings(again.Findings, alone.Findings) {
		t.Errorf("the good chart's findings changed after the bad ones:\n%v\nwant\n%v", again.Findings, alone.Findings)
	}
}

func sameFindings(a, b []lint.Finding) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Rule != b[i].Rule || a[i].Message != b[i].Message || a[i].Path != b[i].Path || a[i].Position() != b[i].Position() {
			return false
		}
	}
	return true
}

// TestPanicOutsideRulesIsOneFinding lints with a rule list holding nil, a
// bug of the caller's that panics outside any rule's Check: the chart gets
// one error finding naming the internal error, and Run returns no error.
func TestPanicOutsideRulesIsOneFinding(t *testing.T) {
	dir := testfs.Write(t, t.TempDir(), map[string]string{
		"fx/Chart.yaml": "apiVersion: v2\nname: fx\nversion: 1.0.0\n",
	})
	res, err := lint.Run(context.Background(), filepath.Join(dir, "fx"), lint.Options{Rules: append(rules.All(), nil)})
	if err != nil {
		t.Fatalf("Run returned %v, want the panic as a finding", err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Severity != lint.Error || !strings.Contains(res.Findings[0].Message, "internal error in linting") {
		t.Errorf("findings %v, want one error naming the internal error", res.Findings)
	}
}
