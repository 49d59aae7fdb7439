package cache

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// copyCharts copies testdata charts into a new workspace folder.
func copyCharts(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range names {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join("../../testdata/charts", name))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func newWorkspace(t *testing.T, folder string) (*Workspace, *Snapshot) {
	t.Helper()
	w := NewWorkspace(rules.All())
	return w, w.SetFolders([]string{folder})
}

// TestRootsFound checks that the root charts of a folder are found, not
// their subcharts, and that files map to the root whose tree holds them.
func TestRootsFound(t *testing.T) {
	folder := copyCharts(t, "shop", "webapp")
	_, s := newWorkspace(t, folder)
	var dirs []string
	for _, r := range s.Roots() {
		dirs = append(dirs, filepath.Base(r.Dir))
	}
	if strings.Join(dirs, " ") != "shop webapp" {
		t.Fatalf("roots %v, want shop and webapp", dirs)
	}
	for path, want := range map[string]string{
		"shop/charts/db-folder/templates/statefulset.yaml": "shop",
		"webapp/templates/deployment.yaml":                 "webapp",
		"webapp":                                           "webapp",
		"README.md":                                        "",
	} {
		got := ""
		if r := s.Root(filepath.Join(folder, path)); r != nil {
			got = filepath.Base(r.Dir)
		}
		if got != want {
			t.Errorf("%s: root %q, want %q", path, got, want)
		}
	}
}

// TestEditSharesUntouched edits a template without saving: the new
// snapshot sees the edit, the other root and the values are shared, and
// the chart is derived from the earlier one, whose other files it shares.
func TestEditSharesUntouched(t *testing.T) {
	folder := copyCharts(t, "shop", "webapp")
	w, s0 := newWorkspace(t, folder)
	tpl := filepath.Join(folder, "shop/templates/service.yaml")
	text, err := os.ReadFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	s1 := w.Open(tpl, 1, text)
	before := s1.Root(tpl).Load().Chart
	vals := s1.Root(tpl).Values()
	s2, err := w.Change(tpl, 2, []TextChange{{Range: &source.UTF16Range{
		Start: source.UTF16Position{Line: 0, Character: 0}, End: source.UTF16Position{Line: 0, Character: 10},
	}, Text: "# «édité»\napiVersion"}})
	if err != nil {
		t.Fatal(err)
	}
	if s2.Roots()[1] != s0.Roots()[1] {
		t.Error("the webapp root was not shared")
	}
	r := s2.Root(tpl)
	if r.Values() != vals {
		t.Error("editing a template computed the values again")
	}
	after := r.Load().Chart
	_, f := r.FileAt(tpl)
	if f == nil || !strings.HasPrefix(string(f.Data), "# «édité»\napiVersion: v1\n") {
		t.Fatalf("the edit is not in the loaded chart: %q", f.Data[:min(40, len(f.Data))])
	}
	if _, old := fileIn(before, "values.yaml"); old != after.File("values.yaml") {
		t.Error("the derived chart does not share values.yaml's file")
	}
	if got, _ := os.ReadFile(tpl); string(got) != string(text) {
		t.Error("the edit reached the disk")
	}

	if _, err := w.Change(filepath.Join(folder, "shop/values.yaml"), 1, nil); err == nil {
		t.Error("a change to a document not open is no error")
	}
	if s3 := w.DiskChanged([]string{filepath.Join(folder, "shop/values.yaml")}); s3.Root(tpl).Values() == vals {
		t.Error("values.yaml changed on disk, yet the values were shared")
	}
	s4 := w.Close(tpl)
	if _, f := s4.Root(tpl).FileAt(tpl); string(f.Data) != string(text) {
		t.Error("closing the document did not bring back the disk's content")
	}
}

// TestValuesEdit checks that editing values.yaml gives new values, read
// from the unsaved text, and that the extra values files of the settings
// apply over the defaults.
func TestValuesEdit(t *testing.T) {
	folder := copyCharts(t, "shop")
	prod := filepath.Join(folder, "shop/prod.yaml")
	if err := os.WriteFile(prod, []byte("replicaCount: 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, _ := newWorkspace(t, folder)
	s := w.SetSettings(Settings{ValuesFiles: map[string][]string{"shop": {"prod.yaml"}}})
	root := s.Roots()[0]
	if got := root.Values().Merged["replicaCount"]; got != float64(7) {
		t.Errorf("replicaCount %v, want 7 from prod.yaml", got)
	}
	if got := root.Values().Merged["orders"].(map[string]any)["user"]; got != "admin" {
		t.Errorf("orders.user %v, want the subchart's default admin", got)
	}
	values := filepath.Join(folder, "shop/values.yaml")
	s = w.Open(values, 1, []byte("replicaCount: 1\ngreeting: hi\n"))
	if got := s.Roots()[0].Values().Merged["greeting"]; got != "hi" {
		t.Errorf("greeting %v, want the unsaved hi", got)
	}
	s = w.Open(prod, 1, []byte("replicaCount: 9\n"))
	if got := s.Roots()[0].Values().Merged["replicaCount"]; got != float64(9) {
		t.Errorf("replicaCount %v, want the unsaved 9 of prod.yaml", got)
	}
}

// TestLintUnsaved lints what the editor holds, quickly and fully.
func TestLintUnsaved(t *testing.T) {
	folder := copyCharts(t, "shop")
	w, _ := newWorkspace(t, folder)
	tpl := filepath.Join(folder, "shop/templates/service.yaml")
	s := w.Open(tpl, 1, []byte("kind: Service\nname: {{ include \"shop.fulname\" . }}\nport: {{ .Values.service.prot }}\n"))
	root := s.Root(tpl)
	quick, err := root.Lint(context.Background(), s.Rules(), false)
	if err != nil {
		t.Fatal(err)
	}
	full, err := root.Lint(context.Background(), s.Rules(), true)
	if err != nil {
		t.Fatal(err)
	}
	has := func(fs []lint.Finding, rule string, line int) bool {
		for _, f := range fs {
			if string(f.Rule) == rule && f.Path == "templates/service.yaml" && f.Position().Line == line {
				return true
			}
		}
		return false
	}
	if !has(quick, "template-unknown-include", 2) || !has(full, "template-unknown-include", 2) {
		t.Errorf("the unknown include is not found: quick %v full %v", quick, full)
	}
	if has(quick, "values-undefined", 3) || !has(full, "values-undefined", 3) {
		t.Errorf("values-undefined should be in the full lint only: quick %v full %v", quick, full)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s = w.Open(tpl, 2, []byte("kind: Service\n"))
	if _, err := s.Root(tpl).Lint(ctx, s.Rules(), true); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled lint: %v", err)
	}
	if _, err := s.Root(tpl).Lint(context.Background(), s.Rules(), true); err != nil {
		t.Errorf("the lint after a cancelled one: %v", err)
	}
}

// TestChartsAppear checks that a chart created on disk, and one opened
// before it is saved, become roots.
func TestChartsAppear(t *testing.T) {
	folder := copyCharts(t, "shop")
	w, _ := newWorkspace(t, folder)
	dir := filepath.Join(folder, "fresh")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	chartYAML := filepath.Join(dir, "Chart.yaml")
	if err := os.WriteFile(chartYAML, []byte("apiVersion: v2\nname: fresh\nversion: 1.0.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := w.DiskChanged([]string{chartYAML})
	if r := s.Root(filepath.Join(dir, "templates/x.yaml")); r == nil || r.Dir != dir {
		t.Fatalf("the new chart is not a root: %v", s.Roots())
	}
	unsaved := filepath.Join(folder, "draft", "Chart.yaml")
	s = w.Open(unsaved, 1, []byte("apiVersion: v2\nname: draft\nversion: 0.1.0\n"))
	r := s.Root(unsaved)
	if r == nil || r.Load().Err != nil || r.Load().Chart.Name() != "draft" {
		t.Fatalf("the unsaved chart does not load: %+v", r)
	}
}

// TestReread checks that reading a chart again picks up what changed on
// disk without being reported, and shares nothing computed before.
func TestReread(t *testing.T) {
	folder := copyCharts(t, "shop")
	w, s := newWorkspace(t, folder)
	notes := filepath.Join(folder, "shop/templates/NOTES.txt")
	before := s.Root(notes).Values()
	if err := os.WriteFile(notes, []byte("changed behind the server's back\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, f := w.Snapshot().Root(notes).FileAt(notes); string(f.Data) == "changed behind the server's back\n" {
		t.Fatal("the unreported change is seen without rereading: the test shows nothing")
	}
	s = w.Reread(notes)
	if _, f := s.Root(notes).FileAt(notes); string(f.Data) != "changed behind the server's back\n" {
		t.Errorf("rereading missed the change: %q", f.Data)
	}
	if s.Root(notes).Values() == before {
		t.Error("rereading kept the values computed before")
	}
}

// TestUnsavedFileInNewFolder opens a document in a folder that is not on
// disk yet: the chart, loaded again, holds it.
func TestUnsavedFileInNewFolder(t *testing.T) {
	folder := copyCharts(t, "shop")
	w, _ := newWorkspace(t, folder)
	crd := filepath.Join(folder, "shop/crds/widgets.yaml")
	s := w.Open(crd, 1, []byte("kind: CustomResourceDefinition\n"))
	c := s.Root(crd).Load().Chart
	if c == nil || c.File("crds/widgets.yaml") == nil || len(c.CRDs()) != 1 {
		t.Fatalf("the unsaved CRD in a new folder is not in the chart: %v", s.Root(crd).Load().Err)
	}
}

// TestValuesFileOfSettingsIsLinted checks that a key of a values file of
// the settings that the chart does not know is reported in that file, from
// its unsaved text, as `chartwright lint` reports keys of -f files.
func TestValuesFileOfSettingsIsLinted(t *testing.T) {
	folder := copyCharts(t, "shop")
	prod := filepath.Join(folder, "shop/prod.yaml")
	if err := os.WriteFile(prod, []byte("replicaCount: 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, _ := newWorkspace(t, folder)
	w.SetSettings(Settings{ValuesFiles: map[string][]string{"shop": {"prod.yaml"}}})
	s := w.Open(prod, 1, []byte("replicaCount: 7\nreplicaCont: 8\n"))
	findings, err := s.Roots()[0].Lint(context.Background(), rules.All(), true)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findings {
		if f.Rule == "values-unknown-override" {
			got = append(got, fmt.Sprintf("%s:%d %s", f.Span.File.Path, f.Position().Line, f.Message))
		}
	}
	want := `prod.yaml:2 replicaCont is set here but the chart neither reads nor defines it: Helm ignores it (did you mean "replicaCount"?)`
	if len(got) != 1 || got[0] != want {
		t.Errorf("values-unknown-override findings %q, want [%q]", got, want)
	}
}
