package schema

import (
	"fmt"
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

// TestFieldsDecodedOnFirstUse checks that compiling a kind decodes none of
// the types it reaches, and that validations and lookups reaching the same
// types at once (run with -race) find what one alone finds.
func TestFieldsDecodedOnFirstUse(t *testing.T) {
	k, err := newKubeSchemas(DefaultKubeVersion)
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := k.kind("apps/v1", "Deployment"); !ok || len(k.byName) != 1 || n.lazy == nil {
		t.Fatalf("compiling Deployment made %d types, want 1 with its fields not decoded", len(k.byName))
	}
	v := New(Options{})
	v.kubeOnce.Do(func() { v.kube = k })
	doc := map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": map[string]any{"name": "x"}, "spec": map[string]any{
		"selector": map[string]any{},
		"template": map[string]any{"spec": map[string]any{"containers": []any{map[string]any{
			"name": "c", "livenessProbe": map[string]any{"httpGet": map[string]any{"port": 80, "bogus": true}},
		}}}},
	}}
	path := []string{"spec", "template", "spec", "containers", "readinessProbe", "grpc", "port"}
	results := make(chan string, 8)
	for range cap(results) {
		go func() {
			errs := v.Validate(doc)
			n, ok := v.Lookup("apps/v1", "Deployment", path)
			results <- fmt.Sprint(errs, ok && n.Type == "integer" && n.Required)
		}()
	}
	want := `[spec.template.spec.containers[0].livenessProbe.httpGet.bogus: unknown field "bogus"] true`
	for range cap(results) {
		if got := <-results; got != want {
			t.Errorf("concurrent validation and lookup = %s, want %s", got, want)
		}
	}
}
