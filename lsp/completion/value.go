package completion

import (
	"slices"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lsp/cache"
)

// valueKind tells what a value of a template is.
type valueKind uint8

// Kinds of values completion knows.
const (
	// topObject is a chart's top-level object: .Values, .Chart, ... are
	// its fields.
	topObject valueKind = iota + 1
	// valuesPath is a path in a chart's values.
	valuesPath
	// builtinPath is a field of a built-in object, by its chain from the
	// top-level object: ["Capabilities", "KubeVersion"].
	builtinPath
)

// value is what an expression of a template stands for, as far as
// completion knows.
type value struct {
	kind valueKind
	// chart is the chart whose object or values it is; nil when the chart
	// did not load.
	chart *chart.Chart
	path  []string
}

// field returns the value of field name of v.
func (v value) field(root *cache.Root, name string) (value, bool) {
	switch v.kind {
	case topObject:
		if name == "Values" {
			return value{kind: valuesPath, chart: v.chart}, true
		}
		if slices.Contains(topObjectNames, name) {
			return value{kind: builtinPath, chart: v.chart, path: []string{name}}, true
		}
	case builtinPath:
		if slices.Equal(v.path, []string{"Subcharts"}) {
			if sub := subchartNamed(root, v.chart, name); sub != nil {
				return value{kind: topObject, chart: sub}, true
			}
			return value{}, false
		}
		return value{kind: builtinPath, chart: v.chart, path: appendPath(v.path, name)}, true
	case valuesPath:
		if hidesKey(v, name) {
			return v, true // the method gives the values themselves
		}
		return value{kind: valuesPath, chart: v.chart, path: appendPath(v.path, name)}, true
	}
	return value{}, false
}

// chain follows a chain of field names from v.
func (v value) chain(root *cache.Root, names []string) (value, bool) {
	for _, name := range names {
		var ok bool
		if v, ok = v.field(root, name); !ok {
			return value{}, false
		}
	}
	return v, true
}

// appendPath appends name to a copy of path.
func appendPath(path []string, name string) []string {
	return append(path[:len(path):len(path)], name)
}

// hidesKey reports whether name, a field of the values v, is a method of
// Helm's Values rather than a key: AsMap, the values themselves, which a
// chart's .Values (not a map below it) has and which hides a key so named.
func hidesKey(v value, name string) bool {
	return name == "AsMap" && len(v.path) == 0
}
