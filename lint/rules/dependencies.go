package rules

import (
	"fmt"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
)

// The dependency checks of helm lint.
const (
	dependencyNotInMetadata lint.RuleID = "dependency-not-in-metadata"
	dependencyDuplicate     lint.RuleID = "dependency-duplicate"
	dependencyMissing       lint.RuleID = "dependency-missing"
)

func dependencyRules() []*lint.Rule {
	return []*lint.Rule{
		helmRuleValue(dependencyNotInMetadata, lint.FamilyDependency, lint.Warning, "every chart under charts/ must be listed in Chart.yaml dependencies"),
		helmRuleValue(dependencyDuplicate, lint.FamilyDependency, lint.Error, "dependency names and aliases must be unique"),
		helmRuleValue(dependencyMissing, lint.FamilyDependency, lint.Warning, "every dependency of Chart.yaml should be present under charts/"),
	}
}

// dependencies runs helm lint's dependency checks; Helm prints them with
// the absolute chart directory as path.
func (h *helmLinter) dependencies() {
	p := h.pass
	h.logLoad()
	if p.LoadErr != nil {
		h.add(chartLoad, lint.Error, "", source.Span{}, fmt.Errorf("unable to load chart\n\t%w", p.LoadErr))
		return
	}
	c := p.Chart
	f := p.RawFile("Chart.yaml")
	at := dependenciesSpan(f)
	h.add(dependencyNotInMetadata, lint.Error, p.Dir, at, validateDependencyInMetadata(c))
	h.add(dependencyDuplicate, lint.Error, p.Dir, at, validateDependenciesUnique(c))
	if !h.add(dependencyMissing, lint.Warning, p.Dir, at, validateDependencyInChartsDir(c)) {
		m := &h.messages[len(h.messages)-1]
		m.ownText = m.message + uncheckedUntilBuilt
	}
}

// uncheckedUntilBuilt ends chartwright's dependency-missing message: what
// a missing chart defines and reads is unknown, so the rules that conclude
// from what no template does hold back (see chartsMissingDependencies).
const uncheckedUntilBuilt = "; until helm dependency build fetches them, the templates that use them cannot be checked (unknown includes and unused values are not reported)"

// chartsMissingDependencies are the charts of the tree rooted at c that
// lack some of their Chart.yaml dependencies under charts/: what
// dependency-missing reports for the linted chart, at any depth. A missing
// chart may define any template name and read any of its parent's values
// (a library's helpers read them) and the globals.
func chartsMissingDependencies(c *chart.Chart) []*chart.Chart {
	var out []*chart.Chart
	if c.Metadata != nil && validateDependencyInChartsDir(c) != nil {
		out = append(out, c)
	}
	for _, s := range c.Subcharts {
		out = append(out, chartsMissingDependencies(s)...)
	}
	return out
}

// dependenciesSpan is the "dependencies" key of Chart.yaml (or its start).
func dependenciesSpan(f *source.File) source.Span {
	if f == nil {
		return source.Span{}
	}
	if k, ok := lookupKey(f, "dependencies"); ok {
		return k.Key
	}
	return fileStart(f)
}

// lookupKey is the key at path in a YAML file that parses.
func lookupKey(f *source.File, path ...string) (*chart.Key, bool) {
	idx, err := chart.IndexYAMLKeys(f)
	if err != nil {
		return nil, false
	}
	return idx.Lookup(path)
}

func validateDependencyInMetadata(c *chart.Chart) error {
	named := map[string]bool{}
	for _, d := range c.Metadata.Dependencies {
		named[d.Name] = true
	}
	var missing []string
	for _, s := range c.Subcharts {
		if !named[s.Name()] {
			missing = append(missing, s.Name())
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("chart metadata is missing these dependencies: %s", strings.Join(missing, ","))
	}
	return nil
}

func validateDependenciesUnique(c *chart.Chart) error {
	seen := map[string]bool{}
	var shadowing []string
	for _, d := range c.Metadata.Dependencies {
		key := d.Key()
		if seen[key] {
			shadowing = append(shadowing, key)
		}
		seen[key] = true
	}
	if len(shadowing) > 0 {
		return fmt.Errorf("multiple dependencies with name or alias: %s", strings.Join(shadowing, ","))
	}
	return nil
}

func validateDependencyInChartsDir(c *chart.Chart) error {
	if missing := missingDependencies(c); len(missing) > 0 {
		return fmt.Errorf("chart directory is missing these dependencies: %s", strings.Join(missing, ","))
	}
	return nil
}
