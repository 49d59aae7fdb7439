package cache

import (
	"cmp"
	"context"
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"slices"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	memo "github.com/chartwright/chartwright/internal/cache"
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
	// Others are the charts' values files that Helm does not read by
	// itself but users pass with -f: values-*.yaml beside Chart.yaml and
	// chart-testing's ci/*.yaml, parents' first. An extra values file of
	// the settings is in Files only.
	Others []*ValuesFile
	// prefixes maps each chart's folder (Chart.Dir) to where its values
	// sit in Merged.
	prefixes map[string][][]string
	// memo keeps what features derive from the values alone.
	memo *memo.Cache[any]
}

// maxValuesMemo bounds what a Values keeps derived from it.
const maxValuesMemo = 512

// Memo returns the value compute gives for key, computed once for these
// values: what features derive from the values alone (completion's
// proposals of a level of keys), which serves every snapshot that shares
// the values, as long as no values file changes. compute must depend on the
// values and key only.
func (v *Values) Memo(key string, compute func() any) any {
	return v.memo.Get(key, compute)
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

// Values returns the tree's values; nil when the chart did not load. While
// a values file does not parse (typed in, not yet fixed), Merged holds the
// last values that loaded, so that completion, hover and inlay hints in
// the templates still know the keys. Only the roots used last keep theirs
// (MaxWarmRoots).
func (r *Root) Values() *Values {
	defer r.warm.use(r)
	v, _ := r.values.get(context.Background(), func(context.Context) (*Values, error) {
		l := r.Load()
		if l.Chart == nil || l.Chart.Metadata == nil {
			return nil, nil
		}
		v := r.computeValues(l.Chart)
		switch {
		case l.Err == nil && v.Err == nil:
			r.latest.recordMerged(r.gen, v.Merged)
		case errors.Is(l.Err, chart.ErrValues):
			if last := r.latest.lastMerged(); last != nil {
				v.Merged = last
			}
		}
		return v, nil
	})
	return v
}

func (r *Root) computeValues(c *chart.Chart) *Values {
	v := &Values{prefixes: map[string][][]string{}, memo: memo.New[any](maxValuesMemo)}
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
	walkCharts(c, func(sub *chart.Chart) { v.Others = append(v.Others, r.otherValuesFiles(sub)...) })
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

// otherValuesFiles are the values files of c that Helm does not read by
// itself (Values.Others), from its folder on disk or its archive. A file
// the loaded chart holds is that very file.
func (r *Root) otherValuesFiles(c *chart.Chart) []*ValuesFile {
	var out []*ValuesFile
	add := func(f *source.File) {
		p := filepath.Join(r.Dir, filepath.FromSlash(f.Path))
		if !slices.Contains(r.Config.ValuesFiles, p) {
			out = append(out, indexValuesFile(p, c.Dir, f))
		}
	}
	isOther := func(name string) bool { return name != "values.yaml" && isValuesName(name) }
	if c.InArchive() {
		for _, f := range c.Raw {
			if isOther(f.Name) {
				add(f)
			}
		}
		return out
	}
	for _, dir := range []string{"", "ci/"} {
		entries, _ := fs.ReadDir(r.FS(), path.Join(cmp.Or(c.Dir, "."), dir))
		for _, e := range entries {
			name := dir + e.Name()
			if e.IsDir() || !isOther(name) {
				continue
			}
			f := c.File(name)
			if f == nil {
				rel := path.Join(c.Dir, name)
				data, err := r.ReadFile(filepath.Join(r.Dir, filepath.FromSlash(rel)))
				if err != nil {
					continue
				}
				f = &source.File{Name: name, Path: rel, Data: data}
			}
			add(f)
		}
	}
	return out
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
