package cache

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/refs"
	"github.com/chartwright/chartwright/render/values"
)

// maxPendingChanges is how many changed files a root applies to the chart
// loaded in an earlier snapshot before it loads the folder again instead.
const maxPendingChanges = 32

// Root is a root chart of the workspace — a chart folder that is not a
// subchart — with its subcharts, in one snapshot: what the folder holds and
// everything computed about it, lazily and once. Roots the edits of a
// snapshot did not touch are shared with the next snapshot.
type Root struct {
	// Dir is the chart's folder, absolute.
	Dir string
	// Config is what applies to the chart: settings and .chartwright.yaml.
	Config Config

	ov     overlays
	parses *render.ParseCache
	// warm keeps the derived state of the roots used last; gen orders
	// the roots of a folder.
	warm *warmth
	gen  uint64

	// base is the latest earlier root whose chart was loaded or is to be,
	// and changed the files (Paths in the tree) changed since: the chart
	// is base's with those files replaced, unless a change needs a load.
	// Both are dropped once the chart is loaded, so that earlier
	// snapshots can go.
	mu      sync.Mutex
	base    *Root
	changed []string

	loaded lazy[*Loaded]
	index  lazy[*refs.Index]
	values *lazy[*Values] // shared with the next snapshot while no values input changes
	syntax lazy[render.Errors]
	quick  lazy[[]lint.Finding]
	full   lazy[[]lint.Finding]

	// latest is what this root and the roots derived from it computed
	// last (latest.go).
	latest  *latest
	symbols lazy[[]Symbol]
}

// Loaded is a chart tree as loaded: Chart is nil when nothing could be
// read, and Err says why it did not load (the chart is then partial).
type Loaded struct {
	Chart *chart.Chart
	Err   error
}

// newRoot returns the root of the chart folder dir.
func newRoot(dir string, cfg Config, ov overlays, parses *render.ParseCache, warm *warmth) *Root {
	return &Root{Dir: dir, Config: cfg, ov: ov, parses: parses, warm: warm, gen: warm.next(), values: new(lazy[*Values]), latest: new(latest)}
}

// withChanges returns the root as it is once the files at paths (absolute,
// in the root's folder or among its extra values files) changed, sharing
// what they do not affect.
func (r *Root) withChanges(paths []string, ov overlays) *Root {
	next := newRoot(r.Dir, r.Config, ov, r.parses, r.warm)
	next.inherit(r)
	next.base = r
	r.mu.Lock()
	if r.base != nil { // r's chart is not loaded yet: derive from r's base
		next.base = r.base
		next.changed = append(next.changed, r.changed...)
	}
	r.mu.Unlock()
	keepValues := true
	for _, p := range paths {
		rel, err := filepath.Rel(r.Dir, p)
		if err == nil && filepath.IsLocal(rel) {
			next.changed = append(next.changed, filepath.ToSlash(rel))
		}
		if affectsValues(r, p) {
			keepValues = false
		}
	}
	if keepValues {
		next.values = r.values
	}
	return next
}

// affectsValues reports whether a change to path changes the values of
// the root's tree: a values file, a Chart.yaml, an archive, an extra
// values file — anything but templates and other chart files.
func affectsValues(r *Root, path string) bool {
	for _, f := range r.Config.ValuesFiles {
		if f == path {
			return true
		}
	}
	switch filepath.Base(path) {
	case "values.yaml", "Chart.yaml", "Chart.lock", "requirements.yaml", "values.schema.json", chart.IgnoreFile:
		return true
	}
	rel, err := filepath.Rel(r.Dir, path)
	if err != nil {
		return true
	}
	return filepath.Ext(path) == ".tgz" || filepath.Base(filepath.Dir(rel)) == "charts" || !isTemplatePath(rel)
}

// isTemplatePath reports whether a path relative to a chart folder lies in
// a templates folder, the root's or a subchart's.
func isTemplatePath(rel string) bool {
	for dir := filepath.Dir(rel); dir != "." && dir != string(filepath.Separator); dir = filepath.Dir(dir) {
		if filepath.Base(dir) == "templates" {
			return true
		}
	}
	return false
}

// FS is the root's folder as an fs.FS, open documents laid over the disk.
func (r *Root) FS() folderFS { return folderFS{dir: r.Dir, ov: r.ov} }

// ReadFile reads a file of the workspace as this root sees it.
func (r *Root) ReadFile(path string) ([]byte, error) { return r.ov.readFile(path) }

// Parses is the parse cache the root's templates are parsed through.
func (r *Root) Parses() *render.ParseCache { return r.parses }

// Load returns the chart tree. It applies the files changed since an
// earlier snapshot to that snapshot's chart when it can, else loads the
// folder through FS.
func (r *Root) Load() *Loaded {
	l, _ := r.loaded.get(context.Background(), func(context.Context) (*Loaded, error) {
		l := r.derive()
		if l == nil {
			c, err := chart.LoadDir(r.FS(), r.loadOptions())
			l = &Loaded{Chart: c, Err: err}
		}
		r.mu.Lock()
		r.base, r.changed = nil, nil // let the earlier snapshots go
		r.mu.Unlock()
		return l, nil
	})
	return l
}

// loadOptions are the options the root's chart tree loads with. An open
// document's byte order mark counts in its positions, as the editor sent
// it; a file on disk is shown by editors without its mark.
func (r *Root) loadOptions() chart.Options {
	return chart.Options{
		FirstValuesDocument: r.Config.Helm3,
		FileSizeLimit:       r.Config.Helm3,
		EditorBOM: func(path string) bool {
			_, open := r.ov[filepath.Join(r.Dir, filepath.FromSlash(path))]
			return open
		},
	}
}

// derive applies the changed files to the base's chart, nil when that
// cannot be done.
func (r *Root) derive() *Loaded {
	r.mu.Lock()
	base, changed := r.base, r.changed
	r.mu.Unlock()
	if base == nil || len(changed) > maxPendingChanges {
		return nil
	}
	prev := base.Load()
	if prev.Err != nil || prev.Chart == nil {
		return nil
	}
	c := prev.Chart
	for _, rel := range changed {
		data, err := r.ReadFile(filepath.Join(r.Dir, filepath.FromSlash(rel)))
		if err != nil {
			return nil
		}
		if c, err = c.WithFile(rel, data, r.loadOptions()); err != nil {
			return nil
		}
	}
	return &Loaded{Chart: c}
}

// Index returns the cross-reference index of the tree's templates, nil
// when the chart did not load. Only the roots used last keep theirs
// (MaxWarmRoots): the others build it again.
func (r *Root) Index() *refs.Index {
	defer r.warm.use(r)
	ix, _ := r.index.get(context.Background(), func(context.Context) (*refs.Index, error) {
		l := r.Load()
		if l.Chart == nil || l.Chart.Metadata == nil || l.Err != nil {
			return nil, nil
		}
		ix := refs.BuildWith(l.Chart, r.parses)
		r.latest.recordIndex(r.gen, l.Chart, ix)
		return ix, nil
	})
	return ix
}

// FileAt returns the chart of the tree whose folder holds the file at path
// (absolute), and the file, as loaded; nil when the file is not part of
// the loaded tree.
func (r *Root) FileAt(path string) (*chart.Chart, *source.File) {
	rel, err := filepath.Rel(r.Dir, path)
	if err != nil || !filepath.IsLocal(rel) {
		return nil, nil
	}
	l := r.Load()
	if l.Chart == nil {
		return nil, nil
	}
	return fileIn(l.Chart, filepath.ToSlash(rel))
}

// holds reports whether the root's chart is loaded, without error, with
// the file at path (absolute) holding the text ov reads for it.
func (r *Root) holds(path string, ov overlays) bool {
	l, _, done := r.loaded.known()
	rel, err := filepath.Rel(r.Dir, path)
	if !done || l.Chart == nil || l.Err != nil || err != nil || !filepath.IsLocal(rel) {
		return false
	}
	_, f := fileIn(l.Chart, filepath.ToSlash(rel))
	if f == nil {
		return false
	}
	text, err := ov.readFile(path)
	return err == nil && bytes.Equal(text, f.Data)
}

// fileIn finds the file at a Path in the tree c.
func fileIn(c *chart.Chart, rel string) (*chart.Chart, *source.File) {
	for _, f := range c.Raw {
		if f.Path == rel {
			return c, f
		}
	}
	for _, s := range c.Subcharts {
		if s.Dir != "" && len(rel) > len(s.Dir) && rel[:len(s.Dir)+1] == s.Dir+"/" {
			return fileIn(s, rel)
		}
	}
	return nil, nil
}

// Path returns the absolute path of a file of the tree, and whether it is
// a file on disk rather than inside a chart archive.
func (r *Root) Path(f *source.File) (string, bool) {
	p := filepath.Join(r.Dir, filepath.FromSlash(f.Path))
	for dir := filepath.Dir(f.Path); dir != "."; dir = filepath.Dir(dir) {
		if filepath.Ext(dir) == ".tgz" {
			return p, false
		}
	}
	return p, true
}

// SyntaxErrors returns the parse errors of the tree's templates, every
// file's; nil when the chart did not load far enough to have templates.
func (r *Root) SyntaxErrors() render.Errors {
	errs, _ := r.syntax.get(context.Background(), func(context.Context) (render.Errors, error) {
		l := r.Load()
		if l.Chart == nil || l.Chart.Metadata == nil {
			return nil, nil
		}
		var templates []chart.NamedTemplate
		walkCharts(l.Chart, func(c *chart.Chart) { templates = append(templates, c.RenderedTemplates()...) })
		return render.SyntaxErrors(templates, r.parses), nil
	})
	return errs
}

// Lint returns the findings of the chart's lint: quick ones (the rules that
// need no render) or all of them. Each values set of the configuration is
// linted, as `chartwright lint` does. A whole lint records the CRDs its
// renders produced, for KubeSchemas.
func (r *Root) Lint(ctx context.Context, enabled []*lint.Rule, full bool) ([]lint.Finding, error) {
	memo := &r.quick
	if full {
		memo = &r.full
	}
	return memo.get(ctx, func(ctx context.Context) ([]lint.Finding, error) {
		l := r.Load()
		sets, err := r.valuesSets()
		if err != nil {
			// ConfigProblem says which file cannot be read; the chart's
			// own values are linted meanwhile.
			sets = sets[:1]
		}
		res, err := lint.RunChart(ctx, lint.Target{Path: r.Dir, Dir: r.Dir, FS: r.FS(), Chart: l.Chart, LoadErr: l.Err}, lint.Options{
			Rules: enabled, Config: r.Config.Lint, Helm3: r.Config.Helm3, KubeVersion: r.Config.KubeVersion,
			ValuesSets: sets, NoRender: !full, Parses: r.parses, Index: r.Index(), RenderedCRDs: rules.RenderedCRDs,
		})
		if errors.Is(err, lint.ErrNotChart) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if full {
			r.latest.recordRenderedCRDs(r.gen, res.RenderedCRDs)
		}
		return res.Findings, nil
	})
}

// Linted returns the findings of the chart's lint when it has run on this
// root, quick or whole, without running it; ok is false when it has not.
func (r *Root) Linted(full bool) (findings []lint.Finding, ok bool) {
	memo := &r.quick
	if full {
		memo = &r.full
	}
	findings, err, done := memo.known()
	return findings, done && err == nil
}

// ConfigProblem is what keeps `chartwright lint` from running with the
// configuration that applies to the root, nil when nothing: a
// .chartwright.yaml that cannot be read or names an unknown rule, or a
// values file it names that is missing (the problem is then the
// configuration's) or does not parse (then the values file's, at its line).
func (r *Root) ConfigProblem() *lint.ConfigError {
	if r.Config.Problem != nil {
		return r.Config.Problem
	}
	_, err := r.valuesSets()
	if err == nil || !r.Config.SeparateSets { // the editor's values files are not the file's mistake
		return nil
	}
	if problem, ok := err.(*lint.ConfigError); ok {
		return problem
	}
	return &lint.ConfigError{Path: r.Config.File, Message: err.Error()}
}

// yamlErrorLine finds the line a YAML decoder's error names.
var yamlErrorLine = regexp.MustCompile(`yaml: line (\d+):`)

// parseProblem is the error of a values file that does not parse, at the
// line the decoder names.
func parseProblem(path string, err error) *lint.ConfigError {
	problem := &lint.ConfigError{Path: path, Message: err.Error()}
	if m := yamlErrorLine.FindStringSubmatch(err.Error()); m != nil {
		problem.Line, _ = strconv.Atoi(m[1])
	}
	return problem
}

// valuesSets are the values sets to lint with: the chart's defaults, then
// each values file of .chartwright.yaml, or the editor's values files
// together. On error, the sets read so far are returned, the defaults
// first.
func (r *Root) valuesSets() ([]lint.ValuesSet, error) {
	sets := []lint.ValuesSet{{Name: lint.DefaultValuesSet}}
	opts := values.Options{Helm3: r.Config.Helm3}
	groups := [][]string{r.Config.ValuesFiles}
	if r.Config.SeparateSets {
		groups = nil
		for _, f := range r.Config.ValuesFiles {
			groups = append(groups, []string{f})
		}
	}
	for _, files := range groups {
		if len(files) == 0 {
			continue
		}
		vals, err := values.Flags{ValueFiles: files}.Merge(r.ReadFile, opts)
		var missing *fs.PathError
		switch {
		case err != nil && len(files) == 1 && !errors.As(err, &missing):
			return sets, parseProblem(files[0], err)
		case err != nil:
			return sets, err
		}
		names := make([]string, len(files))
		sources := make([]lint.ValuesSource, len(files))
		for i, f := range files {
			names[i] = f
			if rel, err := filepath.Rel(r.Dir, f); err == nil && filepath.IsLocal(rel) {
				names[i] = filepath.ToSlash(rel)
			}
			if sources[i], err = r.valuesSource(f); err != nil {
				return sets, err
			}
		}
		sets = append(sets, lint.ValuesSet{Name: strings.Join(names, "+"), Values: vals, Sources: sources})
	}
	return sets, nil
}

// valuesSource is a values file of the settings as rules see it (the
// unsaved text when it is open), its path relative to the chart folder,
// so that findings in it (values-unknown-override) reach its editor.
func (r *Root) valuesSource(name string) (lint.ValuesSource, error) {
	data, err := r.ReadFile(name)
	if err != nil {
		return lint.ValuesSource{}, err
	}
	rel, err := filepath.Rel(r.Dir, name)
	if err != nil {
		rel = name
	}
	return lint.ValuesSource{File: source.NewFile(filepath.ToSlash(rel), data)}, nil
}
