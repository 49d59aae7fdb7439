package refs

import "github.com/chartwright/chartwright/chart"

// ValuesPrefixes returns where the values of c, a chart of the tree whose
// root is root, sit in the root chart's values: one path per alias along
// its ancestry (usually one; the root's is the empty path), nil when c is
// not in the tree. A subchart's global values are the root's global.
func ValuesPrefixes(root, c *chart.Chart) [][]string {
	return newScopes(root).prefixes[c]
}
