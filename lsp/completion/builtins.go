package completion

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/funcdoc"
	"github.com/chartwright/chartwright/schema"
)

// topObjectNames are the fields of a chart's top-level object.
var topObjectNames = []string{"Values", "Chart", "Release", "Capabilities", "Files", "Template", "Subcharts"}

// builtinParams names the parameters of the built-in objects' methods.
var builtinParams = map[string][]string{
	"Files.Get": {"name"}, "Files.GetBytes": {"name"}, "Files.Glob": {"pattern"}, "Files.Lines": {"name"},
	"Capabilities.APIVersions.Has": {"apiVersion"},
}

// plainFields are the fields of the built-in objects Helm builds as maps.
var plainFields = map[string][]member{
	"Release": {
		{name: "Name", typ: reflect.TypeFor[string]()}, {name: "Namespace", typ: reflect.TypeFor[string]()},
		{name: "IsUpgrade", typ: reflect.TypeFor[bool]()}, {name: "IsInstall", typ: reflect.TypeFor[bool]()},
		{name: "Revision", typ: reflect.TypeFor[int]()}, {name: "Service", typ: reflect.TypeFor[string]()},
	},
	"Template": {{name: "Name", typ: reflect.TypeFor[string]()}, {name: "BasePath", typ: reflect.TypeFor[string]()}},
}

// member is a field or method of a built-in object.
type member struct {
	name string
	// typ is the field's type, or the method's function type.
	typ    reflect.Type
	method bool
	// chartKey is the Chart.yaml key of a field of .Chart.
	chartKey string
}

// topObjects proposes the fields of a top-level object.
func topObjects() []Item {
	items := make([]Item, 0, len(topObjectNames))
	for _, name := range topObjectNames {
		items = append(items, Item{Label: name, Kind: Module, Detail: "built-in object", Doc: funcdoc.Object(name), Insert: name})
	}
	sortItems(items)
	return items
}

// builtinFields proposes the fields and methods of a built-in object.
func (t *templateCursor) builtinFields(v value) []Item {
	key := strings.Join(v.path, ".")
	if v.path[0] == "Subcharts" {
		return t.subchartNames(v)
	}
	if v.path[0] == "Chart" && len(v.path) == 2 && v.path[1] == "Annotations" && v.chart != nil && v.chart.Metadata != nil {
		return annotationKeys(v.chart.Metadata.Annotations)
	}
	members, ok := plainFields[key]
	if !ok {
		members = reflectedMembers(builtinType(v.path, t.helm3()), v.path[0] != "Chart")
	}
	items := make([]Item, 0, len(members))
	for _, m := range members {
		items = append(items, t.memberItem(v, key, m))
	}
	sortItems(items)
	return items
}

// memberItem is the proposal of a member of the built-in object at key.
func (t *templateCursor) memberItem(v value, key string, m member) Item {
	full := key + "." + m.name
	it := Item{Label: m.name, Kind: Field, Detail: typeLabel(m.typ), Doc: funcdoc.Object(full), Insert: m.name}
	if m.method {
		it.Kind = Function
		it.Detail = methodSignature(m.name, m.typ, builtinParams[full])
	}
	if key == "Chart" {
		it.Detail += chartFieldValue(v.chart, m.name)
	}
	if m.chartKey != "" {
		if n, ok := schema.ChartfileLookup([]string{m.chartKey}); ok {
			it.Doc = n.Description + "\n\n`" + m.chartKey + "` in Chart.yaml."
		}
	}
	if key == "Capabilities.KubeVersion" && !m.method {
		if kv := t.kubeVersion(); kv != nil {
			it.Detail += " = " + reflect.ValueOf(kv).Elem().FieldByName(m.name).String()
		}
	}
	return it
}

// chartFieldValue is " = " and the value of a field of .Chart when it is
// a scalar that is set, "" otherwise.
func chartFieldValue(c *chart.Chart, name string) string {
	if c == nil || c.Metadata == nil {
		return ""
	}
	if name == "IsRoot" {
		return fmt.Sprintf(" = %v", c.IsRoot())
	}
	if s := fieldText(reflect.ValueOf(c.Metadata).Elem().FieldByName(name)); s != "" {
		return " = " + s
	}
	return ""
}

// kubeVersion is .Capabilities.KubeVersion of the document's chart.
func (t *templateCursor) kubeVersion() *render.KubeVersion {
	version := render.DefaultKubeVersion
	if t.doc.Root != nil && t.doc.Root.Config.KubeVersion != "" {
		version = t.doc.Root.Config.KubeVersion
	}
	kv, err := render.ParseKubeVersion(version)
	if err != nil {
		return nil
	}
	return kv
}

// builtinType is the Go type of the built-in object at path, nil for
// those that are maps (Release, Template) or unknown.
func builtinType(path []string, helm3 bool) reflect.Type {
	var t reflect.Type
	switch path[0] {
	case "Chart":
		t = reflect.TypeFor[chartObject]()
	case "Capabilities":
		t = reflect.TypeFor[render.Capabilities]()
		if helm3 {
			t = reflect.TypeFor[render.Capabilities3]()
		}
	case "Files":
		t = reflect.TypeFor[render.Files]()
	default:
		return nil
	}
	for _, name := range path[1:] {
		if t.Kind() != reflect.Struct {
			return nil
		}
		f, ok := t.FieldByName(name)
		if !ok {
			return nil
		}
		t = f.Type
	}
	return t
}

// chartObject is .Chart as Helm builds it: the metadata and IsRoot.
type chartObject struct {
	chart.Metadata
	IsRoot bool
}

// reflectedMembers are the exported fields of a struct type and, with
// methods, the exported methods of its pointer, String aside. .Chart's
// methods are left out: Helm 4 makes it a map.
func reflectedMembers(t reflect.Type, methods bool) []member {
	if t == nil {
		return nil
	}
	var out []member
	if t.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(t) {
			if f.IsExported() && !f.Anonymous {
				out = append(out, member{name: f.Name, typ: f.Type, chartKey: chartKey(t, f)})
			}
		}
	}
	if !methods {
		return out
	}
	pt := reflect.PointerTo(t)
	for i := range pt.NumMethod() {
		m := pt.Method(i)
		if m.Name != "String" {
			out = append(out, member{name: m.Name, typ: m.Type, method: true})
		}
	}
	return out
}

// chartKey is the Chart.yaml key of a field of .Chart, "" for the others.
func chartKey(t reflect.Type, f reflect.StructField) string {
	if t != reflect.TypeFor[chartObject]() {
		return ""
	}
	if f.Name == "IsRoot" {
		return ""
	}
	key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return key
}

// typeLabel writes a field's type briefly: string, bool, []string, ...
func typeLabel(t reflect.Type) string { return typeLabels.Replace(t.String()) }

// typeLabels drops the package names of the built-in objects' types (Helm's
// own: common, chartutil, engine, version) and names .Files's type Files.
var typeLabels = strings.NewReplacer("interface {}", "any", "*chart.", "", "chart.", "", "engine.files", "Files",
	"common.", "", "chartutil.", "", "version.", "")

// methodSignature writes a method of a built-in object: "Get(name string) string".
func methodSignature(name string, fn reflect.Type, params []string) string {
	var b strings.Builder
	b.WriteString(name + "(")
	for i := 1; i < fn.NumIn(); i++ { // In(0) is the receiver
		if i > 1 {
			b.WriteString(", ")
		}
		if i-1 < len(params) {
			b.WriteString(params[i-1] + " ")
		}
		b.WriteString(typeLabel(fn.In(i)))
	}
	b.WriteString(")")
	if fn.NumOut() > 0 {
		b.WriteString(" " + typeLabel(fn.Out(0)))
	}
	return b.String()
}

// fieldText is a field of the metadata as a template prints it, for the
// scalars; "" for the rest and the empty string.
func fieldText(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return fmt.Sprint(v.Bool())
	}
	return ""
}

// annotationKeys proposes the keys of .Chart.Annotations.
func annotationKeys(annotations map[string]string) []Item {
	items := make([]Item, 0, len(annotations))
	for k, v := range annotations {
		items = append(items, Item{Label: k, Kind: Value, Detail: "string = " + v, Insert: k})
	}
	sortItems(items)
	return items
}

// subchartNames proposes the names of the subcharts of v's chart, as
// .Subcharts holds them: by alias when aliased.
func (t *templateCursor) subchartNames(v value) []Item {
	if v.chart == nil {
		return nil
	}
	var items []Item
	for _, s := range v.chart.Subcharts {
		for _, name := range subchartKeys(t.doc.Root, s) {
			items = append(items, Item{Label: name, Kind: Module, Detail: "subchart " + s.Name(), Doc: "The top-level object of the subchart in `" + s.Dir + "`.", Insert: name})
		}
	}
	sortItems(items)
	return items
}

// subchartKeys are the names the parent knows subchart s by: its alias or
// aliases, else its name.
func subchartKeys(root *cache.Root, s *chart.Chart) []string {
	var keys []string
	if root != nil {
		if vals := root.Values(); vals != nil {
			for _, p := range vals.Prefixes(s.Dir) {
				if len(p) > 0 && !slices.Contains(keys, p[len(p)-1]) {
					keys = append(keys, p[len(p)-1])
				}
			}
		}
	}
	if len(keys) == 0 {
		keys = []string{s.Name()}
	}
	return keys
}

// subchartNamed returns the subchart of c the parent knows by name.
func subchartNamed(root *cache.Root, c *chart.Chart, name string) *chart.Chart {
	if c == nil {
		return nil
	}
	for _, s := range c.Subcharts {
		if slices.Contains(subchartKeys(root, s), name) {
			return s
		}
	}
	return nil
}

// sortItems sorts proposals by label.
func sortItems(items []Item) {
	sort.Slice(items, func(i, j int) bool { return items[i].Label < items[j].Label })
}

// fileNames proposes, in the string being typed as the name given to a
// method of .Files, the names of the chart's files.
func (t *templateCursor) fileNames() []Item {
	if t.doc.Chart == nil {
		return nil
	}
	start, end, suffix := t.quotedSite()
	var items []Item
	for _, f := range t.doc.Chart.Files {
		items = append(items, Item{Label: f.Name, Kind: Value, Detail: fmt.Sprintf("%d bytes", len(f.Data)), Insert: f.Name + suffix, Replace: t.span(start, end)})
	}
	sortItems(items)
	return items
}
