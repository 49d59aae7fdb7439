package chart

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/testfs"
)

// TestLoadLargeFiles loads a chart whose files straddle minMappedSize (so
// that Load maps the large ones) and checks that every file has the content
// on disk, a BOM trimmed as from a read file, and that changing a loaded
// file's bytes never changes the file.
func TestLoadLargeFiles(t *testing.T) {
	large := strings.Repeat("a: b\n", minMappedSize/5+1)
	files := map[string]string{
		"Chart.yaml":          "apiVersion: v2\nname: big\nversion: 1.0.0\n",
		"values.yaml":         "x: 1\n" + large,
		"templates/big.yaml":  large,
		"crds/crd.yaml":       large,
		"files/bom.txt":       "\ufeff" + large,
		"files/small.txt":     "small\n",
		"files/exact.txt":     strings.Repeat("z", minMappedSize),
		"files/under-one.txt": strings.Repeat("y", minMappedSize-1),
	}
	dir := testfs.Write(t, t.TempDir(), files)
	c, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	for _, f := range c.Raw {
		got[f.Name] = f.Data
	}
	for name, content := range files {
		want := strings.TrimPrefix(content, "\ufeff")
		if string(got[name]) != want {
			t.Errorf("%s: loaded %d bytes, want the %d on disk", name, len(got[name]), len(want))
		}
	}
	crd := got["crds/crd.yaml"]
	crd[0] = 'X'
	disk, err := os.ReadFile(filepath.Join(dir, "crds", "crd.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(disk, []byte(large)) {
		t.Error("writing a loaded file's bytes changed the file on disk")
	}
}
