package completion

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/schema"
)

// configKeys are the settings of .chartwright.yaml (lint.Config).
var configKeys = []struct{ name, typ, doc string }{
	{"kubeVersion", "string", "The Kubernetes version the charts target (`\"1.33\"`): the schemas manifests are checked against and `.Capabilities.KubeVersion`."},
	{"values", "list", "Extra values files (relative to this file), each linted as a values set of its own, and applied over the defaults by completion, hover and inlay hints."},
	{"rules", "map", "Rules turned off or given another severity, by ID: `values-unused: off`, `manifest-schema: warning`."},
}

// severities are the settings a rule takes.
var severities = []struct{ name, doc string }{
	{"off", "The rule does not run."},
	{"info", "Findings are information: style, or what may be intended."},
	{"warning", "Findings are warnings: accepted, but very likely wrong."},
	{"error", "Findings are errors: the render fails, the API server rejects the object, or the manifest certainly differs."},
}

// config proposes, in .chartwright.yaml, its settings; under rules, the
// rule IDs with their summaries; as values, the severities of a rule, the
// Kubernetes versions chartwright has schemas for and the values files of
// the charts below.
func (r *request) config() []Item {
	s, ok := yamlSiteAt(r.data(), r.offset)
	if !ok {
		return nil
	}
	replace := r.span(s.start, s.end)
	var items []Item
	switch {
	case !s.value && len(s.path) == 0:
		keys := make([]keyProposal, 0, len(configKeys))
		for _, k := range configKeys {
			keys = append(keys, keyProposal{name: k.name, typ: k.typ, detail: k.typ, doc: k.doc})
		}
		items = r.keyItems(s, keys)
	case !s.value && len(s.path) == 1 && s.path[0] == "rules":
		keys := make([]keyProposal, 0, len(r.snap.Rules()))
		for _, rule := range r.snap.Rules() {
			keys = append(keys, keyProposal{name: string(rule.ID), typ: "string", detail: "default " + rule.Severity.String(), doc: rule.Summary})
		}
		items = r.keyItems(s, keys)
	case s.value && len(s.path) == 2 && s.path[0] == "rules":
		for _, sev := range severities {
			items = append(items, Item{Label: sev.name, Kind: EnumMember, Doc: sev.doc, Insert: sev.name, Replace: replace, Detail: r.defaultOf(s.path[1], sev.name)})
		}
	case len(s.path) == 2 && s.path[0] == "values":
		items = r.valuesFileNames(replace)
	case s.value && len(s.path) == 1 && s.path[0] == "kubeVersion":
		for _, v := range schema.KubeVersions() {
			items = append(items, Item{Label: v, Kind: Value, Insert: `"` + v + `"`, Filter: v, Replace: replace})
		}
	}
	return items
}

// valuesFileNames proposes the values files of the charts below the
// configuration file, but their values.yaml, by path from its folder:
// values-*.yaml beside a Chart.yaml, and chart-testing's ci/*.yaml.
func (r *request) valuesFileNames(replace source.Span) []Item {
	dir := filepath.Dir(r.doc.Path)
	var items []Item
	for _, root := range r.snap.Roots() {
		rel, err := filepath.Rel(dir, root.Dir)
		if err != nil || !filepath.IsLocal(rel) && rel != "." {
			continue
		}
		l := root.Load()
		if l.Chart == nil {
			continue
		}
		for _, f := range l.Chart.Raw {
			if f.Name != "values.yaml" && isExtraValuesName(f.Name) {
				name := filepath.ToSlash(filepath.Join(rel, f.Path))
				items = append(items, Item{Label: name, Kind: Value, Detail: "values file", Insert: name, Replace: replace})
			}
		}
	}
	sortItems(items)
	return items
}

// isExtraValuesName reports whether a chart file is a values file:
// values*.yaml beside Chart.yaml, or ci/*.yaml.
func isExtraValuesName(name string) bool {
	dir, base := path.Split(name)
	ext := path.Ext(base)
	return (ext == ".yaml" || ext == ".yml") && (dir == "" && strings.HasPrefix(base, "values") || dir == "ci/")
}

// defaultOf says "default" when severity is the rule's default.
func (r *request) defaultOf(id, severity string) string {
	for _, rule := range r.snap.Rules() {
		if rule.ID == lint.RuleID(id) && rule.Severity.String() == severity {
			return "default"
		}
	}
	return ""
}
