package rules_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
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
		for _, section := range []string{"# " + string(r.ID) + "\n", "## Why", "## Severity", "## Bad", "## Good", "## Suppress"} {
			if !strings.Contains(r.Doc(), section) {
				t.Errorf("%s: documentation lacks %q", r.ID, section)
			}
		}
		// The Severity section says why the rule has its default severity.
		if _, sev, _ := strings.Cut(r.Doc(), "## Severity"); !strings.Contains(sev, "**"+r.Severity.String()+"**") {
			t.Errorf("%s: the Severity section does not explain the default severity %s", r.ID, r.Severity)
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
			res := lintFixture(t, filepath.Join(root, string(r.ID)), all)
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
			checkGoldens(t, res, all)
		})
	}
}

// scenarios are fixtures of no single rule, in testdata/lint/<name>: a
// chart, the goldens of a rule fixture, and want.helm, what helm lint
// v4.3.1 (v3.22.0 with a file named helm3) printed for it (with the chart
// directory as <dir>).
var scenarios = []string{
	// A kubeVersion that rejects the target and a missing dependency:
	// helm lint renders and checks the templates all the same.
	"render-anyway",
	// Kinds of Kubernetes' history, removed long before the target 1.37:
	// helm lint knows only those whose types today's k8s.io/api keeps,
	// and only in the root chart's templates.
	"removed-api",
	// One chart per severity split, with findings helm lint does not
	// have or rates otherwise: a typo'd .Values path rendering null into
	// a required field (error at the read) or an optional one (warning).
	"severity-null-required",
	// A repeated key: different literal values (error), the same value or
	// a value overriding the chart's key (warning).
	"severity-duplicate-key",
	// An API removed at the target (error), one deprecated but served
	// (warning), an unknown kind of a built-in group (error) or of another
	// group (info).
	"severity-api",
	// A status the API server drops (a CRD generator's empty names: no
	// finding) or cannot decode (a count that is a word: error).
	"severity-status",
	// A removed API that is the fallback of a capability test for its
	// replacement (warning), and one that is not (error).
	"severity-capability",
	// A values.yaml that is a list: helm lint decodes it into its own
	// type, whose name its message gives (common.Values, in Helm 3
	// chartutil.Values), where loading the chart names a map.
	"values-list", "values-list-helm3",
	// A Chart.yaml field of the wrong type: Helm 4's message names its v2
	// package's types.
	"chart-yaml-maintainers",
	// A library chart whose helpers read its values: they are its
	// consumers' defaults, not unused.
	"library-values",
	// A chart publishing exports.data for a parent's import-values:
	// exports is read by the parent, not unused.
	"values-exports",
	// A dependency missing from charts/ (before helm dependency build):
	// the helper it would define and the value handed to it are unknown,
	// not reported; helm lint's output is unchanged.
	"missing-dependency-cascade",
	// A subchart whose own dependency is missing: the globals that chart
	// may read are not reported unused.
	"nested-missing-dependency",
	// An umbrella chart without templates/ installs its subchart: info,
	// where helm lint warns.
	"umbrella-no-templates",
	// A file:// entry pointing at charts/operator, whose chart is named
	// as the entry: Helm finds it by the path, whatever the folder's name.
	"dependency-file-folder",
	// .Files reads of optional files: tested, ranged over, guarded by a
	// test of the same files, or read outside any test (once per name).
	"files-tested",
	// required and fail with the chart's defaults: one finding per input,
	// at the call that asks for it.
	"required-input",
	// A define that runs in two charts' scopes reads an undefined value
	// in both: one finding per place.
	"values-undefined-scopes",
	// Chart files given to tpl are templates: their reads count, through
	// Get, Glob's AsConfig, a ranged Glob's paths and a computed path
	// (any file the Glob gives); AsSecrets gives base64, read by nothing.
	"values-read-by-tpl-files",
	// Template files included by a path printed of .Template.BasePath (a
	// partial, a checksum of a manifest): their reads count, once.
	"values-read-by-file-include",
	// .Values.AsMap is Helm's method giving the values: what is read
	// through it counts, and it is no key of its own.
	"values-read-by-values-asmap",
	// Optional lookups (pluck, a conversion to a number defaulted) are
	// not reported; the others say what they render: 0, <nil>, null.
	"values-undefined-renders",
	// Required fields of a CRD's schema with a default, left out or null:
	// the API server defaults them before validating; one without a
	// default is still missing.
	"crd-required-default",
	// Required strings of a CRD's schema set to "": present, unless a
	// minLength rejects them; a null one is pruned, then missing.
	"crd-required-empty-string",
	// Strings of a CRD's schema must match its pattern, "" included.
	"crd-pattern",
	// Values of a CRD's schema must keep within its limits (minimum,
	// maxLength, minItems, ...).
	"crd-bounds",
	// Values of a CRD's schema must be multiples of its multipleOf and
	// have the formats the API server checks (date-time, ipv4, email, ...).
	"crd-format",
	// CustomResourceDefinitions the API server rejects, in crds/ and
	// rendered (a name that is not plural.group, two storage versions, a
	// schema that is not structural, ...), beside a valid one that uses
	// what a structural schema may say, and a broken one in a disabled
	// subchart, which Helm does not install: helm lint sees none of it.
	"crd-invalid",
	// Lists without names (a v1 List, a ConfigMapList): Helm creates
	// their items, whose names are checked; helm lint warns of the lists'.
	"list-kind-names",
	// A chart rebuilding its values (set . "Values" of its defaults
	// merged with the user's): what it reads then is not reported; its
	// subchart, whose values Helm takes before, is checked, but for the
	// key it sets (set .Values "fullName").
	"values-rebuilt",
}

// TestScenarios lints every scenario and compares the output of every
// format with the goldens, and the helm format with helm lint's output.
func TestScenarios(t *testing.T) {
	all := rules.All()
	root, err := filepath.Abs(filepath.Join("..", "..", "testdata", "lint"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range scenarios {
		t.Run(name, func(t *testing.T) {
			res := lintFixture(t, filepath.Join(root, name), all)
			checkPathsExist(t, res)
			checkGoldens(t, res, all)
			want, err := os.ReadFile("want.helm")
			if err != nil {
				t.Fatal(err)
			}
			if got := reportAs(t, "helm", res, all); got != string(want) {
				t.Errorf("helm format differs from helm lint:\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
}

// checkPathsExist checks that the files findings and their related places
// name are files of the linted chart, as reports print them.
func checkPathsExist(t *testing.T, res *lint.Result) {
	t.Helper()
	for _, f := range res.Findings {
		places := []string{f.Path}
		for _, r := range f.Related {
			if r.Span.File != nil {
				places = append(places, r.Path)
			}
		}
		for _, p := range places {
			if _, err := os.Stat(filepath.Join(res.Path, p)); p != "" && err != nil {
				t.Errorf("%s %s names a file that is not there: %v", f.Rule, f.Message, err)
			}
		}
	}
}

// lintFixture changes to the fixture directory and lints its chart, as
// Helm 3 when a file named helm3 is there. Every fixture's folder is chart/
// and its chart mostly fx: chart-name-folder is off but in its own fixture.
func lintFixture(t *testing.T, dir string, all []*lint.Rule) *lint.Result {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "chart", "Chart.yaml")); err != nil {
		t.Fatalf("no fixture: %v", err)
	}
	t.Chdir(dir)
	var cfg *lint.Config
	if filepath.Base(dir) != "chart-name-folder" {
		cfg = &lint.Config{Rules: map[lint.RuleID]lint.RuleConfig{"chart-name-folder": {Off: true}}}
	}
	_, err := os.Stat("helm3")
	res, err := lint.Run(context.Background(), "chart", lint.Options{Rules: all, Config: cfg, Helm3: err == nil, ValuesSets: userValues(t)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// userValues is the values set of the fixture's user-values.yaml, as -f
// gives it, if there is one; else the chart's defaults alone.
func userValues(t *testing.T) []lint.ValuesSet {
	t.Helper()
	const name = "user-values.yaml"
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	vals, err := chart.ReadValues(data, false)
	if err != nil {
		t.Fatal(err)
	}
	file := source.NewFile("../"+name, data)
	return []lint.ValuesSet{{Name: name, Values: vals, Sources: []lint.ValuesSource{{File: file}}}}
}

// checkGoldens compares the output of every format with the goldens of the
// current directory.
func checkGoldens(t *testing.T, res *lint.Result, all []*lint.Rule) {
	t.Helper()
	for _, name := range []string{"text", "json", "sarif", "junit", "github"} {
		golden(t, goldenName(name), reportAs(t, name, res, all))
	}
}

// reportAs prints the result in a format, the chart directory as <dir>.
func reportAs(t *testing.T, format string, res *lint.Result, all []*lint.Rule) string {
	t.Helper()
	f, _ := report.Lookup(format)
	var buf bytes.Buffer
	if err := f.New(report.Options{Rules: all, Version: "test"}).Report(&buf, []*lint.Result{res}); err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(buf.String(), res.Dir, "<dir>")
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
