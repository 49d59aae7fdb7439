package rules

import (
	"fmt"

	"github.com/chartwright/chartwright/lint"
	yamlv3 "go.yaml.in/yaml/v3"
)

const manifestDuplicateKey lint.RuleID = "manifest-duplicate-key"

func manifestDuplicateKeyRule() *lint.Rule {
	return &lint.Rule{
		ID: manifestDuplicateKey, Family: lint.FamilyManifest, Severity: lint.Warning,
		Summary: "a rendered mapping must not repeat a key",
		Doc:     doc(manifestDuplicateKey), Check: checkDuplicateKeys,
	}
}

// checkDuplicateKeys reports keys repeated in a mapping of a rendered
// document: Helm keeps the last silently, kubectl and the API server may
// reject the object or keep either.
func checkDuplicateKeys(p *lint.Pass) {
	for _, d := range renderedDocuments(p) {
		if d.uniqueKeys {
			continue
		}
		n := d.node()
		if n == nil {
			continue
		}
		walkMappings(n, func(m *yamlv3.Node) {
			seen := map[string]int{}
			for i := 0; i+1 < len(m.Content); i += 2 {
				k := m.Content[i]
				if k.Kind != yamlv3.ScalarNode {
					continue
				}
				if first, dup := seen[k.Value]; dup {
					line := d.startLine + k.Line - 1
					p.Report(lint.Finding{
						Span:    origin(d.rendered, line),
						Message: fmt.Sprintf("key %q is repeated in this mapping (first at rendered line %d); the last one wins", k.Value, d.startLine+first),
						Related: d.related(line),
					})
					continue
				}
				seen[k.Value] = k.Line
			}
		})
	}
}

// walkMappings calls visit on every mapping node under n.
func walkMappings(n *yamlv3.Node, visit func(*yamlv3.Node)) {
	if n.Kind == yamlv3.MappingNode {
		visit(n)
	}
	for _, c := range n.Content {
		walkMappings(c, visit)
	}
}
