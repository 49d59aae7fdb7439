package cache

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestOtherValuesFiles checks that the values files Helm does not read by
// itself are indexed, a subchart's included, an extra values file of the
// settings not counted twice, and that editing one gives new values.
func TestOtherValuesFiles(t *testing.T) {
	folder := copyCharts(t, "shop")
	write := func(rel, text string) string {
		p := filepath.Join(folder, "shop", rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("values-prod.yaml", "replicaCount: 5\n")
	write("ci/small.yaml", "image:\n  tag: ci\n")
	write("charts/db-folder/ci/big.yaml", "storage: 50Gi\n")
	write("ci/extra.yaml", "replicaCount: 9\n")
	write("ci/notes.txt", "not values\n")
	w, _ := newWorkspace(t, folder)
	s := w.SetSettings(Settings{ValuesFiles: map[string][]string{"shop": {"ci/extra.yaml"}}})
	describe := func(s *Snapshot) []string {
		var got []string
		for _, vf := range s.Roots()[0].Values().Others {
			rel, _ := filepath.Rel(folder, vf.Path)
			k := vf.Keys.Keys[0]
			got = append(got, vf.ChartDir+"|"+filepath.ToSlash(rel)+"|"+k.Key.File.Name+"|"+string(k.Value.File.Data[k.Value.Start:k.Value.End]))
		}
		return got
	}
	want := []string{
		"|shop/values-prod.yaml|values-prod.yaml|5",
		"|shop/ci/small.yaml|ci/small.yaml|tag: ci",
		"charts/db-folder|shop/charts/db-folder/ci/big.yaml|ci/big.yaml|50Gi",
	}
	if got := describe(s); !slices.Equal(got, want) {
		t.Errorf("other values files\n got: %q\nwant: %q", got, want)
	}
	s = w.Open(filepath.Join(folder, "shop/values-prod.yaml"), 1, []byte("replicaCount: 6\n"))
	want[0] = "|shop/values-prod.yaml|values-prod.yaml|6"
	if got := describe(s); !slices.Equal(got, want) {
		t.Errorf("after an edit\n got: %q\nwant: %q", got, want)
	}
}
