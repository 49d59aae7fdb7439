package rules

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render/refs"
)

const valuesUnused lint.RuleID = "values-unused"

func valuesUnusedRule() *lint.Rule {
	return &lint.Rule{
		ID: valuesUnused, Family: lint.FamilyValues, Severity: lint.Warning,
		Summary:    "every key of values.yaml should be read by a template of the chart tree",
		ReadsIndex: true,
		Doc:        doc(valuesUnused), Check: checkValuesUnused,
	}
}

// checkValuesUnused reports the keys of the root values.yaml that no
// template of the chart or its subcharts reads, at the highest unused
// level. A subtree handed whole to toYaml, tpl, a function or a subchart
// counts as read, and so do the values Chart.yaml conditions and tags name,
// and those a chart missing from the tree may read (see
// missingDependencyReads). A library chart's values are not checked: they
// are the defaults its helpers document for its consumers, whose
// templates read them.
func checkValuesUnused(p *lint.Pass) {
	if p.Chart != nil && p.Chart.IsLibrary() {
		return
	}
	set := unusedKeys(p)
	for _, k := range set.keys {
		f := lint.Finding{Span: k.Key, Message: fmt.Sprintf("%s is set in values.yaml but no template reads it", strings.Join(k.Path, "."))}
		if edits, ok := set.values.removeKeyEdits(k); ok {
			f.Fixes = []lint.Fix{{Title: fmt.Sprintf("remove %s from values.yaml", strings.Join(k.Path, ".")), Edits: edits}}
		}
		p.Report(f)
	}
}

// unusedSet is the keys checkValuesUnused reports, and their values file.
type unusedSet struct {
	values *yamlText
	keys   []*chart.Key
}

// unusedKeys returns the keys checkValuesUnused reports. They depend on the
// chart alone, not on the values set: they are found once per chart.
func unusedKeys(p *lint.Pass) unusedSet {
	return p.ChartMemo("values-unused", func() any {
		ix := p.Index()
		f := p.RawFile("values.yaml")
		if ix == nil || f == nil {
			return unusedSet{}
		}
		reads := readTrieOf(ix, p.Chart)
		for _, r := range missingDependencyReads(p.Chart) {
			reads.add(r)
		}
		idx, err := chart.IndexYAMLKeys(f)
		if err != nil {
			return unusedSet{}
		}
		if !allParse(ix) {
			unparsed, ok := unparsedReads(p.Chart, ix, idx)
			if !ok {
				return unusedSet{}
			}
			for _, r := range unparsed {
				reads.add(r)
			}
		}
		var keys []*chart.Key
		mentions := mentionsOf(f.Data)
		var walk func(level []*chart.Key)
		walk = func(level []*chart.Key) {
			for _, k := range level {
				if mentions.readElsewhere(k.Path, len(k.Children) == 0) {
					continue
				}
				switch reads.usage(k.Path) {
				case unused:
					keys = append(keys, k)
				case partly:
					walk(k.Children)
				}
			}
		}
		walk(idx.Keys)
		return unusedSet{values: indexedYAML(f, idx), keys: keys}
	}).(unusedSet)
}

// valuesMentions are the places where a values file writes ".Values.":
// found once, so that each key asks only about them, not about the whole
// file (a big values.yaml has thousands of keys).
type valuesMentions struct {
	data []byte
	at   []int // offsets of ".Values." in data, ascending (they may overlap)
}

const valuesPrefix = ".Values."

// mentionsOf finds the mentions of ".Values." in a values file.
func mentionsOf(data []byte) valuesMentions {
	m := valuesMentions{data: data}
	for off := 0; ; off++ {
		i := bytes.Index(data[off:], []byte(valuesPrefix))
		if i < 0 {
			return m
		}
		off += i
		m.at = append(m.at, off)
	}
}

// readElsewhere reports whether a key is read where the chart's templates
// do not show it: a top-level "enabled", which a parent chart's condition
// (<name>.enabled) reads when the chart is its dependency, as Helm's
// conventions ask; a top-level "exports", whose children a parent's
// import-values imports by name (import-values: [data] imports
// exports.data); or a key that values.yaml itself writes as
// ".Values.<path>", in a value given to tpl or in the comment showing how
// to write one (for a key without children in values.yaml, also as the
// start of a longer path: "{}" waiting for what tpl reads below it). A
// mention is looked for as a search of ".Values.<path>" from the start of
// the file would find it: after a mention that does not count, the search
// goes on past its end.
func (m valuesMentions) readElsewhere(path []string, leaf bool) bool {
	if len(path) == 1 && (path[0] == "enabled" || path[0] == "exports") {
		return true
	}
	ref := strings.Join(path, ".")
	next := 0 // where the search goes on
	for _, at := range m.at {
		if at < next {
			continue
		}
		start, end := at+len(valuesPrefix), at+len(valuesPrefix)+len(ref)
		if end > len(m.data) || string(m.data[start:end]) != ref {
			continue
		}
		rest := m.data[end:]
		if len(rest) == 0 || !isPathByte(rest[0]) && (rest[0] != '.' || leaf) {
			return true
		}
		next = end
	}
	return false
}

// isPathByte reports whether b may continue a values path segment.
func isPathByte(b byte) bool {
	return b == '_' || b == '-' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// allParse reports whether every template of the index parses. What a
// template that does not parse reads and defines is not known from its
// tree: the rules that conclude from what no template does hold back
// until it parses (template-unknown-include), or take what its text may
// read (values-unused, see unparsedReads), and the template's syntax
// error says why (while typing in an editor, an action left open would
// otherwise make a third of a big chart's values unused at each keystroke).
func allParse(ix *refs.Index) bool {
	for _, is := range ix.Issues() {
		if is.Kind == refs.ParseError {
			return false
		}
	}
	return true
}

// unparsedReads are the values paths that the templates that do not
// parse may read, found in their text: every .Values.a.b, read whole, and
// the keys its last name begins, which may be half typed in an editor. ok
// is false when what they read cannot be told from their text: a template
// of a subchart, one that defines, includes or passes templates text
// (define, include, template, tpl, block), or one that hands .Values, . or
// $ on whole.
func unparsedReads(c *chart.Chart, ix *refs.Index, idx *chart.KeyIndex) (reads []readPath, ok bool) {
	for _, is := range ix.Issues() {
		if is.Kind != refs.ParseError {
			continue
		}
		f := is.Span.File
		if f == nil || !slices.Contains(c.Templates, f) || opaqueTemplate().Match(f.Data) {
			return nil, false
		}
		for _, m := range valuesPath().FindAllSubmatch(f.Data, -1) {
			if len(m[1]) == 0 {
				return nil, false // .Values whole
			}
			reads = append(reads, typedPaths(idx, strings.Split(string(m[1][1:]), "."))...)
		}
	}
	return reads, true
}

var (
	valuesPath     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)*)`) })
	opaqueTemplate = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b(?:define|include|template|tpl|block)\b|[\s(]\.[\s)}|]|\$[\s)}|]`)
	})
)

// typedPaths are path, read whole, and the keys of values.yaml beside it
// whose names its last name begins.
func typedPaths(idx *chart.KeyIndex, path []string) []readPath {
	out := []readPath{{path: path, whole: true}}
	level := idx.Keys
	if len(path) > 1 {
		parent, ok := idx.Lookup(path[:len(path)-1])
		if !ok {
			return out
		}
		level = parent.Children
	}
	last := path[len(path)-1]
	for _, k := range level {
		if name := k.Path[len(k.Path)-1]; name != last && strings.HasPrefix(name, last) {
			out = append(out, readPath{path: k.Path, whole: true})
		}
	}
	return out
}

// readPath is a root values path read by a template; whole when the
// subtree below it is consumed.
type readPath struct {
	path  []string
	whole bool
}

// readTrieOf holds the root values paths the templates of the chart tree
// read and those Chart.yaml dependencies read.
func readTrieOf(ix *refs.Index, c *chart.Chart) *readTrie {
	t := &readTrie{}
	for path, whole := range ix.ReadPaths() {
		t.add(readPath{path: path, whole: whole})
	}
	for _, r := range dependencyReads(c, nil) {
		t.add(r)
	}
	return t
}

// dependencyReads are the values Chart.yaml dependencies read: conditions
// and tags, prefixed for nested charts.
func dependencyReads(c *chart.Chart, prefix []string) []readPath {
	var out []readPath
	if c.Metadata == nil {
		return nil
	}
	for _, d := range c.Metadata.Dependencies {
		for _, cond := range strings.Split(d.Condition, ",") {
			if cond = strings.TrimSpace(cond); cond != "" {
				out = append(out, readPath{path: append(append([]string(nil), prefix...), strings.Split(cond, ".")...)})
			}
		}
		for _, t := range d.Tags {
			out = append(out, readPath{path: []string{"tags", t}})
		}
		if len(d.ImportValues) > 0 {
			out = append(out, readPath{path: append(append([]string(nil), prefix...), d.Key()), whole: true})
		}
	}
	for _, s := range c.Subcharts {
		out = append(out, dependencyReads(s, append(append([]string(nil), prefix...), s.Name()))...)
	}
	return out
}

// missingDependencyReads are the root values that the dependencies
// missing from the tree may read, whole: all the values of a chart that
// lacks a dependency (the missing chart's helpers read them, and the
// missing chart's own values sit below them) and the globals. A root
// chart that lacks one may read them all.
func missingDependencyReads(root *chart.Chart) []readPath {
	var out []readPath
	for _, c := range chartsMissingDependencies(root) {
		for _, prefix := range refs.ValuesPrefixes(root, c) {
			out = append(out, readPath{path: prefix, whole: true})
		}
		out = append(out, readPath{path: []string{"global"}, whole: true})
	}
	return out
}

type use int

const (
	unused use = iota
	partly     // something below is read: look at the children
	used       // the key or its whole subtree is read
)

// readTrie holds the read paths segment by segment; a "[]" or "*" segment
// (a list element, a map value) matches every key.
type readTrie struct {
	// children are the nodes of the segments below, sorted by segment:
	// most nodes have one or two, which a map would hold in 336 bytes.
	children []trieChild
	// ends is set when a read path ends here, whole when it consumes the
	// subtree below.
	ends, whole bool
}

// trieChild is the node of a segment below a readTrie node.
type trieChild struct {
	seg  string
	node *readTrie
}

// find is where seg's child is, or would be, in t.children.
func (t *readTrie) find(seg string) (int, bool) {
	return slices.BinarySearchFunc(t.children, seg, func(c trieChild, seg string) int { return strings.Compare(c.seg, seg) })
}

// child is the node of seg below t, nil when there is none.
func (t *readTrie) child(seg string) *readTrie {
	if i, ok := t.find(seg); ok {
		return t.children[i].node
	}
	return nil
}

// add records a read path.
func (t *readTrie) add(r readPath) {
	for _, seg := range r.path {
		i, ok := t.find(seg)
		if !ok {
			t.children = slices.Insert(t.children, i, trieChild{seg, &readTrie{}})
		}
		t = t.children[i].node
	}
	t.ends = true
	t.whole = t.whole || r.whole
}

// usage says how the reads use the key at path: used when a read of the
// key or above it consumes the whole subtree; partly when a read matches a
// prefix of the path or goes below the key.
func (t *readTrie) usage(path []string) use {
	u := unused
	nodes := []*readTrie{t}
	for depth := 0; len(nodes) > 0; depth++ {
		var next []*readTrie
		for _, n := range nodes {
			switch {
			case n.whole:
				return used
			case n.ends || depth == len(path) && len(n.children) > 0:
				u = partly
			}
			if depth < len(path) {
				next = n.matching(path[depth], next)
			}
		}
		nodes = next
	}
	return u
}

// matching appends the children that match a key segment.
func (t *readTrie) matching(seg string, out []*readTrie) []*readTrie {
	if c := t.child(seg); c != nil {
		out = append(out, c)
	}
	for _, wildcard := range []string{"[]", "*"} {
		if c := t.child(wildcard); c != nil && wildcard != seg {
			out = append(out, c)
		}
	}
	return out
}
