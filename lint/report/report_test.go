package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sample is the shared result of the golden tests: two charts, every
// severity, non-ASCII text, a finding without file, and a clean chart.
func sample() []*lint.Result {
	tpl := source.NewFile("templates/café.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ünïcode-{{ .Values.nmae }}\n"))
	values := source.NewFile("values.yaml", []byte("name: x\nspare: 1\n"))
	return []*lint.Result{
		{Path: "charts/a", Dir: "/abs/charts/a", ValuesSets: []string{"default", "ci/x-values.yaml"}, Findings: []lint.Finding{
			{Rule: "template-dir", Severity: lint.Warning, Path: "", Message: "directory does not exist", ValuesSets: []string{"default", "ci/x-values.yaml"}, Helm: &lint.HelmMessage{Path: "templates/", Severity: lint.Warning, Order: 2}},
			{Rule: "values-undefined", Severity: lint.Error, Span: source.Span{File: tpl, Start: 59, End: 71}, Path: tpl.Name,
				Message: ".Values.nmae is not defined (did you mean \"name\"?)", ValuesSets: []string{"default"},
				Fixes: []lint.Fix{
					{Title: "use name", Edits: []lint.Edit{{Span: source.Span{File: tpl, Start: 67, End: 71}, NewText: "name"}}},
					{Title: "add nmae to values.yaml", Edits: []lint.Edit{{Span: source.Span{File: values, Start: 7, End: 7}, NewText: "\nnmae: null"}}},
				},
				Related: []lint.Related{{Span: source.Span{File: tpl, Start: 44}, Path: tpl.Name, Message: "rendered as line 4 of a/templates/café.yaml (document 1)"}}},
			{Rule: "values-unused", Severity: lint.Info, Span: source.Span{File: values, Start: 8, End: 13}, Path: values.Name, Message: "spare is set in values.yaml but no template reads it", ValuesSets: []string{"default", "ci/x-values.yaml"}},
			{Rule: "chart-icon", Severity: lint.Info, Message: "icon is recommended", ValuesSets: []string{"default", "ci/x-values.yaml"}, Helm: &lint.HelmMessage{Path: "Chart.yaml", Severity: lint.Info, Order: 1}},
		}},
		{Path: "charts/b", Dir: "/abs/charts/b", ValuesSets: []string{"default"}},
	}
}

func sampleRules() []*lint.Rule {
	var rs []*lint.Rule
	for _, id := range []lint.RuleID{"chart-icon", "template-dir", "values-undefined", "values-unused"} {
		rs = append(rs, &lint.Rule{ID: id, Family: "values", Severity: lint.Warning, Summary: "summary of " + string(id), Doc: func() string { return "# " + string(id) + "\n" }})
	}
	return rs
}

func TestFormats(t *testing.T) {
	for _, f := range Formats() {
		for name, results := range map[string][]*lint.Result{"sample": sample(), "empty": nil} {
			t.Run(f.Name+"/"+name, func(t *testing.T) {
				var a, b bytes.Buffer
				opts := Options{Rules: sampleRules(), Version: "test"}
				if err := f.New(opts).Report(&a, results); err != nil {
					t.Fatal(err)
				}
				f.New(opts).Report(&b, results)
				if a.String() != b.String() {
					t.Fatal("output is not deterministic")
				}
				if f.Name == "json" || f.Name == "sarif" {
					if !json.Valid(a.Bytes()) {
						t.Fatalf("invalid JSON:\n%s", a.String())
					}
				}
				path := filepath.Join("testdata", f.Name, name+".golden")
				if *update {
					os.MkdirAll(filepath.Dir(path), 0o755)
					if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("missing golden (go test -update): %v", err)
				}
				if a.String() != string(want) {
					t.Errorf("differs from %s:\n--- got\n%s\n--- want\n%s", path, a.String(), want)
				}
			})
		}
	}
}

func TestLookupTable(t *testing.T) {
	for _, n := range Names() {
		if _, ok := Lookup(n); !ok {
			t.Errorf("format %s listed but not found", n)
		}
	}
	if _, ok := Lookup("xml"); ok {
		t.Error("unknown format found")
	}
}

// TestHelmLog checks that the helm format writes what helm lint logs while
// it lints each chart before the chart's output, and only where asked.
func TestHelmLog(t *testing.T) {
	results := sample()
	results[0].HelmLog = []string{`level=WARN msg="missing required value" message="need a"`}
	results[1].HelmLog = []string{`level=INFO msg="funcMap fail" message=b`, "second line"}
	var both bytes.Buffer
	if err := newHelm(Options{HelmLog: &both}).Report(&both, results); err != nil {
		t.Fatal(err)
	}
	want := `level=WARN msg="missing required value" message="need a"
==> Linting charts/a
[INFO] Chart.yaml: icon is recommended
[WARNING] templates/: directory does not exist

level=INFO msg="funcMap fail" message=b
second line
==> Linting charts/b

2 chart(s) linted, 0 chart(s) failed
`
	if both.String() != want {
		t.Errorf("stdout and stderr interleaved:\n%s\nwant:\n%s", both.String(), want)
	}
	var quiet bytes.Buffer
	if err := newHelm(Options{HelmLog: &quiet, Quiet: true}).Report(&quiet, results); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(quiet.Bytes(), []byte("second line\n")) {
		t.Errorf("--quiet left out a chart's log, which Helm writes whatever --quiet says:\n%s", quiet.String())
	}
	var out bytes.Buffer
	newHelm(Options{}).Report(&out, results)
	if bytes.Contains(out.Bytes(), []byte("level=")) {
		t.Errorf("the log written without a writer for it:\n%s", out.String())
	}
}

// TestHelmQuietGoesByHelmSeverity checks that the helm format's --quiet
// keeps the messages helm lint rates a warning or an error, whatever
// severity chartwright gives the finding, and leaves out Helm's infos.
func TestHelmQuietGoesByHelmSeverity(t *testing.T) {
	results := []*lint.Result{{Path: "charts/a", ValuesSets: []string{"default"}, Findings: []lint.Finding{
		{Rule: "chart-icon", Severity: lint.Warning, Message: "icon is recommended", ValuesSets: []string{"default"}, Helm: &lint.HelmMessage{Path: "Chart.yaml", Severity: lint.Info, Order: 1}},
		{Rule: "manifest-name", Severity: lint.Info, Message: "a list's name", ValuesSets: []string{"default"}, Helm: &lint.HelmMessage{Path: "templates/list.yaml", Severity: lint.Warning, Order: 2}},
	}}}
	var out bytes.Buffer
	if err := newHelm(Options{Quiet: true}).Report(&out, results); err != nil {
		t.Fatal(err)
	}
	want := "==> Linting charts/a\n[WARNING] templates/list.yaml: a list's name\n\n1 chart(s) linted, 0 chart(s) failed\n"
	if out.String() != want {
		t.Errorf("--quiet printed:\n%s\nwant:\n%s", out.String(), want)
	}
}
