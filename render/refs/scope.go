package refs

import (
	"github.com/chartwright/chartwright/chart"
)

// scopes knows how each chart's values sit in the root's values tree.
type scopes struct {
	// prefixes are the paths of a chart's values in the root's values: one
	// per alias along its ancestry (usually exactly one).
	prefixes map[*chart.Chart][][]string
	// files and templates are each chart's .Files and .Template, made
	// once: templates name them often, and they do not change.
	files, templates map[*chart.Chart]*value
}

func newScopes(root *chart.Chart) *scopes {
	s := &scopes{prefixes: map[*chart.Chart][][]string{}, files: map[*chart.Chart]*value{}, templates: map[*chart.Chart]*value{}}
	s.add(root, [][]string{nil})
	return s
}

func (s *scopes) add(c *chart.Chart, prefixes [][]string) {
	s.prefixes[c] = prefixes
	for _, sub := range c.Subcharts {
		var next [][]string
		for _, p := range prefixes {
			for _, k := range keysOf(sub) {
				next = append(next, appendPath(p, k))
			}
		}
		s.add(sub, next)
	}
}

// keysOf returns the names a subchart's values live under in its parent:
// the key (alias, else name) of every parent dependency naming it, or its
// own name when no dependency does. After dependency processing the alias
// is the chart's name and this finds it too.
func keysOf(sub *chart.Chart) []string {
	var keys []string
	if p := sub.Parent; p != nil && p.Metadata != nil {
		for _, d := range p.Metadata.Dependencies {
			if d != nil && (d.Name == sub.Name() || d.Alias == sub.Name()) {
				keys = append(keys, d.Key())
			}
		}
	}
	if len(keys) == 0 {
		keys = []string{sub.Name()}
	}
	return keys
}

// subchart finds c's subchart known to templates as .Subcharts.<name>.
func (s *scopes) subchart(c *chart.Chart, name string) *chart.Chart {
	for _, sub := range c.Subcharts {
		if sub.Name() == name {
			return sub
		}
	}
	for _, sub := range c.Subcharts {
		for _, k := range keysOf(sub) {
			if k == name {
				return sub
			}
		}
	}
	return nil
}

// rootPaths returns path of c's values in the root's values tree, appended
// to buf. Paths are shared, not copied: the root's own are path itself.
func (s *scopes) rootPaths(buf [][]string, c *chart.Chart, path []string) [][]string {
	prefixes := s.prefixes[c]
	if len(path) > 0 && path[0] == "global" || len(prefixes) == 0 {
		return append(buf, path)
	}
	for _, p := range prefixes {
		if len(p) == 0 {
			buf = append(buf, path)
		} else {
			buf = append(buf, appendPath(p, path...))
		}
	}
	return buf
}

// rootPathCount is how many paths rootPaths gives for path in c.
func (s *scopes) rootPathCount(c *chart.Chart, path []string) int {
	if prefixes := s.prefixes[c]; len(prefixes) > 0 && (len(path) == 0 || path[0] != "global") {
		return len(prefixes)
	}
	return 1
}

// lookup returns the default value at path in c's values.yaml, following
// "[]" and "*" into the first element, or nil.
func lookup(c *chart.Chart, path []string) any {
	var cur any = c.Values
	for _, p := range path {
		switch v := cur.(type) {
		case map[string]any:
			if p == "*" {
				cur = firstValue(v)
			} else {
				cur = v[p]
			}
		case []any:
			if p != "[]" && p != "*" || len(v) == 0 {
				return nil
			}
			cur = v[0]
		default:
			return nil
		}
	}
	return cur
}

func firstValue(m map[string]any) any {
	best := ""
	var found any
	for k, v := range m {
		if found == nil || k < best {
			best, found = k, v
		}
	}
	return found
}

// filesOf is c's .Files.
func (s *scopes) filesOf(c *chart.Chart) *value {
	v := s.files[c]
	if v == nil {
		v = filesValue(c, c.Files)
		s.files[c] = v
	}
	return v
}

// templateOf is c's .Template.
func (s *scopes) templateOf(c *chart.Chart) *value {
	v := s.templates[c]
	if v == nil {
		v = templateObject(c)
		s.templates[c] = v
	}
	return v
}
