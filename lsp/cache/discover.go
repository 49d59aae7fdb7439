package cache

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Limits of the search for charts in the workspace folders, so that a huge
// folder opened by mistake costs little.
const (
	maxSearchDepth   = 12
	maxSearchFolders = 20000
)

// findCharts returns the folders of the root charts under the workspace
// folders: every folder with a Chart.yaml, except subcharts (what lies
// under a chart's charts/ folder is loaded with that chart). Hidden folders
// and node_modules are not searched; symbolic links to folders are not
// followed. Open documents named Chart.yaml count, saved or not.
func findCharts(folders []string, ov overlays) []string {
	s := &search{ov: ov}
	for _, f := range folders {
		s.walk(f, 0)
	}
	for path := range ov {
		if filepath.Base(path) == "Chart.yaml" && under(path, folders) {
			s.found = append(s.found, filepath.Dir(path))
		}
	}
	slices.Sort(s.found)
	s.found = slices.Compact(s.found)
	var roots []string
	for _, dir := range s.found {
		if !isSubchart(s.found, dir) {
			roots = append(roots, dir)
		}
	}
	return roots
}

// isSubchart reports whether dir lies under the charts/ folder of one of
// the charts.
func isSubchart(charts []string, dir string) bool {
	for _, c := range charts {
		if strings.HasPrefix(dir, filepath.Join(c, "charts")+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

type search struct {
	ov      overlays
	visited int
	found   []string
}

func (s *search) walk(dir string, depth int) {
	if depth > maxSearchDepth || s.visited >= maxSearchFolders {
		return
	}
	s.visited++
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	isChart := false
	for _, e := range entries {
		if e.Name() == "Chart.yaml" && !e.IsDir() {
			isChart = true
			s.found = append(s.found, dir)
		}
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || strings.HasPrefix(name, ".") || name == "node_modules" || isChart && name == "charts" {
			continue
		}
		s.walk(filepath.Join(dir, name), depth+1)
	}
}

// chartHolding returns the root, of roots, whose tree holds path: path is
// in the root's folder and not in that of another root nested inside it.
// A chart's folder holds the folders of its subcharts.
func chartHolding(roots []string, path string) string {
	best := ""
	for _, r := range roots {
		if (path == r || strings.HasPrefix(path, r+string(filepath.Separator))) && len(r) > len(best) {
			best = r
		}
	}
	return best
}

// under reports whether path is inside one of the folders.
func under(path string, folders []string) bool {
	for _, f := range folders {
		if strings.HasPrefix(path, f+string(filepath.Separator)) {
			return true
		}
	}
	return false
}
