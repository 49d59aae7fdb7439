package chart

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/chartwright/chartwright/chart/source"
)

// TestWithFile replaces files of a loaded chart tree without reading the
// folder again: the copy equals a fresh load of the changed folder, shares
// every other file, and leaves the original as it was; changes that only a
// load can apply are ErrReload.
func TestWithFile(t *testing.T) {
	const dir = "../testdata/charts/shop"
	c, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	edits := map[string]string{
		"charts/db-folder/templates/statefulset.yaml": "kind: StatefulSet # edited\n",
		"charts/db-folder/values.yaml":                "storage: 9Gi\nuser: root\n",
		"templates/NOTES.txt":                         "\ufeffNotes, edited, with a byte order mark.\n",
		"values.yaml":                                 "replicaCount: 5\norders:\n  enabled: false\n",
	}
	for p, text := range edits {
		t.Run(p, func(t *testing.T) {
			got, err := c.WithFile(p, []byte(text), Options{})
			if err != nil {
				t.Fatal(err)
			}
			fsys := diskFS(t, dir)
			fsys[p] = &fstest.MapFile{Data: []byte(text)}
			want, err := LoadDir(fsys, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if g, w := describeTree(got), describeTree(want); !reflect.DeepEqual(g, w) {
				t.Errorf("the copy differs from a load of the changed folder:\n%v\nwant\n%v", g, w)
			}
			if fresh, _ := Load(dir, Options{}); !reflect.DeepEqual(describeTree(c), describeTree(fresh)) {
				t.Error("WithFile modified the original chart")
			}
			shared := 0
			for _, f := range allFiles(got) {
				if f.Path != p && fileOf(c, f.Path) != f {
					t.Errorf("%s is a new source.File", f.Path)
				}
				if f.Path != p {
					shared++
				}
			}
			if shared == 0 {
				t.Error("no file shared")
			}
		})
	}
	for _, p := range []string{"Chart.yaml", "charts/db-folder/Chart.yaml", "charts/common-1.0.0.tgz/templates/_labels.tpl", "templates/new.yaml", "values.yaml"} {
		data := []byte("a: [unclosed\n")
		if p != "values.yaml" {
			data = []byte("x: 1\n")
		}
		if _, err := c.WithFile(p, data, Options{}); !errors.Is(err, ErrReload) {
			t.Errorf("%s: error %v, want ErrReload", p, err)
		}
	}
}

// TestEditorBOM checks that a byte order mark is left out of a file's data,
// loaded or changed, and the file marked for LSP positions only when the
// editor holds it with its mark.
func TestEditorBOM(t *testing.T) {
	const dir = "../testdata/charts/shop"
	fsys := diskFS(t, dir)
	fsys["templates/NOTES.txt"] = &fstest.MapFile{Data: []byte("\ufeffNotes.\n")}
	fsys["charts/db-folder/values.yaml"] = &fstest.MapFile{Data: []byte("\ufeffstorage: 1Gi\n")}
	open := func(p string) bool { return p == "templates/NOTES.txt" || p == "templates/deployment.yaml" }
	c, err := LoadDir(fsys, Options{EditorBOM: open})
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{"templates/NOTES.txt": true, "charts/db-folder/values.yaml": false, "templates/deployment.yaml": false} {
		f := fileOf(c, p)
		if f.BOM != want || len(f.Data) > 0 && f.Data[0] == 0xEF {
			t.Errorf("loaded %s: BOM %v (want %v), data %q", p, f.BOM, want, f.Data[:min(len(f.Data), 8)])
		}
	}
	changed, err := c.WithFile("templates/deployment.yaml", []byte("\ufeffkind: Deployment\n"), Options{EditorBOM: open})
	if err != nil {
		t.Fatal(err)
	}
	if f := fileOf(changed, "templates/deployment.yaml"); !f.BOM || string(f.Data) != "kind: Deployment\n" {
		t.Errorf("changed deployment.yaml: BOM %v, data %q", f.BOM, f.Data)
	}
}

// diskFS reads a chart folder into a MapFS.
func diskFS(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	c, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	walkTree(c, func(c *Chart) {
		for _, f := range c.Raw {
			if !c.InArchive() {
				fsys[f.Path] = &fstest.MapFile{Data: f.Data}
			}
		}
	})
	data, err := os.ReadFile(dir + "/charts/common-1.0.0.tgz")
	if err != nil {
		t.Fatal(err)
	}
	fsys["charts/common-1.0.0.tgz"] = &fstest.MapFile{Data: data}
	return fsys
}

func walkTree(c *Chart, visit func(*Chart)) {
	visit(c)
	for _, s := range c.Subcharts {
		walkTree(s, visit)
	}
}

func allFiles(c *Chart) []*source.File {
	var files []*source.File
	walkTree(c, func(c *Chart) { files = append(files, c.Raw...) })
	return files
}

func fileOf(c *Chart, filePath string) *source.File {
	for _, f := range allFiles(c) {
		if f.Path == filePath {
			return f
		}
	}
	return nil
}

// describeTree is what a chart tree holds, chart by chart: folder, name,
// parent, values, schema and the files of each part.
func describeTree(c *Chart) []string {
	var out []string
	walkTree(c, func(c *Chart) {
		parent := ""
		if c.Parent != nil {
			parent = c.Parent.Name()
		}
		out = append(out, fmt.Sprintf("%q %s parent=%s values=%v schema=%q", c.Dir, c.Name(), parent, c.Values, c.Schema))
		for part, files := range map[string][]*source.File{"raw": c.Raw, "templates": c.Templates, "files": c.Files} {
			for _, f := range files {
				out = append(out, fmt.Sprintf("  %s %s %s %q", part, f.Name, f.Path, f.Data))
			}
		}
	})
	slices.Sort(out)
	return out
}
