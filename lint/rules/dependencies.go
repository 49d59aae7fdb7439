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
	h.add(dependencyMissing, lint.Warning, p.Dir, at, validateDependencyInChartsDir(c))
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
	if len(missing) > 0 {
		return fmt.Errorf("chart directory is missing these dependencies: %s", strings.Join(missing, ","))
	}
	return nil
}
