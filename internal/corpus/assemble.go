package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// missingDependencies lists vendored dependencies that SOURCES.tsv records
// but the shared corpus lacks, by chart: each dependency's folder under
// charts/ and the corpus chart that holds the same source (same repository,
// path and commit), or "" when the corpus has no copy.
var missingDependencies = map[string]map[string]string{
	"prometheus-community__kube-prometheus-stack": {
		"kube-state-metrics":       "prometheus-community__kube-state-metrics",
		"prometheus-node-exporter": "prometheus-community__prometheus-node-exporter",
		"grafana":                  "grafana-community__grafana",
		// Not in the corpus; disabled (windowsMonitoring.enabled: false) in
		// every recorded render, so only its presence matters to Helm.
		"prometheus-windows-exporter": "",
	},
}

// placeholderChart stands in for a dependency that is never enabled.
const placeholderChart = "apiVersion: v2\nname: prometheus-windows-exporter\nversion: 0.12.8\n"

// ChartPath returns the path to render for a corpus chart. A chart whose
// vendored dependencies the corpus lacks is assembled in a temporary folder
// of symbolic links: its own files, plus the corpus copies of the missing
// dependencies, plus a placeholder for a dependency that no render enables.
func ChartPath(t testing.TB, dir, name string) string {
	t.Helper()
	path, err := Assemble(dir, name, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// Assemble returns the path of a corpus chart, assembled under into when the
// corpus lacks some of its vendored dependencies.
func Assemble(dir, name, into string) (string, error) {
	src := filepath.Join(dir, "charts", name)
	deps, ok := missingDependencies[name]
	if !ok {
		return src, nil
	}
	if _, err := os.Stat(filepath.Join(src, "charts", "grafana")); err == nil {
		return src, nil // the corpus has been completed
	}
	dst := filepath.Join(into, name)
	return dst, assemble(src, dst, dir, deps)
}

func assemble(src, dst, corpus string, deps map[string]string) error {
	if err := linkEntries(src, dst, "charts"); err != nil {
		return err
	}
	if err := linkEntries(filepath.Join(src, "charts"), filepath.Join(dst, "charts"), ""); err != nil {
		return err
	}
	for dep, from := range deps {
		target := filepath.Join(dst, "charts", dep)
		if from != "" {
			if err := os.Symlink(filepath.Join(corpus, "charts", from), target); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(target, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(target, "Chart.yaml"), []byte(placeholderChart), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// linkEntries links every entry of src into dst, except one name.
func linkEntries(src, dst, except string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == except {
			continue
		}
		if err := os.Symlink(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}
