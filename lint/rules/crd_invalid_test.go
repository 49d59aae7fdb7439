package rules_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestCRDInvalidInBothHelmModes checks that crd-invalid finds the same in
// the crd-invalid scenario linted as Helm 3 and as Helm 4 (whose crds/
// checks differ) and with two values sets (each finding once).
func TestCRDInvalidInBothHelmModes(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "lint", "crd-invalid", "chart")
	var found [][]string
	for _, helm3 := range []bool{false, true} {
		res, err := lint.Run(context.Background(), dir, lint.Options{Rules: rules.All(), Helm3: helm3,
			ValuesSets: []lint.ValuesSet{{Name: "a"}, {Name: "b"}}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			if f.Rule == "crd-invalid" {
				got = append(got, describeFinding(f)+" "+f.Message)
			}
		}
		found = append(found, got)
	}
	if len(found[0]) != 16 || !slices.Equal(found[0], found[1]) {
		t.Errorf("Helm 4 finds %d:\n%q\nHelm 3:\n%q", len(found[0]), found[0], found[1])
	}
}

// TestCRDInvalidOfEnabledSubchart checks that the crds/ of the scenario's
// subchart, disabled by default (no finding there), are checked once the
// values enable it, as Helm then installs them.
func TestCRDInvalidOfEnabledSubchart(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "lint", "crd-invalid", "chart")
	on := lint.ValuesSet{Name: "on", Values: map[string]any{"extras": map[string]any{"enabled": true}}}
	res, err := lint.Run(context.Background(), dir, lint.Options{Rules: rules.All(), ValuesSets: []lint.ValuesSet{on}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.Rule == "crd-invalid" && filepath.Dir(f.Path) == filepath.Join("charts", "extras", "crds") {
			got = append(got, describeFinding(f))
		}
	}
	if want := []string{"charts/extras/crds/doodads.yaml:13 error crd-invalid"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestCRDInvalidTrustsControllerGen checks that a definition carrying
// controller-gen's annotation, in crds/ or rendered, is not checked (nor
// decoded whole), while the same definition without it is.
func TestCRDInvalidTrustsControllerGen(t *testing.T) {
	const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadget.example.com
%s
spec:
  group: example.com
  names: {kind: Gadget, plural: gadgets}
  scope: Namespaced
  versions:
    - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}
`
	for annotations, want := range map[string]int{
		"": 1,
		"  annotations: {controller-gen.kubebuilder.io/version: v0.16.1}": 0,
	} {
		for _, file := range []string{"crds/gadgets.yaml", "templates/gadgets.yaml"} {
			dir := writeChart(t, map[string]string{file: fmt.Sprintf(crd, annotations)})
			res, err := lint.Run(context.Background(), dir, lint.Options{Rules: rules.All()})
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			for _, f := range res.Findings {
				if f.Rule == "crd-invalid" {
					got++
				}
			}
			if got != want {
				t.Errorf("%s with annotations %q: %d crd-invalid findings, want %d", file, annotations, got, want)
			}
		}
	}
}
