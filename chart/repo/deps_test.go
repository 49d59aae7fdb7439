package repo

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chartwright/chartwright/chart"
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
}

func TestUpdateDependenciesErrors(t *testing.T) {
	for _, tc := range []struct{ deps, want string }{
		{"- name: x\n  version: 1.0.0\n  repository: oci://registry.example.com/charts\n", "not supported"},
		{"- name: x\n  version: 1.0.0\n  repository: '@stable'\n", "not supported"},
		{"- name: x\n  version: '>= 2'\n  repository: file://../nowhere\n", "load"},
		{"- name: x\n  version: 1.0.0\n  repository: ''\n", "charts/x not found"},
		{"- name: x\n  version: '!!'\n  repository: ''\n", "invalid version/constraint"},
	} {
		dir := makeChart(t, "p", "1.0.0", map[string]string{"Chart.yaml": "apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n" + tc.deps})
		_, err := UpdateDependencies(context.Background(), dir, DependencyOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.deps, err, tc.want)
		}
		if _, err := os.Stat(filepath.Join(dir, "Chart.lock")); err == nil {
			t.Errorf("%s: Chart.lock written despite the error", tc.deps)
		}
	}
}
