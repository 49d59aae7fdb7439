package chart

import (
	"path"
	"strings"
	"time"

	"github.com/chartwright/chartwright/chart/source"
)

// API versions of Chart.yaml.
const (
	APIVersionV1 = "v1"
	APIVersionV2 = "v2"
	// APIVersionV3 is Helm 4's experimental chart API: it loads such a
	// chart, lints it as an invalid apiVersion and does not render it.
	APIVersionV3 = "v3"
)

// Chart is a loaded chart and, through Subcharts, its loaded dependencies.
type Chart struct {
	// Metadata is Chart.yaml as Helm reads it.
	Metadata *Metadata
	// Lock is Chart.lock (requirements.lock for apiVersion v1), if present.
	Lock *Lock
	// Values are the defaults of values.yaml, read with Helm's YAML rules.
	Values map[string]any
	// Schema is the raw content of values.schema.json, if present.
	Schema []byte
	// Templates are the files under templates/, in load order.
	Templates []*source.File
	// Files are the chart's other files, visible to templates as .Files.
	Files []*source.File
	// Raw holds every loaded file of this chart (not of its subcharts), in
	// load order, as packaging needs them: the very Files of Templates and
	// Files, and the others (Chart.yaml, values.yaml ...).
	Raw []*source.File
	// ModTimes are the modification times of the files in Raw, when known.
	ModTimes map[string]time.Time
	// Subcharts are the charts loaded from charts/.
	Subcharts []*Chart
	// Parent is the chart that holds this one in charts/, nil for the root.
	Parent *Chart
	// Dir is the chart's folder relative to the root chart's folder: "" for
	// the root, "charts/<folder>" for a subchart, in which the folder's name
	// need not be the chart's, and "charts/<file>.tgz" for an archive.
	Dir string
	// Archived is set on a chart loaded from a .tgz archive under its
	// parent's charts/; its files, and its subcharts', are not on disk.
	Archived bool
	// LoadLog is what Helm logs while it loads the chart: from a folder, a
	// line for each symbolic link it follows; then, for it and each of its
	// subcharts, a warning for requirements files in a chart of apiVersion
	// v2 (helm lint loads the chart more than once and logs them each time).
	LoadLog []string
}

// InArchive reports whether the chart's files are inside an archive: the
// chart or one of its parents was loaded from a .tgz under charts/.
func (c *Chart) InArchive() bool {
	for ; c != nil; c = c.Parent {
		if c.Archived {
			return true
		}
	}
	return false
}

// Name is the chart name from its metadata.
func (c *Chart) Name() string {
	if c.Metadata == nil {
		return ""
	}
	return c.Metadata.Name
}

// IsRoot reports whether the chart is not a subchart.
func (c *Chart) IsRoot() bool { return c.Parent == nil }

// IsLibrary reports whether the chart's type is library (case-insensitive, as Helm compares it).
func (c *Chart) IsLibrary() bool {
	return c.Metadata != nil && strings.EqualFold(c.Metadata.Type, "library")
}

// FullPath is the path Helm names the chart's templates by: the root chart's
// name, then "/charts/<name>" for every level of subchart.
func (c *Chart) FullPath() string {
	if c.Parent == nil {
		return c.Name()
	}
	return c.Parent.FullPath() + "/charts/" + c.Name()
}

// NamedTemplate is a template file under the name Helm's engine gives it:
// <chart full path>/<file name>.
type NamedTemplate struct {
	Name string
	File *source.File
}

// RenderedTemplates lists the templates of c (not of its subcharts) that
// Helm's engine parses, with their names: all of them, or only the partials
// of a library chart. A name an archive holds twice is one template, the
// last (Helm's engine keeps templates in a map).
func (c *Chart) RenderedTemplates() []NamedTemplate {
	full := c.FullPath()
	out := make([]NamedTemplate, 0, len(c.Templates))
	var at map[string]int // where each name is in out, when names may repeat
	if !distinctNames(c.Templates) {
		at = make(map[string]int, len(c.Templates))
	}
	for _, t := range c.Templates {
		if c.IsLibrary() && !strings.HasPrefix(path.Base(t.Name), "_") {
			continue
		}
		nt := NamedTemplate{Name: path.Join(full, t.Name), File: t}
		if at == nil {
			out = append(out, nt)
			continue
		}
		if i, twice := at[nt.Name]; twice {
			out[i] = nt
			continue
		}
		at[nt.Name] = len(out)
		out = append(out, nt)
	}
	return out
}

// distinctNames reports, without allocating, that no two files' names
// join to the same template name: they are clean and in strictly
// increasing order, as a folder's walk mostly gives them. False means
// they may repeat (an archive can hold a name twice).
func distinctNames(files []*source.File) bool {
	for i, f := range files {
		if path.Clean(f.Name) != f.Name || i > 0 && files[i-1].Name >= f.Name {
			return false
		}
	}
	return true
}

// File returns the raw file with the given chart-relative name, or nil.
func (c *Chart) File(name string) *source.File {
	for _, f := range c.Raw {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// CRDs returns the files under crds/ whose extension is .yaml, .yml or .json
// (case-insensitive), in load order, as Helm installs them.
func (c *Chart) CRDs() []*source.File {
	var crds []*source.File
	for _, f := range c.Files {
		if strings.HasPrefix(f.Name, "crds/") && hasManifestExtension(f.Name) {
			crds = append(crds, f)
		}
	}
	return crds
}

func hasManifestExtension(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

// AddSubchart appends sub to the chart's subcharts and makes c its parent.
func (c *Chart) AddSubchart(sub *Chart) {
	sub.Parent = c
	c.Subcharts = append(c.Subcharts, sub)
}
