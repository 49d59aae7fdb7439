package rules_test

import (
	"testing"
	"testing/fstest"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestUnsupportedKubeVersionSaidOnce lints a chart of three documents of
// two kinds for a valid Kubernetes version without schemas: that is said
// once, for the chart, and no document is reported as an unknown kind.
func TestUnsupportedKubeVersionSaidOnce(t *testing.T) {
	fsys := fstest.MapFS{
		"Chart.yaml":         {Data: []byte("apiVersion: v2\nname: c\nversion: 1.0.0\n")},
		"templates/cm.yaml":  {Data: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n")},
		"templates/svc.yaml": {Data: []byte("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n")},
	}
	res := lintMapFS(t, fsys, lint.Options{Rules: rules.All(), KubeVersion: "1.20.0", ValuesSets: []lint.ValuesSet{{Name: "default"}, {Name: "ci/x-values.yaml"}}})
	var got []lint.Finding
	for _, f := range res.Findings {
		if f.Rule == "manifest-unknown-kind" {
			got = append(got, f)
		}
	}
	want := `manifests are not validated: unsupported kubernetes version "1.20" (chartwright has schemas for 1.30 to 1.37)`
	if len(got) != 1 || got[0].Message != want || got[0].Span.File != nil {
		t.Errorf("findings %v, want one for the chart: %q", got, want)
	}
}
