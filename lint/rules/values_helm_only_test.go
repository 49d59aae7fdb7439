package rules_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lint"
)

// TestValuesFilesOnlyHelmLintFails: helm lint fails on a values.schema.json
// that starts with a byte order mark and on a values.yaml that is a folder
// (testdata/helmlint: its goldens hold Helm's lines); installing does not,
// so chartwright's own verdict is a warning, at the file, saying why (a
// folder has no line: that finding is the chart's).
func TestValuesFilesOnlyHelmLintFails(t *testing.T) {
	for _, tt := range []struct{ chart, rule, path, text string }{
		{"schema-bom", "values-schema", "values.schema.json", "starts with a UTF-8 byte order mark"},
		{"values-folder", "values-yaml-parse", "", "values.yaml is a directory"},
	} {
		for _, helm3 := range []bool{false, true} {
			var found []string
			for _, f := range lintDir(t, filepath.Join("..", "..", "testdata", "helmlint", "charts", tt.chart), helm3) {
				if string(f.Rule) == tt.rule {
					found = append(found, f.Path+" "+f.Severity.String()+" "+f.Message)
					if f.Severity != lint.Warning || f.Path != tt.path || f.Position().Line > 1 || !strings.Contains(f.Message, tt.text) {
						t.Errorf("%s (helm 3: %v): %s %s at %s:%d: %s; want a warning at %q, line 1 at most, saying %q",
							tt.chart, helm3, f.Rule, f.Severity, f.Path, f.Position().Line, f.Message, tt.path, tt.text)
					}
				}
			}
			if len(found) != 1 {
				t.Errorf("%s (helm 3: %v): %d %s findings: %v", tt.chart, helm3, len(found), tt.rule, found)
			}
		}
	}
}
