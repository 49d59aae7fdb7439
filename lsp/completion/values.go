package completion

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render/refs"
	"github.com/chartwright/chartwright/schema"
)

// maxDefaultLength bounds a default value shown in a proposal's detail.
const maxDefaultLength = 60

// valuesKeys proposes the keys of the values at v: the keys the merged
// values hold there (the chart's defaults, its parents' overrides and the
// extra values files), then the keys only its values.schema.json
// declares; each with its type, its value as written where it is set, and
// its doc comment. A key that is not a name, or that a method of Helm's
// Values hides (AsMap), is inserted as an index call on the chain.
func (t *templateCursor) valuesKeys(v value, s site) []Item {
	items := slices.Clone(t.valuesLevelItems(v))
	for i, it := range items {
		if !isIdentifier(it.Label) || hidesKey(v, it.Label) {
			items[i].Insert = fmt.Sprintf("(index %s %q)", s.chain, it.Label)
			items[i].Filter = s.chain + "." + it.Label
			items[i].Replace = t.span(s.wordStart, s.end)
		}
	}
	return items
}

// valuesLevelItems proposes the keys of the values at v, as valuesKeys
// does before it places them. They depend on the values alone: they are
// worked out once per level for the root's values, which every snapshot
// shares until a values file changes.
func (t *templateCursor) valuesLevelItems(v value) []Item {
	if t.doc.Root == nil || v.chart == nil {
		return nil
	}
	vals := t.doc.Root.Values()
	if vals == nil {
		return nil
	}
	key := "completion.values\x00" + v.chart.Dir + "\x00" + strings.Join(v.path, "\x00")
	return vals.Memo(key, func() any {
		keys := levelKeys(t.doc.Root, vals, v.chart, v.path)
		items := make([]Item, len(keys))
		for i, k := range keys {
			items[i] = k.item()
		}
		return items
	}).([]Item)
}

// valuesKey is a key of the values at a path, with what is known of it.
type valuesKey struct {
	name string
	// value is the merged value, or the default when the merged values
	// lack it; inValues is unset for keys only the schema declares.
	value    any
	inValues bool
	// sets are the values files that set the key, in the order they apply.
	sets []keySetting
	// schema is the schema's description of the key, nil when none.
	schema *schema.Node
	// subchart is the subchart whose values the key holds.
	subchart *chart.Chart
}

// keySetting is a values file setting a key.
type keySetting struct {
	file *cache.ValuesFile
	key  *chart.Key
	// own is set for the values.yaml of the chart whose values they are.
	own bool
}

// valuesLevel returns the keys of the values at v, sorted by name.
func (t *templateCursor) valuesLevel(v value) []*valuesKey {
	if t.doc.Root == nil || v.chart == nil {
		return nil
	}
	vals := t.doc.Root.Values()
	if vals == nil {
		return nil
	}
	return levelKeys(t.doc.Root, vals, v.chart, v.path)
}

// levelKeys returns the keys at path in the values of chart c; under a
// subchart's name or alias, they are the subchart's.
func levelKeys(root *cache.Root, vals *cache.Values, c *chart.Chart, path []string) []*valuesKey {
	c, path = valuesOwner(root, c, path)
	prefixes := vals.Prefixes(c.Dir)
	if len(prefixes) == 0 {
		prefixes = [][]string{nil}
	}
	byName := map[string]*valuesKey{}
	add := func(nodes []any) {
		for _, node := range nodes {
			m, _ := node.(map[string]any)
			for name, val := range m {
				if byName[name] == nil {
					byName[name] = &valuesKey{name: name, value: val, inValues: true}
				}
			}
		}
	}
	for _, prefix := range prefixes {
		add(valuesAt(vals.Merged, rootPath(prefix, path)))
	}
	add(valuesAt(c.Values, path)) // the defaults a values file being typed may set to null
	addSettings(vals, c, prefixes[0], path, byName)
	addSchema(c, path, byName)
	if len(path) == 0 {
		addSubchartDocs(root, c, byName)
	}
	out := make([]*valuesKey, 0, len(byName))
	for _, k := range byName {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b *valuesKey) int { return strings.Compare(a.name, b.name) })
	return out
}

// rootPath is where a path of a chart's values sits in the root's values:
// under the chart's prefix, except globals, which are global everywhere.
func rootPath(prefix, path []string) []string {
	if len(path) > 0 && path[0] == "global" {
		return path
	}
	return append(slices.Clip(prefix), path...)
}

// valuesAt returns the values at path: "[]" and "*" stand for every item
// of a list and every value of a map.
func valuesAt(v any, path []string) []any {
	nodes := []any{v}
	for _, name := range path {
		var next []any
		for _, n := range nodes {
			switch n := n.(type) {
			case map[string]any:
				if name == "*" {
					for _, x := range n {
						next = append(next, x)
					}
				} else if x, ok := n[name]; ok {
					next = append(next, x)
				}
			case []any:
				if name == "[]" || name == "*" {
					next = append(next, n...)
				} else if i, err := strconv.Atoi(name); err == nil && i >= 0 && i < len(n) {
					next = append(next, n[i])
				}
			}
		}
		nodes = next
	}
	return nodes
}

// addSettings records which values files set each key, in the order they
// apply: the chart's own values.yaml, its parents' from the nearest, then
// the extra values files.
func addSettings(vals *cache.Values, c *chart.Chart, prefix, path []string, keys map[string]*valuesKey) {
	var own, parents, extra []keySetting
	for _, vf := range vals.Files {
		if vf.Keys == nil {
			continue
		}
		rel, ok := pathInFile(vals, vf, c.Dir, prefix, path)
		if !ok {
			continue
		}
		for _, k := range settingLevel(vf.Keys, rel, len(path) == 0) {
			if keys[k.Path[len(k.Path)-1]] == nil {
				continue
			}
			s := keySetting{file: vf, key: k}
			switch {
			case vf.Extra:
				extra = append(extra, s)
			case vf.ChartDir == c.Dir:
				s.own = true
				own = append(own, s)
			default:
				parents = append(parents, s)
			}
		}
	}
	slices.Reverse(parents) // vals.Files has parents first
	for _, s := range slices.Concat(own, parents, extra) {
		vk := keys[s.key.Path[len(s.key.Path)-1]]
		vk.sets = append(vk.sets, s)
	}
}

// settingLevel returns the keys of a values file at rel. At the top level
// of a subchart's values (top set, rel its prefix), global is not the
// key under the prefix but the file's own top-level global.
func settingLevel(idx *chart.KeyIndex, rel []string, top bool) []*chart.Key {
	level := levelOf(idx, rel)
	if !top || len(rel) == 0 {
		return level
	}
	out := slices.DeleteFunc(slices.Clone(level), func(k *chart.Key) bool { return k.Path[len(k.Path)-1] == "global" })
	if g, ok := idx.Lookup([]string{"global"}); ok {
		out = append(out, g)
	}
	return out
}

// addSubchartDocs says which keys of a chart's values are its subcharts'.
func addSubchartDocs(root *cache.Root, c *chart.Chart, keys map[string]*valuesKey) {
	for _, s := range c.Subcharts {
		for _, name := range subchartKeys(root, s) {
			if k := keys[name]; k != nil {
				k.subchart = s
			}
		}
	}
}

// pathInFile is where a path of the values of the chart in folder dir sits
// in a values file: as is in the chart's own, under the prefix in the
// root's and in extra files, under the rest of the prefix in a parent's.
func pathInFile(vals *cache.Values, vf *cache.ValuesFile, dir string, prefix, path []string) ([]string, bool) {
	switch {
	case !vf.Extra && vf.ChartDir == dir:
		return path, true
	case vf.Extra || vf.ChartDir == "":
		return rootPath(prefix, path), true
	case strings.HasPrefix(dir, vf.ChartDir+"/"):
		parent := vals.Prefixes(vf.ChartDir)
		if len(parent) == 0 || len(parent[0]) > len(prefix) {
			return nil, false
		}
		return rootPath(prefix[len(parent[0]):], path), true
	}
	return nil, false
}

// levelOf returns the keys of a values file at path: its top-level keys
// for the empty path.
func levelOf(idx *chart.KeyIndex, path []string) []*chart.Key {
	if len(path) == 0 {
		return idx.Keys
	}
	k, ok := idx.Lookup(path)
	if !ok {
		return nil
	}
	return k.Children
}

// addSchema adds what the chart's values.schema.json says of the keys at
// path, and the keys only it declares.
func addSchema(c *chart.Chart, path []string, keys map[string]*valuesKey) {
	node := schemaAt(c, path)
	if node == nil {
		return
	}
	for _, f := range node.Fields {
		k := keys[f.Name]
		if k == nil {
			k = &valuesKey{name: f.Name}
			keys[f.Name] = k
		}
		k.schema = &schema.Node{Type: f.Type, Description: f.Description, Required: f.Required}
		if n, ok := schemaAtNode(c, appendPath(path, f.Name)); ok {
			k.schema = n
		}
	}
}

// schemaAt is what the chart's values.schema.json says of the values at
// path, nil when it says nothing.
func schemaAt(c *chart.Chart, path []string) *schema.Node {
	n, ok := schemaAtNode(c, path)
	if !ok {
		return nil
	}
	return n
}

func schemaAtNode(c *chart.Chart, path []string) (*schema.Node, bool) {
	if len(c.Schema) == 0 {
		return nil, false
	}
	s, err := schema.CompileValues(c.Schema)
	if err != nil {
		return nil, false
	}
	var p []string
	for _, name := range path {
		if name != "[]" && name != "*" {
			p = append(p, name)
		}
	}
	return s.Lookup(p)
}

// item is the proposal of the key.
func (k *valuesKey) item() Item {
	return Item{Label: k.name, Kind: Field, Insert: k.name, Detail: k.detail(), Doc: k.doc()}
}

// detail is the key's type and, for a scalar, its value as written where
// it is set last.
func (k *valuesKey) detail() string {
	if !k.inValues {
		d := k.schema.Type
		if k.schema.Default != "" {
			d += " = " + yamlScalar(k.schema.Default)
		}
		return d
	}
	typ := valueType(k.value, k.written())
	switch typ {
	case "map", "list":
		return typ
	}
	return typ + " = " + truncate(k.defaultText(), maxDefaultLength)
}

// written is the key's value as written in the values file that sets it
// last, "" when none does.
func (k *valuesKey) written() string {
	s := k.winner()
	if s == nil || isCollection(k.value) {
		return ""
	}
	return scalarText(s.key.Value)
}

// winner is the setting that applies: the last one, the chart's own
// coming first.
func (k *valuesKey) winner() *keySetting {
	if len(k.sets) == 0 {
		return nil
	}
	return &k.sets[len(k.sets)-1]
}

// defaultText is the key's value as written, or as YAML would write the
// merged value when no file writes it as a plain scalar.
func (k *valuesKey) defaultText() string {
	if w := k.written(); w != "" && w[0] != '|' && w[0] != '>' {
		return w
	}
	return formatScalar(k.value)
}

// doc is the key's documentation: its doc comment (the chart's own first)
// or the schema's description, then where it is set.
func (k *valuesKey) doc() string {
	var parts []string
	if c := k.comment(); c != "" {
		parts = append(parts, c)
	} else if k.schema != nil && k.schema.Description != "" {
		parts = append(parts, k.schema.Description)
	}
	if k.schema != nil && len(k.schema.Enum) > 0 {
		enum := make([]string, len(k.schema.Enum))
		for i, e := range k.schema.Enum {
			enum[i] = yamlScalar(e)
		}
		parts = append(parts, "One of `"+strings.Join(enum, "`, `")+"` (values.schema.json).")
	}
	if k.subchart != nil {
		parts = append(parts, fmt.Sprintf("The values of subchart %s (`%s`).", k.subchart.Name(), k.subchart.Dir))
	}
	var lines []string
	for _, s := range k.sets {
		line := "`" + settingName(s.file) + "`"
		if w := scalarText(s.key.Value); w != "" && !isCollection(k.value) {
			line += ": `" + truncate(w, maxDefaultLength) + "`"
		}
		lines = append(lines, line)
	}
	if len(lines) > 0 {
		parts = append(parts, "Set in "+strings.Join(lines, "; "))
	}
	if !k.inValues {
		parts = append(parts, "Declared in values.schema.json; no values file sets it.")
	}
	return strings.Join(parts, "\n\n")
}

// comment is the key's doc comment: the chart's own values.yaml's, else
// the first a values file has.
func (k *valuesKey) comment() string {
	for _, s := range k.sets {
		if doc := s.key.Doc(); s.own && doc != "" {
			return doc
		}
	}
	for _, s := range k.sets {
		if doc := s.key.Doc(); doc != "" {
			return doc
		}
	}
	return ""
}

// settingName names a values file for the user: its path in the root's
// folder.
func settingName(vf *cache.ValuesFile) string {
	if vf.File != nil && !vf.Extra {
		return vf.File.Path
	}
	return filepath.Base(vf.Path)
}

// indexKeys proposes, in the string being typed as a key given to index,
// the keys of the values indexed: `index .Values "im` gives the top-level
// keys, `index .Values "image" "ta` those under image.
func (t *templateCursor) indexKeys() []Item {
	args := t.callArguments()
	if len(args) == 0 || len(args) > t.cur.Call.Arg+1 {
		return nil
	}
	var keys []string
	first := args[0]
	for _, a := range args[1:] {
		if len(a) != 1 || a[0].Kind != refs.TokenString {
			return nil
		}
		k, err := strconv.Unquote(a[0].Text(t.data()))
		if err != nil {
			return nil
		}
		keys = append(keys, k)
	}
	start, end, suffix := t.quotedSite()
	var items []Item
	for _, v := range t.pipelineValues(first, t.actionStart(), 0) {
		if v.kind != valuesPath {
			continue
		}
		for _, k := range t.valuesLevel(value{kind: valuesPath, chart: v.chart, path: append(slices.Clip(v.path), keys...)}) {
			it := k.item()
			it.Insert, it.Replace = k.name+suffix, t.span(start, end)
			items = append(items, it)
		}
	}
	return items
}
