package chart

import (
	"bytes"
	"errors"
	"path"
	"slices"
	"strings"

	"github.com/chartwright/chartwright/chart/source"
)

// ErrReload is returned by [Chart.WithFile] for a change that only loading
// the chart folder again can apply.
var ErrReload = errors.New("the change needs the chart loaded again")

// WithFile returns a copy of the chart tree c in which the file at path (a
// [source.File] Path) holds data, without reading the folder again: the
// copy shares every other file, and the values of every chart whose
// values.yaml is not the file. It applies a change to a template, to
// values.yaml, to values.schema.json or to another file of a chart folder.
// Anything else — Chart.yaml, Chart.lock, requirements files, .helmignore,
// a file that is not in the tree, a file inside an archive, a values.yaml
// that does not parse — is [ErrReload]: loading again says what it does.
// c is not modified.
func (c *Chart) WithFile(filePath string, data []byte, opts Options) (*Chart, error) {
	root := c.cloneTree(nil)
	holder, old := root.holderOf(filePath)
	if old == nil || holder.InArchive() || needsReload(old.Name) {
		return nil, ErrReload
	}
	trimmed := bytes.TrimPrefix(data, utf8BOM) // as the loader does
	bom := len(trimmed) < len(data) && opts.EditorBOM != nil && opts.EditorBOM(old.Path)
	data = trimmed
	file := &source.File{Name: old.Name, Path: old.Path, Data: data, BOM: bom}
	switch old.Name {
	case "values.yaml":
		values, err := readFileValues(data, opts.FirstValuesDocument)
		if err != nil {
			return nil, ErrReload
		}
		holder.Values = values
	case "values.schema.json":
		holder.Schema = data
	}
	holder.Raw = replaceFile(holder.Raw, old, file)
	holder.Templates = replaceFile(holder.Templates, old, file)
	holder.Files = replaceFile(holder.Files, old, file)
	return root, nil
}

// needsReload reports whether a change to the chart file name changes
// more than the file: the chart's metadata, lock or loading rules.
func needsReload(name string) bool {
	switch name {
	case "Chart.yaml", "Chart.lock", "requirements.yaml", "requirements.lock", IgnoreFile:
		return true
	}
	return false
}

// cloneTree copies the chart structures of the tree, not the files or
// values they hold.
func (c *Chart) cloneTree(parent *Chart) *Chart {
	cp := *c
	cp.Parent = parent
	cp.Subcharts = make([]*Chart, len(c.Subcharts))
	for i, s := range c.Subcharts {
		cp.Subcharts[i] = s.cloneTree(&cp)
	}
	return &cp
}

// holderOf finds the chart of the tree whose folder holds the file at
// filePath, and the file.
func (c *Chart) holderOf(filePath string) (*Chart, *source.File) {
	for _, s := range c.Subcharts {
		if strings.HasPrefix(filePath, s.Dir+"/") {
			return s.holderOf(filePath)
		}
	}
	for _, f := range c.Raw {
		if f.Path == filePath {
			return c, f
		}
	}
	return c, nil
}

// replaceFile returns files with old replaced by file, a copy if old is
// there.
func replaceFile(files []*source.File, old, file *source.File) []*source.File {
	i := slices.Index(files, old)
	if i < 0 {
		return files
	}
	files = slices.Clone(files)
	files[i] = file
	return files
}

// FilePath joins a chart-relative name to the chart's folder: the Path of
// the chart's file of that name.
func (c *Chart) FilePath(name string) string { return path.Join(c.Dir, name) }
