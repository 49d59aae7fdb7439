package completion

import (
	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lsp/cache"
)

// valuesFile proposes, in a values file, the keys that may be written at
// the cursor — those values.schema.json declares there, and, but in the
// chart's own values.yaml, those the chart's values have there (a
// subchart's under its alias) — or the allowed values of the key being
// set: the schema's enum, true or false.
func (r *request) valuesFile() []Item {
	root := r.doc.Root
	if root == nil {
		return nil
	}
	s, ok := yamlSiteAt(r.data(), r.offset)
	if !ok {
		return nil
	}
	c := r.doc.Chart
	if c == nil {
		if l := root.Load(); l.Chart != nil {
			c = l.Chart
		}
	}
	vals := root.Values()
	if c == nil || vals == nil {
		return nil
	}
	owner, rest := valuesOwner(root, c, s.path)
	if s.value {
		return r.valueChoices(s, owner, rest)
	}
	ownFile := r.doc.Chart != nil && r.doc.File.Name == "values.yaml" && owner == r.doc.Chart
	var keys []keyProposal
	for _, k := range levelKeys(root, vals, c, s.path) {
		if ownFile && k.schema == nil {
			continue
		}
		typ := valueType(k.value, k.written())
		if !k.inValues {
			typ = k.schema.Type
		}
		keys = append(keys, keyProposal{name: k.name, typ: typ, detail: k.detail(), doc: k.doc()})
	}
	return r.keyItems(s, keys)
}

// valuesOwner is the chart whose values a path of c's values is in, and
// the path in them: under a subchart's name or alias, the subchart's.
func valuesOwner(root *cache.Root, c *chart.Chart, path []string) (*chart.Chart, []string) {
	for len(path) > 0 {
		sub := subchartNamed(root, c, path[0])
		if sub == nil {
			break
		}
		c, path = sub, path[1:]
	}
	return c, path
}

// valueChoices proposes the values the schema allows for the key at the
// cursor.
func (r *request) valueChoices(s yamlSite, c *chart.Chart, path []string) []Item {
	n := schemaAt(c, path)
	if n == nil {
		return nil
	}
	return r.enumItems(s, n)
}
