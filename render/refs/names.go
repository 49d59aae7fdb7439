package refs

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// pathNode is a node of the trie of the root values paths the templates
// name: one node per path element, below the node of the path before it.
// The language server asks it where a values path is written and who
// reads it, for references, rename and hover, without going through every
// read.
type pathNode struct {
	children map[string]*pathNode
	// names are where the node's element is written: the name of a field,
	// a quoted key.
	names []source.Span
	// reads are the indices of the reads whose root path goes through the
	// node or ends there.
	reads []int32
}

// child returns the node of element e below n, making it when missing.
func (n *pathNode) child(e string) *pathNode {
	c := n.children[e]
	if c == nil {
		if n.children == nil {
			n.children = map[string]*pathNode{}
		}
		c = &pathNode{}
		n.children[e] = c
	}
	return c
}

// add records a root path whose elements from skip on are those of a
// chart's path written at spans (zero Spans where not written), and the
// read it belongs to (-1 for none).
func (n *pathNode) add(rootPath []string, spans []source.Span, skip int, read int32) {
	for i, e := range rootPath {
		n = n.child(e)
		if read >= 0 && (len(n.reads) == 0 || n.reads[len(n.reads)-1] != read) {
			n.reads = append(n.reads, read)
		}
		if j := i - skip; j >= 0 && j < len(spans) && written(spans[j]) {
			if k := len(n.names); k == 0 || n.names[k-1] != spans[j] {
				n.names = append(n.names, spans[j])
			}
		}
	}
}

// match calls visit with every node of the trie whose path matches path
// below n. A "*" (a ranged map's value, a computed key) matches any
// element; a "[]" (a ranged list's element) matches itself, "*" and list
// indices, as a list index matches "[]".
func (n *pathNode) match(path []string, visit func(*pathNode)) {
	if len(path) == 0 {
		visit(n)
		return
	}
	e, rest := path[0], path[1:]
	if e == "*" || e == "[]" {
		for k, c := range n.children {
			if e == "*" || k == "[]" || k == "*" || isIndex(k) {
				c.match(rest, visit)
			}
		}
		return
	}
	for _, k := range [...]string{e, "*", "[]"} {
		if c := n.children[k]; c != nil && (k != "[]" || isIndex(e)) {
			c.match(rest, visit)
		}
	}
}

// isIndex reports whether a path element is a list index.
func isIndex(e string) bool {
	_, err := strconv.Atoi(e)
	return err == nil
}

// pathTrie returns the trie of the index's values paths, built the first
// time it is asked for: the linter, which builds most indexes, never asks.
func (ix *Index) pathTrie() *pathNode {
	ix.mustNavigate()
	ix.pathsOnce.Do(func() {
		root := &pathNode{}
		for i, r := range ix.allReads() {
			root.add(r.RootPath, r.PathSpans, len(r.RootPath)-len(r.Path), int32(i))
		}
		var sc *scopes
		var buf [][]string
		for _, u := range ix.uses {
			if u.kind != TargetValues {
				continue
			}
			if sc == nil {
				sc = newScopes(rootOf(u.chart))
			}
			buf = sc.rootPaths(buf[:0], u.chart, u.path)
			for _, rp := range buf {
				root.add(rp, u.spans, len(rp)-len(u.path), -1)
			}
		}
		ix.paths = root
	})
	return ix.paths
}

// rootOf is the root chart of c's tree.
func rootOf(c *chart.Chart) *chart.Chart {
	for c.Parent != nil {
		c = c.Parent
	}
	return c
}

// ValuesNames returns where the last element of rootPath, a path in the
// root chart's values, is written in the templates: in the reads of the
// path or of paths below it, and wherever such a path is named (the
// context given to include, a with or range pipeline, a variable's
// value). A "[]" or "*" of a template's path (a ranged list or map) matches
// any element of rootPath, a list index of rootPath matches "[]". The
// spans are sorted by file path and offset, each once.
func (ix *Index) ValuesNames(rootPath []string) []source.Span {
	var out []source.Span
	ix.pathTrie().match(rootPath, func(n *pathNode) { out = append(out, n.names...) })
	slices.SortFunc(out, func(a, b source.Span) int {
		return cmp.Or(cmp.Compare(a.File.Path, b.File.Path), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	return slices.CompactFunc(out, func(a, b source.Span) bool { return a == b })
}

// ReadsUnder returns the reads of rootPath, a path in the root chart's
// values, and of the paths below it, matched as ValuesNames matches them,
// in the order of Reads.
func (ix *Index) ReadsUnder(rootPath []string) []*Read {
	var idx []int32
	ix.pathTrie().match(rootPath, func(n *pathNode) { idx = append(idx, n.reads...) })
	slices.Sort(idx)
	idx = slices.Compact(idx)
	out := make([]*Read, len(idx))
	for i, r := range idx {
		out[i] = ix.read(int(r))
	}
	return out
}
