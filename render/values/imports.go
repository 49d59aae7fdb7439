package values

import (
	"fmt"
	"strings"

	"github.com/chartwright/chartwright/chart"
)

// imports is Helm's processDependencyImportValues with merge semantics:
// children first, then c.
func (p *processor) imports(c *chart.Chart) error {
	for _, sub := range c.Subcharts {
		if err := p.imports(sub); err != nil {
			return err
		}
	}
	return p.importValues(c)
}

// importValues gives c new defaults: its values merged (nulls kept) with its
// subcharts' defaults, over the tables its dependencies' import-values name.
// Earlier imports win over later ones; c's own values win over imports.
// Each entry's ImportValues is rewritten to {child, parent} pairs.
func (p *processor) importValues(c *chart.Chart) error {
	if c.Metadata.Dependencies == nil {
		return nil
	}
	// The new defaults are only read, unless imports merge into them.
	co := &coalescer{log: p.log, helm3: p.helm3, merge: true, share: !importsAny(c.Metadata.Dependencies)}
	cvals, err := co.values(c, nil)
	if err != nil {
		return err
	}
	imported := map[string]any{}
	for _, d := range c.Metadata.Dependencies {
		var normalized []any
		for _, iv := range d.ImportValues {
			var child, parent string
			switch iv := iv.(type) {
			case map[string]any:
				child, parent = fmt.Sprintf("%v", iv["child"]), fmt.Sprintf("%v", iv["parent"])
			case string:
				child, parent = "exports."+iv, "."
			default:
				continue
			}
			normalized = append(normalized, map[string]string{"child": child, "parent": parent})
			src, err := table(cvals, d.Name+"."+child)
			if err != nil {
				p.missingImport(d.Name, iv, err)
				continue
			}
			if _, ok := iv.(string); !ok {
				src = pathToMap(parent, src)
			}
			imported = co.tables(imported, src, "", true)
		}
		d.ImportValues = normalized
	}
	if len(imported) == 0 {
		c.Values = cvals // fresh, and merging nothing into it changes nothing
		return nil
	}
	c.Values = co.tables(copyMap(cvals), imported, "", true)
	return nil
}

// importsAny reports whether a dependency has import-values.
func importsAny(deps []*chart.Dependency) bool {
	for _, d := range deps {
		if len(d.ImportValues) > 0 {
			return true
		}
	}
	return false
}

func (p *processor) missingImport(name string, iv any, err error) {
	if _, ok := iv.(string); ok {
		p.log.Warn("dependencies.go", 287, fmt.Sprintf("Warning: ImportValues missing table: %v", err),
			"ImportValues missing table", "error", err)
		return
	}
	p.log.Warn("dependencies.go", 270, fmt.Sprintf("Warning: ImportValues missing table from chart %s: %v", name, err),
		"ImportValues missing table from chart", "chart", name, "error", err)
}

// pathToMap nests data under a dotted path; "." is the root.
func pathToMap(path string, data map[string]any) map[string]any {
	if path == "." {
		return data
	}
	keys := strings.Split(path, ".")
	for i := len(keys) - 1; i >= 0; i-- {
		data = map[string]any{keys[i]: data}
	}
	return data
}
