package rules

import (
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lint"
)

const dependencyMissingInSubchart lint.RuleID = "dependency-missing-in-subchart"

func dependencyMissingInSubchartRule() *lint.Rule {
	return &lint.Rule{
		ID: dependencyMissingInSubchart, Family: lint.FamilyDependency, Severity: lint.Warning,
		Summary: "every dependency a subchart's Chart.yaml lists should be present under its charts/",
		Doc:     doc(dependencyMissingInSubchart), Check: checkSubchartDependencies,
	}
}

// checkSubchartDependencies reports, at any depth below the linted chart,
// the subcharts that lack dependencies their Chart.yaml lists: helm lint
// checks only the linted chart's, and Helm installs a subchart without
// its missing ones.
func checkSubchartDependencies(p *lint.Pass) {
	if p.LoadErr != nil || p.Chart == nil {
		return
	}
	for _, c := range chartsMissingDependencies(p.Chart) {
		if c == p.Chart {
			continue // dependency-missing, as helm lint reports it
		}
		p.Reportf(dependenciesSpan(c.File("Chart.yaml")),
			"%s lacks these dependencies under %s/charts: %s; Helm installs it without them, and what they define and read cannot be checked until helm dependency build runs in %s",
			c.Dir, c.Dir, strings.Join(missingDependencies(c), ", "), c.Dir)
	}
}

// missingDependencies are the names of c's Chart.yaml dependencies that no
// subchart of c holds, as validateDependencyInChartsDir finds them.
func missingDependencies(c *chart.Chart) []string {
	loaded := map[string]bool{}
	for _, s := range c.Subcharts {
		loaded[s.Name()] = true
	}
	var missing []string
	for _, d := range c.Metadata.Dependencies {
		if !loaded[d.Name] {
			missing = append(missing, d.Name)
		}
	}
	return missing
}
