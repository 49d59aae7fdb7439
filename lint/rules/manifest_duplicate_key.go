package rules

import (
	"bytes"
	"fmt"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	yamlv3 "go.yaml.in/yaml/v3"
)

const manifestDuplicateKey lint.RuleID = "manifest-duplicate-key"

func manifestDuplicateKeyRule() *lint.Rule {
	return &lint.Rule{
		ID: manifestDuplicateKey, Family: lint.FamilyManifest, Severity: lint.Error,
		Summary: "a rendered mapping must not repeat a key",
		Doc:     doc(manifestDuplicateKey), Check: checkDuplicateKeys,
	}
}

// checkDuplicateKeys reports keys repeated in a mapping of a rendered
// document: the YAML decoders of Helm and kubectl keep the last silently.
// See duplicateKeySeverity for the severity.
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
			seen := map[string]int{} // key → index of its first value in m.Content
			for i := 0; i+1 < len(m.Content); i += 2 {
				k := m.Content[i]
				if k.Kind != yamlv3.ScalarNode {
					continue
				}
				first, dup := seen[k.Value]
				if !dup {
					seen[k.Value] = i + 1
					continue
				}
				line := d.startLine + k.Line - 1
				span := origin(d.rendered, line)
				p.Report(lint.Finding{
					Severity: duplicateKeySeverity(m.Content[first], m.Content[i+1], span),
					Span:     span,
					Message: fmt.Sprintf("key %q is repeated in this mapping (first at rendered line %d); the last one wins",
						k.Value, d.startLine+m.Content[first-1].Line),
					Related: d.related(line),
				})
			}
		})
	}
}

// duplicateKeySeverity is an error when the repeat silently drops a
// different setting the template writes; a warning when both say the same
// (the object is what was written either way) or when the winning key is
// printed by an action, a value such as toYaml .Values.extraConfig placed
// after the chart's own keys to override them: Kubernetes gets what the
// user's values asked for.
func duplicateKeySeverity(first, last *yamlv3.Node, lastAt source.Span) lint.Severity {
	if sameNode(first, last) || printedByAction(lastAt) {
		return lint.Warning
	}
	return lint.Error
}

// printedByAction reports whether a rendered line's origin is the output of
// a template action (the source map points at its "{{") rather than
// literal template text.
func printedByAction(at source.Span) bool {
	return at.File != nil && at.Start < len(at.File.Data) && bytes.HasPrefix(at.File.Data[at.Start:], []byte("{{"))
}

// sameNode reports whether two YAML nodes hold the same value.
func sameNode(a, b *yamlv3.Node) bool {
	if a.Kind != b.Kind || a.ShortTag() != b.ShortTag() || a.Value != b.Value || len(a.Content) != len(b.Content) {
		return false
	}
	for i := range a.Content {
		if !sameNode(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
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
