package cache

import (
	"context"
	"path/filepath"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/refs"
	"github.com/chartwright/chartwright/render/values"
)

// Values are a chart tree's values as the editor shows them in completion,
// hover and inlay hints: the defaults of every chart with the extra values
// files over them, merged as `helm template -f` would, and every values
// file with the position and comment of each key.
type Values struct {
	// Merged is the root chart's .Values: every chart's defaults coalesced
	// as Helm does (a subchart's under its name or alias, globals copied
	// down), the extra values files applied over them.
	Merged map[string]any
	// Err is why the values could not be merged (a values file that does
	// not parse, a broken dependency); Merged then holds the defaults as
	// far as they were read.
	Err error
	// Files are the values files: each chart's values.yaml, the root's
	// first, then the extra values files, in the order they apply.
	Files []*ValuesFile
	// prefixes maps each chart's folder (Chart.Dir) to where its values
	// sit in Merged.
	prefixes map[string][][]string
}

// ValuesFile is one values file with its keys located.
type ValuesFile struct {
	// Path is absolute; ChartDir the Dir of the chart whose values.yaml it
	// is, or "" for an extra values file, which applies to the root.
	Path     string
	ChartDir string
	Extra    bool
	File     *source.File
	// Keys locates the keys; it may be partial when the file does not
	// parse, and KeysErr then says why.
	Keys    *chart.KeyIndex
	KeysErr error
}

// Prefixes returns where the values of the chart in folder dir (a
// Chart.Dir) sit in Merged: one path per alias along its ancestry.
func (v *Values) Prefixes(dir string) [][]string { return v.prefixes[dir] }

// Values returns the tree's values; nil when the chart did not load. Only
// the roots used last keep theirs (MaxWarmRoots).
func (r *Root) Values() *Values {
	defer r.warm.use(r)
	v, _ := r.values.get(context.Background(), func(context.Context) (*Values, error) {
		l := r.Load()
		if l.Chart == nil || l.Chart.Metadata == nil {
			return nil, nil
		}
		return r.computeValues(l.Chart), nil
	})
	return v
}

func (r *Root) computeValues(c *chart.Chart) *Values {
	v := &Values{prefixes: map[string][][]string{}}
	walkCharts(c, func(sub *chart.Chart) {
		v.prefixes[sub.Dir] = refs.ValuesPrefixes(c, sub)
		if f := sub.File("values.yaml"); f != nil {
			v.Files = append(v.Files, indexValuesFile(filepath.Join(r.Dir, filepath.FromSlash(f.Path)), sub.Dir, f))
		}
	})
	for _, p := range r.Config.ValuesFiles {
		data, err := r.ReadFile(p)
		if err != nil {
			continue
		}
		vf := indexValuesFile(p, "", source.NewFile(filepath.Base(p), data))
		vf.Extra = true
		v.Files = append(v.Files, vf)
	}
	opts := values.Options{Helm3: r.Config.Helm3}
	user, err := values.Flags{ValueFiles: r.Config.ValuesFiles}.Merge(r.ReadFile, opts)
	if err != nil {
		user, v.Err = nil, err
	}
	tree, _, err := values.ProcessDependencies(c, user, opts)
	if err != nil {
		v.Merged, v.Err = c.Values, err
		return v
	}
	if v.Merged, _, err = values.Coalesce(tree, user, opts); err != nil {
		v.Merged, v.Err = c.Values, err
	}
	return v
}

func indexValuesFile(path, chartDir string, f *source.File) *ValuesFile {
	keys, err := chart.IndexYAML(f)
	return &ValuesFile{Path: path, ChartDir: chartDir, File: f, Keys: keys, KeysErr: err}
}

// walkCharts visits c and its subcharts, parents first.
func walkCharts(c *chart.Chart, visit func(*chart.Chart)) {
	visit(c)
	for _, s := range c.Subcharts {
		walkCharts(s, visit)
	}
}
