package cache

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
)

// Kind is what a file is to a chart.
type Kind int

// Kinds of files.
const (
	// KindOther is any other file, in a chart or not.
	KindOther Kind = iota
	// KindTemplate is a file under a chart's templates/ (NOTES.txt included).
	KindTemplate
	// KindValues is a chart's values.yaml, another values*.yaml beside it
	// or a ci/*.yaml (chart-testing's), or an extra values file of the
	// settings or .chartwright.yaml.
	KindValues
	// KindChartYAML is a chart's Chart.yaml.
	KindChartYAML
	// KindValuesSchema is a chart's values.schema.json.
	KindValuesSchema
	// KindConfig is a .chartwright.yaml.
	KindConfig
)

var kindNames = [...]string{"other", "template", "values", "Chart.yaml", "values.schema.json", lint.ConfigFile}

func (k Kind) String() string { return kindNames[k] }

// Document is a file of the workspace as the features see it: its text,
// what kind of chart file it is, and the chart it belongs to.
type Document struct {
	// Path is absolute.
	Path string
	Kind Kind
	// File is the file: the very source.File of the loaded chart tree when
	// the file is part of it, so that the refs index and renders know it;
	// else (the chart does not load, or the file is outside any chart) one
	// holding the snapshot's text, whose Path is relative to the root.
	File *source.File
	// Root is the root chart whose tree holds the file, nil when none
	// does (a .chartwright.yaml above the charts, an extra values file
	// outside the chart folder is still given its root); Chart is the chart
	// of that tree whose folder holds the file, nil when the tree did not
	// load or the file is not part of it.
	Root  *Root
	Chart *chart.Chart
}

// Document returns the file at path (absolute) as the features see it.
func (s *Snapshot) Document(path string) (*Document, error) {
	doc := &Document{Path: path, Root: s.Root(path)}
	if doc.Root == nil {
		doc.Root = s.rootWithValuesFile(path)
	}
	if doc.Root != nil {
		doc.Chart, doc.File = doc.Root.FileAt(path)
	}
	if doc.File == nil {
		data, err := s.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		rel := filepath.Base(path)
		if doc.Root != nil {
			if r, err := filepath.Rel(doc.Root.Dir, path); err == nil && filepath.IsLocal(r) {
				rel = filepath.ToSlash(r)
			}
		}
		doc.File = &source.File{Name: chartRelative(rel), Path: rel, Data: data}
	}
	doc.Kind = kindOf(doc)
	return doc, nil
}

// rootWithValuesFile returns the root that uses path as an extra values
// file.
func (s *Snapshot) rootWithValuesFile(path string) *Root {
	for _, r := range s.roots {
		if slices.Contains(r.Config.ValuesFiles, path) {
			return r
		}
	}
	return nil
}

// chartRelative is the name of a file in its chart from its Path: what
// follows the last charts/<folder>/ of the path.
func chartRelative(rel string) string {
	parts := strings.Split(rel, "/")
	for i := len(parts) - 2; i > 0; i-- {
		if parts[i-1] == "charts" && i+1 < len(parts) {
			return strings.Join(parts[i+1:], "/")
		}
	}
	return rel
}

func kindOf(doc *Document) Kind {
	name := doc.File.Name
	switch {
	case filepath.Base(doc.Path) == lint.ConfigFile:
		return KindConfig
	case doc.Root == nil:
		return KindOther
	case slices.Contains(doc.Root.Config.ValuesFiles, doc.Path):
		return KindValues
	case strings.HasPrefix(name, "templates/"):
		return KindTemplate
	case name == "Chart.yaml":
		return KindChartYAML
	case isValuesName(name):
		return KindValues
	case name == "values.schema.json":
		return KindValuesSchema
	}
	return KindOther
}

// isValuesName reports whether a chart-relative name is a values file's:
// values*.yaml beside Chart.yaml, or ci/*.yaml.
func isValuesName(name string) bool {
	ext := filepath.Ext(name)
	if ext != ".yaml" && ext != ".yml" {
		return false
	}
	dir, base := filepath.Split(name)
	return dir == "" && strings.HasPrefix(base, "values") || dir == "ci/"
}
