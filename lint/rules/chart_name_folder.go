package rules

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
)

const (
	chartNameFolder        lint.RuleID = "chart-name-folder"
	dependencyNameMismatch lint.RuleID = "dependency-name-mismatch"
)

func chartNameFolderRule() *lint.Rule {
	return &lint.Rule{
		ID: chartNameFolder, Family: lint.FamilyChart, Severity: lint.Info,
		Summary: "a chart's folder should be named after the chart",
		Doc:     doc(chartNameFolder), Check: checkChartNameFolder,
	}
}

func dependencyNameMismatchRule() *lint.Rule {
	return &lint.Rule{
		ID: dependencyNameMismatch, Family: lint.FamilyDependency, Severity: lint.Warning,
		Summary: "a dependency entry must find its chart: in charts/<name> without repository, named as the entry at a file:// path",
		Doc:     doc(dependencyNameMismatch), Check: checkDependencyNames,
	}
}

// checkChartNameFolder reports a root chart folder named otherwise than
// the chart, at the name in Chart.yaml.
func checkChartNameFolder(p *lint.Pass) {
	c := p.Chart
	if p.LoadErr != nil || p.Archive || c == nil || c.Metadata == nil || c.Name() == "" {
		return
	}
	if folder := filepath.Base(p.Dir); folder != c.Name() {
		p.Reportf(nameSpan(c), "the chart is named %q but its folder is %q: Helm knows the chart by its name", c.Name(), folder)
	}
}

// checkDependencyNames reports, through the chart tree, subcharts whose
// folder under charts/ is not their name where helm dependency update
// looks for them by name (see lookedUpByName), and file:// dependency
// entries inside the chart whose folder holds a chart of another name.
func checkDependencyNames(p *lint.Pass) {
	if p.LoadErr != nil || p.Chart == nil || p.Chart.Metadata == nil {
		return
	}
	entries := dependencyEntries(p)
	for i, d := range p.Chart.Metadata.Dependencies {
		if d == nil || !strings.HasPrefix(d.Repository, "file://") {
			continue
		}
		sub := subchartAt(p.Chart, path.Clean(strings.TrimPrefix(d.Repository, "file://")))
		if sub != nil && sub.Name() != d.Name {
			p.Reportf(entries.span(i, "name"), "dependency %q points to %s, whose chart is named %q: Helm matches dependencies by chart name", d.Name, d.Repository, sub.Name())
		}
	}
	var walk func(c *chart.Chart)
	walk = func(c *chart.Chart) {
		for _, s := range c.Subcharts {
			if s.Archived || s.Metadata == nil {
				continue
			}
			if folder := path.Base(s.Dir); folder != s.Name() && lookedUpByName(c, s) {
				p.Reportf(nameSpan(s), "the chart is named %q but its folder is %s: its dependency entry has no repository, so helm dependency update looks for charts/%s", s.Name(), s.Dir, s.Name())
			}
			walk(s)
		}
	}
	walk(p.Chart)
}

// lookedUpByName reports whether helm dependency update looks for the
// subchart sub of c in charts/<its name> and does not find it there: an
// entry of c names it without a repository (Helm's resolver then loads
// charts/<name>), and c holds no such folder. Entries with a file://
// path find the chart at that path, and downloaded ones do not look at
// folders at all.
func lookedUpByName(c, sub *chart.Chart) bool {
	if c.Metadata == nil || hasPath(c, "charts/"+sub.Name()) {
		return false
	}
	for _, d := range c.Metadata.Dependencies {
		if d != nil && d.Name == sub.Name() && d.Repository == "" {
			return true
		}
	}
	return false
}

// subchartAt is the subchart loaded from the chart-relative folder dir.
func subchartAt(c *chart.Chart, dir string) *chart.Chart {
	for _, s := range c.Subcharts {
		if s.Dir == dir {
			return s
		}
	}
	return nil
}

// nameSpan is the value of name in the chart's Chart.yaml.
func nameSpan(c *chart.Chart) source.Span {
	f := c.File("Chart.yaml")
	if f == nil {
		return source.Span{}
	}
	if k, ok := lookupKey(f, "name"); ok {
		return k.Value
	}
	return fileStart(f)
}
