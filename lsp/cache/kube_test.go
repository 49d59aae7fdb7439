package cache

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
)

// gizmoCRD is a template rendering the CRD of the kind Gizmo.
const gizmoCRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gizmos.example.com
spec:
  group: example.com
  names: {kind: Gizmo, plural: gizmos}
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
              size: {type: integer}
`

// TestRenderedCRDsKnown checks that the kinds of a CRD the chart renders
// are known once the whole lint has run, while requests ask for the
// schemas concurrently, and that the validator is kept for the snapshot
// of an edit that renders the same CRD.
func TestRenderedCRDsKnown(t *testing.T) {
	folder := copyCharts(t, "webapp")
	w, _ := newWorkspace(t, folder)
	s := w.Open(filepath.Join(folder, "webapp/templates/gizmo-crd.yaml"), 1, []byte(gizmoCRD))
	root := s.Roots()[0]
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				root.KubeSchemas().Lookup("example.com/v1", "Gizmo", []string{"spec"})
			}
		})
	}
	if _, err := root.Lint(context.Background(), s.Rules(), true); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	v := root.KubeSchemas()
	if n, ok := v.Lookup("example.com/v1", "Gizmo", []string{"spec", "size"}); !ok || n.Type != "integer" {
		t.Fatalf("Gizmo's spec.size after the whole lint: %+v, %v", n, ok)
	}
	notes := filepath.Join(folder, "webapp/templates/NOTES.txt")
	s = w.Open(notes, 1, []byte("edited"))
	edited := s.Root(notes)
	if _, err := edited.Lint(context.Background(), s.Rules(), true); err != nil {
		t.Fatal(err)
	}
	if edited.KubeSchemas() != v {
		t.Error("the validator was made again for the same CRDs")
	}
}
