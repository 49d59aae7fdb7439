package cache

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLatestIndex edits a template: a fresh root computes its own index;
// until the edited root's index is computed, the one before answers (the
// edited one's is computed in the background); an older root finishing
// later does not replace a newer index; and the Kubernetes schemas are
// kept while the CRDs do not change.
func TestLatestIndex(t *testing.T) {
	folder := copyCharts(t, "shop")
	tpl := filepath.Join(folder, "shop/templates/service.yaml")
	text, err := os.ReadFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	w, s0 := newWorkspace(t, folder)
	r0 := s0.Root(tpl)
	first := r0.LatestIndex()
	if first == nil || first.Index != r0.Index() {
		t.Fatal("a fresh root's latest index is not its own")
	}
	s1 := w.Open(tpl, 1, append([]byte("# edited\n"), text...))
	r1 := s1.Root(tpl)
	if r1 == r0 {
		t.Fatal("the edit kept the root")
	}
	if latest := r1.LatestIndex(); latest == nil || latest.Index != first.Index {
		t.Fatal("the edited root does not give the index computed before the edit")
	}
	if f := first.File("templates/service.yaml"); f == nil || string(f.Data) != string(text) {
		t.Error("the latest index's file is not the one it indexed")
	}
	own := r1.Index()
	if got := r1.LatestIndex(); got.Index != own || got.File("templates/service.yaml").Data[0] != '#' {
		t.Error("the root's own index is not the latest once computed")
	}
	r0.latest.recordIndex(r0.gen, r0.Load().Chart, first.Index) // an older root computed late
	if r1.LatestIndex().Index != own {
		t.Error("an older root's index replaced a newer one")
	}

	if r1.KubeSchemas() != r0.KubeSchemas() {
		t.Error("the Kubernetes schemas were compiled again though no CRD changed")
	}
	crd := filepath.Join(folder, "shop/crds/widget.yaml")
	if err := os.MkdirAll(filepath.Dir(crd), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(crd, []byte("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  group: example.com\n  names: {kind: Widget}\n  versions:\n    - name: v1\n      schema:\n        openAPIV3Schema: {type: object, properties: {size: {type: string}}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	v := w.DiskChanged([]string{crd}).Root(crd).KubeSchemas()
	if v == r0.KubeSchemas() {
		t.Fatal("a new CRD did not give new schemas")
	}
	if n, ok := v.Lookup("example.com/v1", "Widget", nil); !ok || len(n.Fields) == 0 || n.Fields[0].Name != "size" {
		t.Errorf("the CRD's kind: %+v, %v", n, ok)
	}
}
