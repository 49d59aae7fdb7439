package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/schema"
)

const valuesUnknownOverride lint.RuleID = "values-unknown-override"

func valuesUnknownOverrideRule() *lint.Rule {
	return &lint.Rule{
		ID: valuesUnknownOverride, Family: lint.FamilyValues, Severity: lint.Warning,
		Summary:    "keys of the user's values files and --set flags must be values the chart knows",
		ReadsIndex: true,
		Doc:        doc(valuesUnknownOverride), Check: checkUnknownOverride,
	}
}

// checkUnknownOverride reports the keys of the user's values files and
// --set flags that no template of the chart tree reads (a subtree read
// whole counts as read), no Chart.yaml condition or tag names, no chart's
// values define and no values.schema.json defines: Helm ignores them, and
// they are most often misspelt. It reports the highest such key.
func checkUnknownOverride(p *lint.Pass) {
	if len(p.UserSources) == 0 {
		return
	}
	known := knownValuesOf(p)
	if known == nil {
		return
	}
	known = known.withTemplatedReads(p)
	for _, src := range p.UserSources {
		if src.File != nil {
			idx, err := chart.IndexYAMLKeys(src.File)
			if err != nil {
				continue
			}
			for _, k := range known.unknownKeys(idx.Keys) {
				if p.Helm3 && k.Document > 0 {
					continue // Helm 3 reads the first document alone
				}
				p.Reportf(k.Key, "%s", known.message(k.Path, "is set here"))
			}
			continue
		}
		for _, path := range known.unknownPaths(nil, src.Values) {
			p.Reportf(source.Span{}, "%s: %s", src.Flag, known.message(path, "is set"))
		}
	}
}

// knownValues is what the chart tree knows of its values.
type knownValues struct {
	root  *chart.Chart
	reads *readTrie
	// templated are the paths that values written as templates (for tpl)
	// in the user's values and the charts' values.yaml may read.
	templated *readTrie
	schemas   map[*chart.Chart]*schema.ValuesSchema
}

// valuesInText matches the .Values paths a template written in a value
// may read ("{{ .Values.global.domain }}", "{{ $.Values.x }}").
var valuesInText = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\.Values((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)`) })

// withTemplatedReads returns a copy of kv that also knows the .Values
// paths written in the values files of the pass's sources and of the chart
// tree, and in its --set flags: charts hand such values to tpl, and what
// they read is found nowhere else.
func (kv *knownValues) withTemplatedReads(p *lint.Pass) *knownValues {
	t := &readTrie{}
	add := func(text []byte) {
		for _, m := range valuesInText().FindAllSubmatch(text, -1) {
			t.add(readPath{path: strings.Split(string(m[1][1:]), "."), whole: true})
		}
	}
	for _, src := range p.UserSources {
		if src.File != nil {
			add(src.File.Data)
		}
		add([]byte(src.Flag))
	}
	var walk func(c *chart.Chart)
	walk = func(c *chart.Chart) {
		if f := c.File("values.yaml"); f != nil {
			add(f.Data)
		}
		for _, s := range c.Subcharts {
			walk(s)
		}
	}
	walk(kv.root)
	cp := *kv
	cp.templated = t
	return &cp
}

// knownValuesOf returns the chart's known values, nil when the chart did
// not load or a template does not parse (what it reads is unknown). They
// depend on the chart alone: they are found once per chart.
func knownValuesOf(p *lint.Pass) *knownValues {
	return p.ChartMemo("known-values", func() any {
		ix := p.Index()
		if ix == nil || !allParse(ix) {
			return (*knownValues)(nil)
		}
		return &knownValues{root: p.Chart, reads: readTrieOf(ix, p.Chart), schemas: map[*chart.Chart]*schema.ValuesSchema{}}
	}).(*knownValues)
}

// unknownKeys walks the keys of a values file and returns the highest
// unknown ones; the items of lists are not looked into.
func (kv *knownValues) unknownKeys(keys []*chart.Key) []*chart.Key {
	var out []*chart.Key
	for _, k := range keys {
		switch kv.use(k.Path) {
		case unused:
			out = append(out, k)
		case partly:
			out = append(out, kv.unknownKeys(k.Children)...)
		}
	}
	return out
}

// unknownPaths is unknownKeys for the values a --set flag gives, in key
// order.
func (kv *knownValues) unknownPaths(prefix []string, vals map[string]any) [][]string {
	var out [][]string
	for _, key := range slices.Sorted(mapKeys(vals)) {
		path := append(slices.Clone(prefix), key)
		switch kv.use(path) {
		case unused:
			out = append(out, path)
		case partly:
			if m, ok := asMap(vals[key]); ok {
				out = append(out, kv.unknownPaths(path, m)...)
			}
		}
	}
	return out
}

func mapKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// use says whether a root values path is known (used), unknown (unused),
// or known as a prefix only (partly: look at the keys below). Paths into
// charts that are not loaded, and into lists, count as known.
func (kv *knownValues) use(path []string) use {
	if slices.ContainsFunc(path, isIndex) || kv.unloadedDependency(kv.root, path) {
		return used
	}
	u := max(kv.reads.usage(path), kv.templated.usage(path))
	if u == used || kv.defined(path) {
		return max(u, partly)
	}
	return u
}

// isIndex reports whether a path segment is a list index, as IndexYAML
// names list items.
func isIndex(seg string) bool {
	return seg != "" && strings.Trim(seg, "0123456789") == ""
}

// defined reports whether the values or values.schema.json of the chart
// the path leads into define it; global.* is looked up in every chart.
func (kv *knownValues) defined(path []string) bool {
	if len(path) > 0 && path[0] == "global" {
		return kv.definedGlobal(kv.root, path)
	}
	c, rel := kv.root, path
	for {
		if definedIn(c.Values, rel) || schemaDefines(kv.schemas, c, rel) {
			return true
		}
		sub := subchartByKey(c, rel)
		if sub == nil {
			return false
		}
		c, rel = sub, rel[1:]
	}
}

func (kv *knownValues) definedGlobal(c *chart.Chart, path []string) bool {
	if definedIn(c.Values, path) || schemaDefines(kv.schemas, c, path) {
		return true
	}
	return slices.ContainsFunc(c.Subcharts, func(s *chart.Chart) bool { return kv.definedGlobal(s, path) })
}

// subchartByKey is the subchart whose values sit under the path's first
// key in c's values (its name, or an alias of its dependency entry), when
// the path goes below it.
func subchartByKey(c *chart.Chart, path []string) *chart.Chart {
	if len(path) < 2 {
		return nil
	}
	for _, s := range c.Subcharts {
		if slices.Contains(dependencyKeys(c, s), path[0]) {
			return s
		}
	}
	return nil
}

// dependencyKeys are the keys of a subchart's values in its parent's.
func dependencyKeys(parent, sub *chart.Chart) []string {
	keys := []string{sub.Name()}
	if parent.Metadata != nil {
		for _, d := range parent.Metadata.Dependencies {
			if d != nil && d.Name == sub.Name() {
				keys = append(keys, d.Key())
			}
		}
	}
	return keys
}

// unloadedDependency reports whether the path leads into a dependency of
// the chart tree whose chart is not loaded (charts/ lacks it): what it
// reads is unknown.
func (kv *knownValues) unloadedDependency(c *chart.Chart, path []string) bool {
	if len(path) == 0 || c.Metadata == nil {
		return false
	}
	for _, d := range c.Metadata.Dependencies {
		if d != nil && d.Key() == path[0] && !hasSubchart(c, d.Name) {
			return true
		}
	}
	if sub := subchartByKey(c, path); sub != nil {
		return kv.unloadedDependency(sub, path[1:])
	}
	return false
}

// message says that the path is unknown, with the closest known key.
func (kv *knownValues) message(path []string, where string) string {
	msg := fmt.Sprintf("%s %s but the chart neither reads nor defines it: Helm ignores it", strings.Join(path, "."), where)
	last := path[len(path)-1]
	if near := closestName(last, kv.namesAt(path[:len(path)-1])); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", strings.Join(append(slices.Clone(path[:len(path)-1]), near), "."))
	}
	return msg
}

// namesAt lists the keys known below a root values path: those read and
// those the chart's values define.
func (kv *knownValues) namesAt(prefix []string) []string {
	var names []string
	t := kv.reads
	for _, seg := range prefix {
		if t = t.child(seg); t == nil {
			break
		}
	}
	if t != nil {
		for _, c := range t.children {
			if c.seg != "[]" && c.seg != "*" {
				names = append(names, c.seg)
			}
		}
	}
	c, rel := kv.root, prefix
	for c != nil {
		if m, ok := valuesAt(c.Values, rel); ok {
			names = append(names, slices.Collect(mapKeys(m))...)
		}
		if len(rel) == 0 {
			break
		}
		sub := subchartByKey(c, append(slices.Clone(rel), ""))
		if sub == nil {
			break
		}
		c, rel = sub, rel[1:]
	}
	return names
}

// valuesAt is the mapping at path in vals.
func valuesAt(vals map[string]any, path []string) (map[string]any, bool) {
	v, found, _ := valueAt(vals, path)
	if !found {
		return nil, false
	}
	return asMap(v)
}
