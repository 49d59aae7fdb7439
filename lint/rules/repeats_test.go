package rules_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/report"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestHelmRepeatsOnlyInHelmFormat lints the fixtures where helm lint
// reports one problem by several messages: chartwright's findings hold it
// once, and --format helm still prints every message of Helm's.
func TestHelmRepeatsOnlyInHelmFormat(t *testing.T) {
	tests := []struct{ fixture, helm string }{
		{"values-yaml-parse", `==> Linting chart
[ERROR] values.yaml: unable to parse YAML: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'
[ERROR] templates/: cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'
[ERROR] : unable to load chart
	cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'

`},
		{"values-schema", `==> Linting chart
[ERROR] values.yaml: - at '/name': got string, want integer

[ERROR] templates/: values don't meet the specifications of the schema(s) in the following chart(s):
fx:
- at '/name': got string, want integer


`},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "lint", tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			res := lintFixture(t, dir, rules.All())
			if len(res.Findings) != 1 || len(res.HelmRepeats) == 0 {
				t.Errorf("%d findings and %d of Helm's repeats, want 1 and some", len(res.Findings), len(res.HelmRepeats))
			}
			helm, _ := report.Lookup("helm")
			var out bytes.Buffer
			if err := helm.New(report.Options{}).Report(&out, []*lint.Result{res}); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.helm {
				t.Errorf("--format helm printed\n%s\nwant\n%s", out.String(), tt.helm)
			}
		})
	}
}
