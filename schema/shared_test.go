package schema

import (
	"testing"
)

// TestValidatorsShareBuiltInSchemas checks that the built-in schemas of a
// Kubernetes version are compiled once per process, whatever the number of
// validators, while each validator keeps its CRDs to itself.
func TestValidatorsShareBuiltInSchemas(t *testing.T) {
	a, b := New(Options{KubeVersion: "1.33"}), New(Options{KubeVersion: "v1.33.4"})
	na, err := a.schemaFor("apps/v1", "Deployment")
	if err != nil {
		t.Fatal(err)
	}
	nb, err := b.schemaFor("apps/v1", "Deployment")
	if err != nil {
		t.Fatal(err)
	}
	if na != nb {
		t.Error("two validators of one Kubernetes version compiled Deployment twice")
	}
	other, err := New(Options{KubeVersion: "1.30"}).schemaFor("apps/v1", "Deployment")
	if err != nil {
		t.Fatal(err)
	}
	if other == na {
		t.Error("validators of two Kubernetes versions share a schema")
	}

	for _, crd := range readDocs(t, "charts/widgets/crds/widgets.example.com.yaml") {
		if err := a.AddCRD(crd); err != nil {
			t.Fatal(err)
		}
	}
	widget := readDocs(t, "charts/widgets/bad-widget.yaml")[0]
	if len(a.Validate(widget)) == 0 {
		t.Error("the validator with the CRD does not check its kind")
	}
	for _, e := range b.Validate(widget) {
		if e.Kind != UnknownKind {
			t.Errorf("the validator without the CRD checks its kind: %v", e)
		}
	}
}
