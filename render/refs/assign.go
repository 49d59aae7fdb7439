package refs

import "github.com/chartwright/chartwright/chart"

// assignments are the values paths templates assign, per chart, keyed by
// their elements joined with NULs; the empty key is the values replaced
// whole.
type assignments map[*chart.Chart]map[string]bool

// assign records that a template assigns path in c's values.
func (a *analyzer) assign(c *chart.Chart, path []string) {
	if a.assigned == nil {
		a.assigned = assignments{}
	}
	if a.assigned[c] == nil {
		a.assigned[c] = map[string]bool{}
	}
	a.assigned[c][pathKey(path)] = true
}

// Assigns reports whether a template of the tree assigns path in c's
// values, or a path above it, so that what Helm reads there is not known
// from the values files: set . "Values" (or on $, or a variable holding
// the top-level object) replaces the values whole, set .Values.a "b" x
// assigns a.b, and merge or mergeOverwrite into .Values.a any path below
// a. A copy made in the call, merge (deepCopy .Values) ..., assigns
// nothing. Helm runs a chart's templates with one top-level object, so an
// assignment holds for the templates run after it, whatever file makes it;
// a subchart's values are its own object, taken before any template runs.
func (ix *Index) Assigns(c *chart.Chart, path []string) bool {
	paths := ix.assigned[c]
	if len(paths) == 0 {
		return false
	}
	for i := 0; i <= len(path); i++ {
		if paths[pathKey(path[:i])] {
			return true
		}
	}
	return false
}

// pathKey is path's elements joined with NULs.
func pathKey(path []string) string {
	n := 0
	for _, e := range path {
		n += len(e) + 1
	}
	b := make([]byte, 0, n)
	for i, e := range path {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, e...)
	}
	return string(b)
}
