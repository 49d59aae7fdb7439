package repo

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/testfs"
)

func TestUpdateDependencies(t *testing.T) {
	_, ts := newTestServer(t, ServerOptions{Upload: true})
	for _, v := range []string{"1.0.0", "1.0.3", "1.1.0"} {
		if r := post(t, ts.URL+"/api/charts", archiveBytes(t, "web", v)); r.status != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.status, r.body)
		}
	}
	root := t.TempDir()
	lib := filepath.Join(root, "lib")
	os.Rename(makeChart(t, "lib", "1.2.0", nil), lib)
	parent := filepath.Join(root, "parent")
	os.Rename(makeChart(t, "parent", "0.1.0", map[string]string{
		"Chart.yaml": "apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n" +
			"- name: lib\n  version: ^1.0.0\n  repository: file://../lib\n" +
			"- name: web\n  version: ~1.0.0\n  repository: " + ts.URL + "/\n",
	}), parent)
	os.MkdirAll(filepath.Join(parent, "charts"), 0o755)
	os.WriteFile(filepath.Join(parent, "charts", "web-0.9.0.tgz"), archiveBytes(t, "web", "0.9.0"), 0o644) // stale
	// Helm deletes any archive of a chart that is no longer a dependency,
	// whatever its name.
	os.WriteFile(filepath.Join(parent, "charts", "gone.tgz"), archiveBytes(t, "gone", "1.0.0"), 0o644)

	now := time.Date(2026, 2, 3, 4, 5, 6, 780, time.FixedZone("", 3600)) // Helm writes the local time, to the nanosecond
	lock, err := UpdateDependencies(context.Background(), parent, DependencyOptions{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(parent, "charts"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "lib-1.2.0.tgz web-1.0.3.tgz" {
		t.Errorf("charts/ = %s", got)
	}
	data, err := os.ReadFile(filepath.Join(parent, "Chart.lock"))
	if err != nil {
		t.Fatal(err)
	}
	want := "dependencies:\n- name: lib\n  repository: file://../lib\n  version: 1.2.0\n- name: web\n  repository: " + ts.URL + "/\n  version: 1.0.3\n" +
		"digest: " + lock.Digest + "\ngenerated: \"2026-02-03T04:05:06.00000078+01:00\"\n"
	if string(data) != want || !strings.HasPrefix(lock.Digest, "sha256:") {
		t.Errorf("Chart.lock =\n%s\nwant\n%s", data, want)
	}
	if _, err := chart.PackageDir(parent, t.TempDir(), chart.PackageOptions{}); err != nil {
		t.Errorf("package after dependency update: %v", err)
	}

	// Updated again, nothing changed: the lock stays as it is, generated
	// time and all, as Helm leaves it.
	later := now.Add(time.Hour)
	if _, err := UpdateDependencies(context.Background(), parent, DependencyOptions{Now: func() time.Time { return later }}); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(filepath.Join(parent, "Chart.lock")); string(again) != want {
		t.Errorf("an up-to-date Chart.lock was rewritten:\n%s", again)
	}
}

// TestUpdateDependenciesErrors: a dependency that cannot be resolved fails
// the update before anything is written, with Helm's message where Helm
// resolves it (the lines of helm v4.3.1 and v3.22.0, alike; ROOT stands for
// the folder of the charts) and chartwright's for repositories it does not
// support.
func TestUpdateDependenciesErrors(t *testing.T) {
	const unsatisfied = `can't get a valid version for %s. Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml`
	for _, tc := range []struct{ deps, want string }{
		{"- name: x\n  version: 1.0.0\n  repository: oci://registry.example.com/charts\n",
			`dependency "x": repository "oci://registry.example.com/charts" is not supported: chartwright resolves file:// and http(s):// repositories only`},
		{"- name: x\n  version: 1.0.0\n  repository: '@stable'\n",
			`dependency "x": repository "@stable" is not supported: chartwright resolves file:// and http(s):// repositories only`},
		{"- name: x\n  version: '>= 2'\n  repository: file://../nowhere\n", "directory ROOT/nowhere not found"},
		{"- name: x\n  version: '>= 2'\n  repository: file://ROOT/nowhere\n", "directory ROOT/nowhere not found"},
		{"- name: x\n  version: 1.0.0\n  repository: ''\n", "directory ROOT/p/charts/x not found"},
		{"- name: x\n  version: '!!'\n  repository: ''\n", `dependency "x" has an invalid version/constraint format: improper constraint: "!!"`},
		{"- name: dep\n  version: 0.1.0\n  repository: file://../dep\n- name: other\n  version: 9.0.0\n  repository: file://../other\n",
			fmt.Sprintf(unsatisfied, `2 subchart(s): "dep" (repository "file://../dep", version "0.1.0"), "other" (repository "file://../other", version "9.0.0")`)},
		{"- name: dep\n  version: '*'\n  repository: file://../other\n", "found in Chart.yaml, but missing in charts/ directory: dep"},
		{"- name: dep\n  version: '*'\n  repository: file://../dep/Chart.yaml\n", "Chart.yaml file is missing"},
		{"- name: dep\n  version: '*'\n  repository: file://../dep/templates\n", "Chart.yaml file is missing"},
	} {
		root := t.TempDir()
		makeChartIn(t, root, "dep", "0.2.0")
		makeChartIn(t, root, "other", "0.1.0")
		deps := strings.ReplaceAll(tc.deps, "ROOT", root)
		dir := makeChartIn(t, root, "p", "1.0.0", "dependencies:\n"+deps)
		t.Chdir(root) // the chart named relatively: Helm's messages name folders absolutely
		_, err := UpdateDependencies(context.Background(), "p", DependencyOptions{})
		if want := strings.ReplaceAll(tc.want, "ROOT", root); err == nil || err.Error() != want {
			t.Errorf("%s: err = %v\nwant %s", tc.deps, err, want)
		}
		if _, err := os.Stat(filepath.Join(dir, "Chart.lock")); err == nil {
			t.Errorf("%s: Chart.lock written despite the error", tc.deps)
		}
	}
}

// TestUpdateDependenciesUnloadable checks that a chart that does not load
// gets the loader's error, bare, as helm v4.3.1 package -u prints it.
func TestUpdateDependenciesUnloadable(t *testing.T) {
	dir := makeChartIn(t, t.TempDir(), "p", "1.0.0", "dependencies:\n- name: dep\n  version: 0.1.0\n  repository: file://../dep\n")
	testfs.Write(t, filepath.Join(dir, "charts"), map[string]string{"notes.txt": "not a chart\n"})
	_, err := UpdateDependencies(context.Background(), dir, DependencyOptions{})
	if want := "error unpacking subchart notes.txt in p: Chart.yaml file is missing"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// TestUpdateDependenciesChartsNotAFolder checks Helm's error for a file
// named charts, as helm v4.3.1 package -u prints it: the folder named
// absolutely, quoted.
func TestUpdateDependenciesChartsNotAFolder(t *testing.T) {
	root := t.TempDir()
	makeChartIn(t, root, "dep", "0.1.0")
	dir := makeChartIn(t, root, "p", "1.0.0", "dependencies:\n- name: dep\n  version: 0.1.0\n  repository: file://../dep\n")
	os.WriteFile(filepath.Join(dir, "charts"), []byte("a file\n"), 0o644)
	t.Chdir(root)
	_, err := UpdateDependencies(context.Background(), "p", DependencyOptions{})
	if want := fmt.Sprintf("%q is not a directory", filepath.Join(dir, "charts")); err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// TestUpdateDependenciesNone checks that a chart without dependencies gets
// no Chart.lock, as helm v4.3.1 package -u leaves it, and that an empty
// list gets one, as Helm writes it then.
func TestUpdateDependenciesNone(t *testing.T) {
	root := t.TempDir()
	none := makeChartIn(t, root, "none", "1.0.0")
	empty := makeChartIn(t, root, "empty", "1.0.0", "dependencies: []\n")
	for dir, want := range map[string]bool{none: false, empty: true} {
		if _, err := UpdateDependencies(context.Background(), dir, DependencyOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "Chart.lock")); (err == nil) != want {
			t.Errorf("%s: Chart.lock written %v, want %v", filepath.Base(dir), err == nil, want)
		}
	}
	// Helm's lock and digest for the empty list (helm v4.3.1's), and the
	// charts/ folder it makes.
	data, _ := os.ReadFile(filepath.Join(empty, "Chart.lock"))
	if want := "dependencies: []\ndigest: sha256:643d5437104296e21d906ecb15b2c96ad278f20cfc4af53b12bb6069bd853726\n"; !strings.HasPrefix(string(data), want) {
		t.Errorf("Chart.lock of an empty list:\n%s\nwant it to start with\n%s", data, want)
	}
	if _, err := os.Stat(filepath.Join(empty, "charts")); err != nil {
		t.Errorf("charts/ of an empty list: %v", err)
	}
}

// makeChartIn writes a minimal chart into root/name, with more lines of
// Chart.yaml, and returns its folder.
func makeChartIn(t *testing.T, root, name, version string, chartYAML ...string) string {
	t.Helper()
	meta := fmt.Sprintf("apiVersion: v2\nname: %s\nversion: %s\n", name, version) + strings.Join(chartYAML, "")
	return testfs.Write(t, filepath.Join(root, name), map[string]string{"Chart.yaml": meta, "templates/cm.yaml": "kind: ConfigMap\n"})
}

// TestFileDependencyReproducible checks that with an epoch the archive
// made of a file:// dependency is reproducible too, byte for byte the one
// helm v4.3.1 package -u writes with SOURCE_DATE_EPOCH=1700000000 (digests
// recorded from it for these files).
func TestFileDependencyReproducible(t *testing.T) {
	root := t.TempDir()
	testfs.Write(t, filepath.Join(root, "sub"), map[string]string{
		"Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n", "values.yaml": "a: 1\n", "templates/cm.yaml": "kind: ConfigMap\n",
	})
	parent := testfs.Write(t, filepath.Join(root, "parent"), map[string]string{
		"Chart.yaml": "apiVersion: v2\nname: parent\nversion: 1.0.0\ndependencies:\n- name: sub\n  version: 0.1.0\n  repository: file://../sub\n",
	})
	epoch := time.Unix(1700000000, 0).UTC()
	opts := PackageOptions{PackageOptions: chart.PackageOptions{Epoch: &epoch}, DependencyUpdate: true}
	p, err := Package(context.Background(), parent, t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := os.ReadFile(filepath.Join(parent, "charts", "sub-0.1.0.tgz"))
	if err != nil {
		t.Fatal(err)
	}
	if got := chart.Digest(sub); got != "9c31bf79667f5f794cf834306241a51b8891b35f98eca1a75c352ef1293088a1" {
		t.Errorf("charts/sub-0.1.0.tgz digest %s, not helm's", got)
	}
	if p.Digest != "sha256:0c22a58d6c034ab1579b7885b8cbb9ba0a8c000e6a281f0bc62dd3ff1e69775c" {
		t.Errorf("parent-1.0.0.tgz digest %s, not helm's", p.Digest)
	}
}
