package lsp

import (
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lsp/cache"
	"sigs.k8s.io/yaml"
)

// What the values files of a chart tree say about a path of its values,
// for hover, definition, references and rename. A path is known by where
// it sits in the root chart's values (its root paths): a subchart's value
// under its alias, a global as global.*.

// valuesKey is a key of a values file that sets a path of the values.
type valuesKey struct {
	file *cache.ValuesFile
	key  *chart.Key
	// declared is set on a chart's default, in its values.yaml, as opposed
	// to an override: a parent's, an extra values file's, a values-*.yaml
	// or ci/*.yaml file's.
	declared bool
}

// valuesKeys returns the keys of the root's values files that set the root
// paths: those of Files, in the order the files apply, then those of
// Others; each key once.
func valuesKeys(root *cache.Root, vals *cache.Values, rootPaths [][]string) []valuesKey {
	var out []valuesKey
	owners := ownerDirs(root, vals, rootPaths)
	add := func(vf *cache.ValuesFile, other bool) {
		if vf.Keys == nil {
			return
		}
		for _, rel := range relativePaths(vals, vf, rootPaths) {
			for _, k := range lookupKeys(vf.Keys, rel) {
				if slices.ContainsFunc(out, func(v valuesKey) bool { return v.key == k }) {
					continue
				}
				declared := !vf.Extra && !other && (isGlobal(rel) || slices.Contains(owners, vf.ChartDir))
				out = append(out, valuesKey{file: vf, key: k, declared: declared})
			}
		}
	}
	for _, vf := range vals.Files {
		add(vf, false)
	}
	for _, vf := range vals.Others {
		add(vf, true)
	}
	return out
}

// lookupKeys returns the keys at path in every document of a YAML file
// (Helm 4 merges a values file's documents), in file order. A "[]" of the
// path is every item of a list, a "*" every key of a mapping or item of a
// list, a list index one item.
func lookupKeys(idx *chart.KeyIndex, path []string) []*chart.Key {
	if idx == nil || len(path) == 0 {
		return nil
	}
	level := idx.Keys
	for i, e := range path {
		var next []*chart.Key
		for _, k := range level {
			if matchesElement(k, e) {
				next = append(next, k)
			}
		}
		if i == len(path)-1 {
			return next
		}
		level = nil
		for _, k := range next {
			level = append(append(level, k.Children...), k.Items...)
		}
	}
	return nil
}

// matchesElement reports whether key k is at path element e below its
// parent.
func matchesElement(k *chart.Key, e string) bool {
	switch e {
	case "*":
		return true
	case "[]":
		return isItem(k)
	}
	return k.Path[len(k.Path)-1] == e
}

// isItem reports whether a key is a list's item: its key is its "-", or
// nothing in a flow sequence.
func isItem(k *chart.Key) bool {
	return k.Key.Start == k.Key.End || spanText(k.Key) == "-"
}

// isGlobal reports whether a values path is under global, which every
// chart of a tree shares.
func isGlobal(path []string) bool { return len(path) > 0 && path[0] == "global" }

// relativePaths returns where the root paths sit in a values file: as
// they are in an extra values file and for globals, below the chart's
// place in the root's values otherwise.
func relativePaths(vals *cache.Values, vf *cache.ValuesFile, rootPaths [][]string) [][]string {
	var out [][]string
	for _, r := range rootPaths {
		if vf.Extra || isGlobal(r) {
			out = append(out, r)
			continue
		}
		for _, p := range vals.Prefixes(vf.ChartDir) {
			if len(r) > len(p) && slices.Equal(r[:len(p)], p) {
				out = append(out, r[len(p):])
			}
		}
	}
	return out
}

// ownerDirs are the folders (Chart.Dir) of the charts whose own values
// hold the root paths: the deepest chart whose place in the root's values
// each root path is below.
func ownerDirs(root *cache.Root, vals *cache.Values, rootPaths [][]string) []string {
	var dirs []string
	for _, r := range rootPaths {
		best, bestLen := "", -1
		walkTree(root.Load().Chart, func(c *chart.Chart) {
			for _, p := range vals.Prefixes(c.Dir) {
				if len(p) > bestLen && len(r) > len(p) && slices.Equal(r[:len(p)], p) {
					best, bestLen = c.Dir, len(p)
				}
			}
		})
		if bestLen >= 0 {
			dirs = append(dirs, best)
		}
	}
	return dirs
}

// walkTree visits c and its subcharts, parents first; nothing when c is
// nil.
func walkTree(c *chart.Chart, visit func(*chart.Chart)) {
	if c == nil {
		return
	}
	visit(c)
	for _, s := range c.Subcharts {
		walkTree(s, visit)
	}
}

// lookupValue returns the value at path in v: "[]" is a list's first
// element, "*" a map's first value by key, a decimal a list index.
func lookupValue(v any, path []string) (any, bool) {
	for _, e := range path {
		switch cur := v.(type) {
		case map[string]any:
			if e == "*" {
				keys := make([]string, 0, len(cur))
				for k := range cur {
					keys = append(keys, k)
				}
				if len(keys) == 0 {
					return nil, false
				}
				sort.Strings(keys)
				e = keys[0]
			}
			next, ok := cur[e]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(e)
			if e == "[]" || e == "*" {
				i, err = 0, nil
			}
			if err != nil || i < 0 || i >= len(cur) {
				return nil, false
			}
			v = cur[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// mergedValue returns the value of the root paths that renders: the first
// root path the merged values hold.
func mergedValue(vals *cache.Values, rootPaths [][]string) (any, bool) {
	for _, r := range rootPaths {
		if v, ok := lookupValue(vals.Merged, r); ok {
			return v, true
		}
	}
	return nil, false
}

// renderedText is the value that renders, as written in the values file
// it comes from when it is a scalar (1e6 stays 1e6, yes stays yes), else
// as toYaml prints it. keys are the path's keys, as valuesKeys returns
// them.
func renderedText(v any, keys []valuesKey) string {
	if _, isMap := v.(map[string]any); !isMap {
		if _, isList := v.([]any); !isList {
			if k := winner(keys); k != nil && sameScalar(spanText(k.Value), v) {
				return spanText(k.Value)
			}
		}
	}
	b, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(b), "\n")
}

// winner is the key whose value renders, of those that set a path: the
// last extra values file's, else the highest chart's values.yaml's (a
// parent's override wins over its subchart's default; keys come parents
// first). Values files Helm does not read do not count.
func winner(keys []valuesKey) *chart.Key {
	var last *chart.Key
	for _, k := range keys {
		if k.file.Extra {
			last = k.key
		}
	}
	if last != nil {
		return last
	}
	for _, k := range keys {
		if !k.file.Extra && k.file.File.Name == "values.yaml" {
			return k.key
		}
	}
	return nil
}

// sameScalar reports whether text, a scalar written in a values file,
// reads as v, with Helm's rules.
func sameScalar(text string, v any) bool {
	m, err := chart.ReadValues([]byte("v: "+text+"\n"), true)
	return err == nil && reflect.DeepEqual(m["v"], v)
}

// pathString is a values path as the user writes it: "env[0].name",
// "env[].name" for a ranged list's element, "m.*.f" for a ranged map's.
func pathString(path []string) string {
	var b strings.Builder
	for i, e := range path {
		switch {
		case e == "[]":
			b.WriteString("[]")
		case i > 0 && isIndexElement(e):
			b.WriteString("[" + e + "]")
		default:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(e)
		}
	}
	return b.String()
}

// isIndexElement reports whether a path element is a list index.
func isIndexElement(e string) bool {
	return e != "" && strings.Trim(e, "0123456789") == ""
}
