package rules

import (
	"fmt"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/yamlmap"
	"github.com/chartwright/chartwright/lint"
	yamlv3 "go.yaml.in/yaml/v3"
)

const valuesDuplicateKey lint.RuleID = "values-duplicate-key"

func valuesDuplicateKeyRule() *lint.Rule {
	return &lint.Rule{
		ID: valuesDuplicateKey, Family: lint.FamilyValues, Severity: lint.Warning,
		Summary: "a values file must not repeat a key",
		Doc:     doc(valuesDuplicateKey), Check: checkValuesDuplicateKeys,
	}
}

// checkValuesDuplicateKeys reports keys repeated in a mapping of the
// values.yaml files of the chart tree (archived subcharts aside, which no
// one edits): Helm keeps the last silently. Found once per chart.
func checkValuesDuplicateKeys(p *lint.Pass) {
	found := p.ChartMemo("values-duplicate-keys", func() any {
		var out []lint.Finding
		if p.Chart != nil {
			for _, f := range editableValuesFiles(p.Chart) {
				out = append(out, duplicateValuesKeys(f)...)
			}
		}
		return out
	}).([]lint.Finding)
	for _, f := range found {
		p.Report(f)
	}
}

// editableValuesFiles are the values.yaml files of the chart and of its
// subcharts kept as folders.
func editableValuesFiles(c *chart.Chart) []*source.File {
	var files []*source.File
	if f := c.File("values.yaml"); f != nil && !c.InArchive() {
		files = append(files, f)
	}
	for _, sub := range c.Subcharts {
		files = append(files, editableValuesFiles(sub)...)
	}
	return files
}

// duplicateValuesKeys finds the repeated keys of a values file; a file that
// does not parse has none (values-yaml-parse reports it).
func duplicateValuesKeys(f *source.File) []lint.Finding {
	if yamlmap.IsPlain(f.Data) {
		return nil // the fast reader vouches that no mapping repeats a key
	}
	var doc yamlv3.Node
	if yamlv3.Unmarshal(f.Data, &doc) != nil {
		return nil
	}
	at := func(n *yamlv3.Node) source.Span {
		start := f.Offset(source.Position{Line: n.Line, Column: n.Column})
		return source.Span{File: f, Start: start, End: start + len(n.Value)}
	}
	var out []lint.Finding
	walkMappings(&doc, func(m *yamlv3.Node) {
		seen := map[string]*yamlv3.Node{}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k := m.Content[i]
			if k.Kind != yamlv3.ScalarNode {
				continue
			}
			first, dup := seen[k.Value]
			if !dup {
				seen[k.Value] = k
				continue
			}
			out = append(out, lint.Finding{
				Span:    at(k),
				Message: fmt.Sprintf("key %q is repeated in this mapping (first at line %d); Helm keeps the last one", k.Value, first.Line),
				Related: []lint.Related{{Span: at(first), Message: "first written here"}},
			})
		}
	})
	return out
}
