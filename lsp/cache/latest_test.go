package cache

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLatestIndex checks that a root edited since its index was computed
// gives that index without computing its own, and its own once computed;
// that an older root finishing later does not replace a newer index; and
// that the Kubernetes schemas are kept while the CRDs do not change.
func TestLatestIndex(t *testing.T) {
	folder := copyCharts(t, "shop")
	tpl := filepath.Join(folder, "shop/templates/service.yaml")
	text, err := os.ReadFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	w, s0 := newWorkspace(t, folder)
	r0 := s0.Root(tpl)
	if r0.LatestIndex() != nil {
		t.Fatal("a latest index before any was computed")
	}
	ix0 := r0.Index()
	s1 := w.Open(tpl, 1, append([]byte("# edited\n"), text...))
	r1 := s1.Root(tpl)
	latest := r1.LatestIndex()
	if latest == nil || latest.Index != ix0 {
		t.Fatal("the edited root does not give the index computed before the edit")
	}
	if _, _, done := r1.index.known(); done {
		t.Error("asking for the latest index computed the edited root's")
	}
	if f := latest.File("templates/service.yaml"); f == nil || string(f.Data) != string(text) {
		t.Error("the latest index's file is not the one it indexed")
	}
	ix1 := r1.Index()
	if got := r1.LatestIndex(); got.Index != ix1 || got.File("templates/service.yaml").Data[0] != '#' {
		t.Error("the root's own index is not the latest once computed")
	}
	r0.latest.recordIndex(r0.gen, r0.Load().Chart, ix0)
	if r1.LatestIndex().Index != ix1 {
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
