package completion

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/schema"
)

// maxConditionPaths bounds the values paths proposed for a condition.
const maxConditionPaths = 200

// repositoryForms are the forms a dependency's repository takes.
var repositoryForms = []struct{ text, doc string }{
	{"https://", "A chart repository's URL: `https://charts.example.com`."},
	{"oci://", "An OCI registry: `oci://registry.example.com/charts`."},
	{"file://", "A chart folder on disk, relative to this chart: `file://../common`."},
	{"@", "A repository added with `helm repo add`, by name: `@bitnami`."},
}

// chartYAML proposes, in Chart.yaml, its keys with their meaning and, as a
// value, what the key allows: apiVersion and type's values, booleans, and
// for a dependency the charts under charts/, their versions, the
// repository forms and the values paths a condition may name.
func (r *request) chartYAML() []Item {
	s, ok := yamlSiteAt(r.data(), r.offset)
	if !ok {
		return nil
	}
	if s.value {
		if items := r.dependencyValues(s); items != nil {
			return items
		}
		if n, ok := schema.ChartfileLookup(s.path); ok {
			return r.enumItems(s, n)
		}
		return nil
	}
	n, ok := schema.ChartfileLookup(s.path)
	if !ok {
		return nil
	}
	return r.keyItems(s, fieldProposals(n.Fields))
}

// dependencyValues proposes the value of a key of a dependency, nil for
// other keys.
func (r *request) dependencyValues(s yamlSite) []Item {
	if len(s.path) != 3 || s.path[0] != "dependencies" {
		return nil
	}
	c := r.doc.Chart
	dep := dependencyAt(c, s.path[1])
	replace := r.span(s.start, s.end)
	var items []Item
	switch s.key() {
	case "name":
		for _, sub := range subchartsOf(c) {
			items = append(items, Item{Label: sub.Name(), Kind: Module, Detail: sub.Dir, Insert: sub.Name(), Replace: replace})
		}
	case "version":
		for _, sub := range subchartsOf(c) {
			if dep != nil && sub.Name() == dep.Name && sub.Metadata.Version != "" {
				items = append(items, Item{Label: sub.Metadata.Version, Kind: Value, Detail: "the version in " + sub.Dir, Insert: sub.Metadata.Version, Replace: replace})
			}
		}
	case "repository":
		for _, f := range repositoryForms {
			items = append(items, Item{Label: f.text, Kind: Value, Doc: f.doc, Insert: f.text, Replace: replace})
		}
	case "condition":
		items = r.conditionPaths(s, c, dep)
	default:
		return nil
	}
	return items
}

// dependencyAt is the dependency at an index of the chart's metadata.
func dependencyAt(c *chart.Chart, index string) *chart.Dependency {
	i, err := strconv.Atoi(index)
	if c == nil || c.Metadata == nil || err != nil || i < 0 || i >= len(c.Metadata.Dependencies) {
		return nil
	}
	return c.Metadata.Dependencies[i]
}

// subchartsOf are the chart's subcharts whose metadata loaded.
func subchartsOf(c *chart.Chart) []*chart.Chart {
	if c == nil {
		return nil
	}
	var out []*chart.Chart
	for _, s := range c.Subcharts {
		if s.Metadata != nil {
			out = append(out, s)
		}
	}
	return out
}

// conditionPaths proposes the boolean values of the chart's values.yaml,
// by path, those under the dependency's name or alias first.
func (r *request) conditionPaths(s yamlSite, c *chart.Chart, dep *chart.Dependency) []Item {
	if c == nil {
		return nil
	}
	var paths []string
	booleanPaths(c.Values, "", &paths)
	under := ""
	if dep != nil {
		under = dep.Name + "."
		if dep.Alias != "" {
			under = dep.Alias + "."
		}
	}
	sort.SliceStable(paths, func(i, j int) bool {
		return strings.HasPrefix(paths[i], under) && !strings.HasPrefix(paths[j], under)
	})
	items := make([]Item, 0, len(paths))
	for i, p := range paths {
		items = append(items, Item{
			Label: p, Kind: Value, Detail: "bool in values.yaml", Insert: p, Replace: r.span(s.start, s.end),
			SortText: fmt.Sprintf("%04d", i),
		})
	}
	return items
}

// booleanPaths collects the dotted paths of the booleans of values, up to
// maxConditionPaths.
func booleanPaths(values map[string]any, prefix string, out *[]string) {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if len(*out) >= maxConditionPaths {
			return
		}
		switch v := values[k].(type) {
		case bool:
			*out = append(*out, prefix+k)
		case map[string]any:
			booleanPaths(v, prefix+k+".", out)
		}
	}
}
