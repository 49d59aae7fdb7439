package rules

import (
	"strconv"

	yamlv3 "go.yaml.in/yaml/v3"
)

// node parses the document with yaml.v3 for positions, once; nil when it
// does not parse.
func (d *document) node() *yamlv3.Node {
	d.nodeOnce.Do(func() {
		var n yamlv3.Node
		if err := yamlv3.Unmarshal([]byte(d.text), &n); err == nil && len(n.Content) > 0 {
			d.root = n.Content[0]
		}
	})
	return d.root
}

// pathLine returns the 0-based line (in the rendered file) of the deepest
// node of path that exists in the document: the key of a mapping entry,
// the item of a sequence.
func (d *document) pathLine(path []string) int {
	n := d.node()
	if n == nil {
		return d.lineOf(func(string) bool { return false })
	}
	line := n.Line
	for _, seg := range path {
		next, at := child(n, seg)
		if next == nil {
			break
		}
		n, line = next, at
	}
	return d.startLine + line - 1
}

// child finds a mapping value by key or a sequence item by index, with the
// line of its key (or item).
func child(n *yamlv3.Node, seg string) (*yamlv3.Node, int) {
	for n.Kind == yamlv3.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch n.Kind {
	case yamlv3.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				return n.Content[i+1], n.Content[i].Line
			}
		}
	case yamlv3.SequenceNode:
		if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], n.Content[i].Line
		}
	}
	return nil, 0
}
