package rules_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// crdText is a CustomResourceDefinition of kind, whose objects' spec.size
// must be an integer.
func crdText(kind string) string {
	return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ` + strings.ToLower(kind) + `s.example.com
spec:
  group: example.com
  names:
    kind: ` + kind + `
    plural: ` + strings.ToLower(kind) + `s
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size:
                  type: integer
`
}

// TestRenderedCRDValidatesItsKind lints a chart that renders the CRDs of
// two kinds and an object of one of them: the rendered CRD of the kind
// rendered gives the object's schema (the other, whose kind nothing
// renders, is not needed).
func TestRenderedCRDValidatesItsKind(t *testing.T) {
	fsys := fstest.MapFS{
		"Chart.yaml":            {Data: []byte("apiVersion: v2\nname: c\nversion: 1.0.0\n")},
		"templates/crds.yaml":   {Data: []byte(crdText("Gadget") + "---\n" + crdText("Widget"))},
		"templates/widget.yaml": {Data: []byte("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n")},
	}
	res := lintMapFS(t, fsys, lint.Options{Rules: rules.All()})
	var got []string
	for _, f := range res.Findings {
		if f.Rule == "manifest-schema" || f.Rule == "manifest-unknown-kind" {
			got = append(got, string(f.Rule)+": "+f.Message)
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], `manifest-schema: Widget "w"`) || !strings.Contains(got[0], "spec.size") {
		t.Errorf("findings %q, want one manifest-schema finding of Widget w's spec.size", got)
	}
}
