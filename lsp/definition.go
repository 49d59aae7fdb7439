package lsp

import (
	"context"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

func (s *Server) definition(ctx context.Context, snap *cache.Snapshot, params *protocol.DefinitionParams) ([]protocol.Location, error) {
	doc, offset, err := documentAt(snap, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	return toLocations(definitionAt(doc, offset)), nil
}

// location is a place in a file on disk: a span, or the file's start when
// the span has no file.
type location struct {
	path string
	span source.Span
}

// toLocations converts locations, nil for none.
func toLocations(locs []location) []protocol.Location {
	var out []protocol.Location
	for _, l := range locs {
		out = append(out, protocol.Location{URI: fileURI(l.path), Range: spanRange(l.span)})
	}
	return out
}

// treeLocation is the location of a span of a file of the root's tree;
// false when the file is inside an archive, where nothing is navigable.
func treeLocation(root *cache.Root, sp source.Span) (location, bool) {
	p, onDisk := root.Path(sp.File)
	return location{path: p, span: sp}, onDisk
}

// valuesLocation is the location of a span of a values file; false when
// the file is inside an archive.
func valuesLocation(root *cache.Root, vf *cache.ValuesFile, sp source.Span) (location, bool) {
	if vf.Extra {
		return location{path: vf.Path, span: sp}, true
	}
	_, onDisk := root.Path(vf.File)
	return location{path: vf.Path, span: sp}, onDisk
}

// definitionAt returns where what sits at offset of doc is defined:
//   - a values path in a template: its key in every values file that sets
//     it (the chart's values.yaml, a parent's override under the
//     subchart's alias, the extra values files, values-*.yaml and ci/*.yaml);
//   - a key of a values file that overrides a chart's default: the
//     default, in the chart's values.yaml; on the default itself, the
//     property of values.schema.json that describes it, when there is
//     one, else the key itself (editors then offer its references);
//   - an include or template name: the define Helm uses;
//   - a variable: its declaration;
//   - a file given to .Files.Get (or Glob: its first match): the file;
//   - .Chart.<field>: the field in Chart.yaml; .Values: values.yaml.
//
// Places inside .tgz archives are left out: they cannot be opened.
func definitionAt(doc *cache.Document, offset int) []location {
	s, ok := symbolAt(doc, offset)
	if !ok {
		return nil
	}
	root := doc.Root
	switch s.kind {
	case symbolValues:
		if s.key != nil {
			return valuesKeyDefinition(doc, s)
		}
		return valuesDefinition(root, s)
	case symbolTemplate:
		if s.define != nil && !s.define.File {
			return navigable(treeLocation(root, s.define.Span))
		}
	case symbolVariable:
		if s.decl.File != nil {
			return navigable(treeLocation(root, s.decl))
		}
	case symbolFile:
		if f := chartFile(s.chart, s.name); f != nil {
			return navigable(treeLocation(root, source.Span{File: f}))
		}
	case symbolBuiltin:
		return builtinDefinition(root, s)
	}
	return nil
}

// navigable is the location when ok, else nothing.
func navigable(l location, ok bool) []location {
	if !ok {
		return nil
	}
	return []location{l}
}

// valuesDefinition returns the keys that set a values path.
func valuesDefinition(root *cache.Root, s symbol) []location {
	vals := root.Values()
	if vals == nil {
		return nil
	}
	var out []location
	for _, k := range valuesKeys(root, vals, s.rootPaths) {
		if l, ok := valuesLocation(root, k.file, k.key.Key); ok {
			out = append(out, l)
		}
	}
	return out
}

// valuesKeyDefinition returns where the key at s of a values file is
// declared: the chart's default it overrides, or the schema of the
// default, or the default itself.
func valuesKeyDefinition(doc *cache.Document, s symbol) []location {
	root := doc.Root
	vals := root.Values()
	if vals == nil {
		return nil
	}
	var defaults []location
	isDefault := false
	for _, k := range valuesKeys(root, vals, s.rootPaths) {
		switch {
		case k.key == s.key:
			isDefault = k.declared
		case k.declared:
			if l, ok := valuesLocation(root, k.file, k.key.Key); ok {
				defaults = append(defaults, l)
			}
		}
	}
	if !isDefault && len(defaults) > 0 {
		return defaults
	}
	if l, ok := schemaProperty(root, vals, s.rootPaths); ok {
		return []location{l}
	}
	return []location{{path: doc.Path, span: s.key.Key}}
}

// schemaProperty returns where the values.schema.json of a chart that
// holds the root paths declares them as properties, when it does so
// directly (below properties and items, without references).
func schemaProperty(root *cache.Root, vals *cache.Values, rootPaths [][]string) (location, bool) {
	var found location
	ok := false
	walkTree(root.Load().Chart, func(c *chart.Chart) {
		f := c.File("values.schema.json")
		if ok || f == nil {
			return
		}
		idx, _ := chart.IndexYAML(f)
		for _, rel := range relativePaths(vals, &cache.ValuesFile{ChartDir: c.Dir}, rootPaths) {
			if k, has := idx.Lookup(schemaPath(rel)); has && !ok {
				found, ok = treeLocation(root, k.Key)
			}
		}
	})
	return found, ok
}

// schemaPath is where a JSON schema declares a values path: each key under
// "properties", each list element under "items".
func schemaPath(path []string) []string {
	var out []string
	for _, e := range path {
		if e == "[]" || isIndexElement(e) {
			out = append(out, "items")
		} else {
			out = append(out, "properties", e)
		}
	}
	return out
}

// chartFile returns the file of c that .Files.Get names, or the first, by
// name, that a .Files.Glob pattern matches; nil when none.
func chartFile(c *chart.Chart, name string) *source.File {
	if names := matchingFiles(chartFiles(c), name); len(names) > 0 {
		name = names[0]
	}
	for _, f := range c.Files {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// builtinDefinition returns where a built-in field comes from: a .Chart
// field's key in Chart.yaml, .Values's values.yaml.
func builtinDefinition(root *cache.Root, s symbol) []location {
	if s.chart == nil {
		return nil
	}
	switch {
	case len(s.path) == 1 && s.path[0] == "Values":
		if f := s.chart.File("values.yaml"); f != nil {
			return navigable(treeLocation(root, source.Span{File: f}))
		}
	case len(s.path) == 2 && s.path[0] == "Chart":
		f := s.chart.File("Chart.yaml")
		if f == nil {
			return nil
		}
		idx, _ := chart.IndexYAML(f)
		if k, ok := idx.Lookup([]string{chartFieldKey(s.path[1])}); ok {
			return navigable(treeLocation(root, k.Key))
		}
	}
	return nil
}
