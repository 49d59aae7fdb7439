package lint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/cache"
	"github.com/chartwright/chartwright/internal/cores"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/refs"
	"github.com/chartwright/chartwright/render/values"
	"github.com/chartwright/chartwright/schema"
)

// DefaultValuesSet names the values set of the chart's own defaults.
const DefaultValuesSet = "default"

// ValuesSet is one set of user values to lint the chart with, as -f and
// --set give helm lint.
type ValuesSet struct {
	Name   string
	Values map[string]any
	// Sources are the user's values files and --set flags that make up
	// Values, one by one, so that rules can point into them; empty when
	// the caller does not say.
	Sources []ValuesSource
}

// ValuesSource is one values file or --set family flag the user gave.
type ValuesSource struct {
	// File is a values file (-f, ci/*-values.yaml, a values file of the
	// configuration), its Path relative to the chart folder; nil for a flag.
	File *source.File
	// Flag is a --set family flag as given ("--set image.tag=1"), "" for a
	// file.
	Flag string
	// Values are the values the flag sets; files are read from File.
	Values map[string]any
}

// Options are the inputs of a lint run beyond the chart.
type Options struct {
	// Rules are the rules to run, usually rules.All().
	Rules []*Rule
	// Config adjusts rule severities; nil means the defaults.
	Config *Config
	// Helm3 reproduces helm lint v3.22.0; the default is v4.3.1.
	Helm3 bool
	// KubeVersion is the target Kubernetes version; "" means Helm's default.
	KubeVersion string
	// APIVersions are added to the render's .Capabilities.APIVersions, as
	// helm template's --api-versions.
	APIVersions []string
	// SchemaLocations are folders of schemas for custom resources, in
	// kubeconform's layouts (schema.Options); unused when Schemas is set.
	SchemaLocations []string
	// Namespace is the release namespace ("default" if empty).
	Namespace string
	// SkipSchemaValidation is helm lint's --skip-schema-validation.
	SkipSchemaValidation bool
	// ValuesSets are linted in order; empty means the chart's defaults only.
	ValuesSets []ValuesSet
	// MaxOutput bounds the bytes a render writes (render.Options.MaxOutput);
	// 0 means render.MaxOutput.
	MaxOutput int64
	// NoRender lints without rendering the chart: the rules that need a
	// render find nothing, and the others are quick enough to run on every
	// keystroke in an editor.
	NoRender bool
	// Parses holds the templates' parse trees across runs (it must be made
	// for the Helm mode); nil means a cache of the run's own.
	Parses *render.ParseCache
	// Schemas validates manifests; nil means a validator of the run's own,
	// for KubeVersion.
	Schemas *schema.Validator
	// Index is the chart's cross-reference index, refs.BuildWith(chart,
	// Parses), when the caller has it (the language server's snapshot
	// builds it for its features); nil means the run builds it once.
	Index *refs.Index
	// RenderedCRDs, when set, reads the CustomResourceDefinitions of each
	// values set's render (rules.RenderedCRDs gives them as the manifest
	// rules decode them), for Result.RenderedCRDs; unused with NoRender.
	RenderedCRDs func(*Pass) RenderedCRDs
}

// RenderedCRDs are the CustomResourceDefinitions a chart's renders
// produced, for callers that know custom resources beyond the lint's
// findings (the language server's hover and completion).
type RenderedCRDs struct {
	// Texts are the CRD documents as rendered, each text once, in the
	// order of the values sets and of the rendered files.
	Texts []string
	// Partial is set when a render stopped at an error or did not run (the
	// chart did not load): the CRDs of what did not render are missing.
	Partial bool
}

// add adds the CRDs of another render.
func (c *RenderedCRDs) add(more RenderedCRDs) {
	for _, text := range more.Texts {
		if !slices.Contains(c.Texts, text) {
			c.Texts = append(c.Texts, text)
		}
	}
	c.Partial = c.Partial || more.Partial
}

// Result is the lint of one chart.
type Result struct {
	// Path is the chart path as the caller gave it; Dir is absolute.
	Path, Dir string
	// ValuesSets are the names of the values sets linted, in order.
	ValuesSets []string
	// Findings are sorted by file, line, column and rule.
	Findings []Finding

	archive bool // the chart was read from an archive
	// Err, set by callers that report charts they could not lint beside
	// the others (helm lint prints them in its output), says why the chart
	// was not linted; Findings are then empty.
	Err error
	// HelmRepeats are the messages by which helm lint repeats a problem
	// that a finding reports (HelmMessage.Repeat): one problem is one
	// finding, and only helm's output shows these.
	HelmRepeats []Finding
	// HelmLog are the lines helm lint writes to stderr while it lints the
	// chart (with the first values set), in its version's format.
	HelmLog []string
	// RenderedCRDs are what Options.RenderedCRDs read from the renders.
	RenderedCRDs RenderedCRDs
}

// ErrNotChart is returned for a path that holds no Chart.yaml.
var ErrNotChart = errors.New("not a chart")

// Target is a chart folder to lint, read through FS (the language server's
// overlay of unsaved editor buffers on the disk) and loaded by the caller.
type Target struct {
	// Path names the chart as the caller shows it; Dir is its absolute
	// folder, which Helm prints in some messages.
	Path, Dir string
	// FS holds the chart folder's files: lint reads its layout there, and
	// the top files of a chart that does not load.
	FS fs.FS
	// Chart and LoadErr are what chart.LoadDir returned for FS.
	Chart   *chart.Chart
	LoadErr error
}

// Run lints the chart at path (a directory or .tgz archive). An error means
// the chart could not be linted at all (no such path, not a chart); problems
// in the chart are findings, and so is a chart that does not load or that
// chartwright fails on, so that the other charts of a run are still linted.
func Run(ctx context.Context, chartPath string, opts Options) (res *Result, err error) {
	defer recoverChart(chartPath, &res, &err)
	dir, err := filepath.Abs(chartPath)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	loadOpts := chart.Options{FirstValuesDocument: opts.Helm3, FileSizeLimit: opts.Helm3}
	if fi.IsDir() {
		fsys := os.DirFS(dir)
		if folderLayout(fsys).ChartYAML == Missing {
			return nil, fmt.Errorf("%s: %w: no Chart.yaml", chartPath, ErrNotChart)
		}
		c, loadErr := chart.Load(dir, loadOpts) // LoadDir(fsys), with large files mapped
		return RunChart(ctx, Target{Path: chartPath, Dir: dir, FS: fsys, Chart: c, LoadErr: loadErr}, opts)
	}
	c, err := chart.LoadArchiveFile(chartPath, loadOpts)
	if err != nil {
		return lintUnloadedArchive(ctx, chartPath, dir, err, opts)
	}
	return lintChart(ctx, &Result{Path: chartPath, Dir: dir, archive: true}, c, nil, archiveLayout(fileNames(c.Raw)), opts)
}

// lintUnloadedArchive lints an archive whose files read but whose chart
// does not load from them (a subchart or a values file that does not
// parse) as Helm lints it: Helm extracts the files and lints the folder,
// so the Chart.yaml and values rules run and the load error is one of
// their messages. An archive that does not read could not be linted.
func lintUnloadedArchive(ctx context.Context, chartPath, dir string, loadErr error, opts Options) (*Result, error) {
	files, err := readArchiveFile(chartPath)
	if err != nil {
		return chartFailed(chartPath, dir, fmt.Errorf("load chart %q: %w", chartPath, loadErr)), nil
	}
	c := &chart.Chart{}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if slices.Contains(rawChartFiles, f.Name) {
			c.Raw = append(c.Raw, source.NewFile(f.Name, f.Data))
		}
	}
	return lintChart(ctx, &Result{Path: chartPath, Dir: dir, archive: true}, c, loadErr, archiveLayout(names), opts)
}

// readArchiveFile reads the files of the chart archive at path.
func readArchiveFile(path string) ([]*chart.LoadedFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return chart.ReadArchive(f)
}

// chartLoad is the rule whose finding says that a chart could not be
// linted: it did not load, or chartwright failed on it.
const chartLoad RuleID = "chart-load"

// chartFailed is the result of a chart that could not be linted: one
// error finding saying why.
func chartFailed(path, dir string, err error) *Result {
	return &Result{Path: path, Dir: dir, ValuesSets: []string{DefaultValuesSet}, Findings: []Finding{{
		Rule: chartLoad, Severity: Error, Message: err.Error(), ValuesSets: []string{DefaultValuesSet},
	}}}
}

// PanicError is a panic of chartwright's own code while linting a chart,
// recovered so that the run goes on with the other charts.
type PanicError struct {
	// Where names what was running: a rule, the render, the chart.
	Where string
	Value any
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("internal error in %s: %v (please report this chart to chartwright)", e.Where, e.Value)
}

// recoverChart turns a panic while linting the chart at path into a
// result of one finding.
func recoverChart(path string, res **Result, err *error) {
	if v := recover(); v != nil {
		dir, _ := filepath.Abs(path)
		*res, *err = chartFailed(path, dir, &PanicError{Where: "linting " + path, Value: v}), nil
	}
}

// RunChart lints a chart folder loaded by the caller.
func RunChart(ctx context.Context, t Target, opts Options) (res *Result, err error) {
	defer recoverChart(t.Path, &res, &err)
	layout := folderLayout(t.FS)
	if layout.ChartYAML == Missing {
		return nil, fmt.Errorf("%s: %w: no Chart.yaml", t.Path, ErrNotChart)
	}
	c := t.Chart
	if c == nil {
		c = rawChart(t.FS)
		var logged *chart.LoggedError
		if errors.As(t.LoadErr, &logged) {
			c.LoadLog = logged.Log // Helm logs it each time it loads the chart
		}
	}
	return lintChart(ctx, &Result{Path: t.Path, Dir: t.Dir}, c, t.LoadErr, layout, opts)
}

// lintChart runs the rules on a chart once per values set.
func lintChart(ctx context.Context, res *Result, c *chart.Chart, loadErr error, layout Layout, opts Options) (*Result, error) {
	sets := opts.ValuesSets
	if len(sets) == 0 {
		sets = []ValuesSet{{Name: DefaultValuesSet}}
	}
	for _, vs := range sets {
		res.ValuesSets = append(res.ValuesSets, vs.Name)
	}
	validator := opts.Schemas
	if validator == nil {
		validator = schema.New(schema.Options{KubeVersion: opts.KubeVersion, SchemaLocations: opts.SchemaLocations})
	}
	parses := opts.Parses
	if parses == nil {
		parses = render.NewParseCache(opts.Helm3)
	}
	chartMemo := cache.New[any](0)
	var all []Finding
	for i, vs := range sets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var helmLog []string
		p := &Pass{
			Chart: c, LoadErr: loadErr, Dir: res.Dir, Archive: res.archive, Layout: layout, Helm3: opts.Helm3,
			KubeVersion: opts.KubeVersion, SkipSchemaValidation: opts.SkipSchemaValidation,
			ValuesSet: vs.Name, UserValues: vs.Values, UserSources: vs.Sources, Schemas: validator, Parses: parses,
			index: opts.Index, memo: cache.New[any](0), chartMemo: chartMemo, helmLog: &helmLog,
		}
		if loadErr == nil && !opts.NoRender {
			p.render = sync.OnceValue(func() *Render { return renderChart(ctx, c, vs.Values, parses, opts) })
		}
		all = append(all, runRules(p, opts)...)
		if opts.RenderedCRDs != nil && !opts.NoRender {
			res.RenderedCRDs.add(renderedCRDs(p, opts))
		}
		if i == 0 { // helm lint's values
			res.HelmLog = helmLog
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err // renders stopped half way: the findings are not all there
	}
	res.Findings, res.HelmRepeats = finish(all)
	return res, nil
}

// renderedCRDs are the CustomResourceDefinitions of a pass's render,
// once its rules have run; a pass without a render (the chart did not
// load) gives none, marked partial.
func renderedCRDs(p *Pass, opts Options) RenderedCRDs {
	if p.render == nil {
		return RenderedCRDs{Partial: true}
	}
	return opts.RenderedCRDs(p)
}

// runRules runs the enabled rules on a pass, on as many goroutines as
// package cores allows, and returns their findings in rule order, with the
// configured severities. Few workers rather than a goroutine per rule: each
// goroutine's stack grows afresh, and fresh memory costs page faults.
//
// With a second processor the refs index is built beside the rules, from
// the start, even when they run on one goroutine: it is one long job, and
// the rules that read it come late in rule order, after those that wait
// for the render. Measured on two cores over the corpus, one process per
// chart: 14% less time for 1% more CPU.
func runRules(p *Pass, opts Options) []Finding {
	var rules []*Rule
	for _, r := range opts.Rules {
		if _, on := opts.Config.severity(r); on {
			rules = append(rules, r)
		}
	}
	found := make([][]Finding, len(rules))
	var wg sync.WaitGroup
	if runtime.GOMAXPROCS(0) > 1 && slices.ContainsFunc(rules, func(r *Rule) bool { return r.ReadsIndex }) {
		wg.Go(func() { p.Index() })
	}
	cores.Each(len(rules), func(i int) {
		rp := *p
		rp.rule, rp.findings = rules[i], &found[i]
		runRule(rules[i], &rp)
	})
	wg.Wait()
	var all []Finding
	for i, r := range rules {
		sev, _ := opts.Config.severity(r)
		configured := opts.Config.configures(r)
		for _, f := range found[i] {
			if configured {
				f.Severity = sev // the user's choice replaces the rule's case by case verdict
			}
			f.ValuesSets = []string{p.ValuesSet}
			all = append(all, f)
		}
	}
	return all
}

// runRule runs one rule, turning a panic into an error finding of the
// rule, in place of those it did not get to report.
func runRule(r *Rule, p *Pass) {
	defer func() {
		if v := recover(); v != nil {
			*p.findings = []Finding{{Rule: r.ID, Severity: Error, Message: (&PanicError{Where: "rule " + string(r.ID), Value: v}).Error()}}
		}
	}()
	r.Check(p)
}

// renderChart renders the chart as helm lint does, parsing its templates
// through parses; a schema failure does not stop the render (as it stops
// Helm's), so that what rendered is kept for the other rules.
func renderChart(ctx context.Context, c *chart.Chart, user map[string]any, parses *render.ParseCache, opts Options) (r *Render) {
	defer func() {
		if v := recover(); v != nil {
			r = &Render{Err: &PanicError{Where: "the render", Value: v}}
		}
	}()
	// helm lint processes the dependencies, then coalesces twice: once
	// itself, once more when it builds the render values (a chart default
	// of null is then dropped in Helm 3 too). The first round's values are
	// fresh, so the render takes them over. Its values check has changed
	// the user's values before.
	user = values.LintUserValues(user, c.Values)
	vopts := values.Options{Helm3: opts.Helm3}
	ropts := render.Options{
		Helm3: opts.Helm3, KubeVersion: opts.KubeVersion, APIVersions: opts.APIVersions, Namespace: opts.Namespace,
		Values: user, SkipSchemaValidation: opts.SkipSchemaValidation, LintMode: true, SourceMap: true, Parses: parses, MaxOutput: opts.MaxOutput,
	}
	tree, log, err := values.ProcessDependencies(c, user, vopts)
	if err != nil { // the render fails there too, as Helm does
		rel, err := render.Template(ctx, c, ropts)
		return &Render{Release: rel, Err: err, Log: log}
	}
	cvals, coalesceLog, err := values.Coalesce(tree, user, vopts)
	log = append(log, coalesceLog...)
	if err == nil {
		ropts.Values, ropts.OwnValues = cvals, true
	}
	ropts.DependenciesProcessed = true
	rel, rerr := render.Template(ctx, tree, ropts)
	if err == nil && rel != nil {
		log = append(log, rel.Warnings...) // the second coalescing; Helm stops at a failing first
	}
	r = &Render{Release: rel, Err: rerr, Log: log}
	if rel != nil {
		r.SchemaLog, r.SchemaErr = rel.SchemaLog, rel.SchemaErr
	}
	return r
}

// folderLayout reads the layout helm lint checks from a chart folder.
func folderLayout(fsys fs.FS) Layout {
	kind := func(name string) Kind {
		fi, err := fs.Stat(fsys, name)
		switch {
		case err != nil:
			return Missing
		case fi.IsDir():
			return IsDir
		}
		return IsFile
	}
	return Layout{ChartYAML: kind("Chart.yaml"), ValuesYAML: kind("values.yaml"),
		Templates: kind("templates"), CRDs: kind("crds"), Folder: fsys}
}

// archiveLayout is the layout of an archive of these file names once Helm
// extracts it.
func archiveLayout(names []string) Layout {
	var l Layout
	for _, name := range names {
		switch {
		case name == "Chart.yaml":
			l.ChartYAML = IsFile
		case name == "values.yaml":
			l.ValuesYAML = IsFile
		case strings.HasPrefix(name, "templates/"):
			l.Templates = IsDir
		case strings.HasPrefix(name, "crds/"):
			l.CRDs = IsDir
		}
	}
	return l
}

// fileNames are the chart-relative names of files.
func fileNames(files []*source.File) []string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return names
}

// rawChartFiles are the top files of a chart that lint reads when the
// chart does not load, so that the Chart.yaml and values rules still run.
var rawChartFiles = []string{"Chart.yaml", "values.yaml", "values.schema.json"}

// rawChart holds the top-level files of a chart folder that could not be
// walked, so that the Chart.yaml and values rules still run.
func rawChart(fsys fs.FS) *chart.Chart {
	c := &chart.Chart{}
	for _, name := range rawChartFiles {
		if data, err := fs.ReadFile(fsys, name); err == nil {
			c.Raw = append(c.Raw, source.NewFile(name, data))
		}
	}
	return c
}

// finish sets paths, drops suppressed findings, merges duplicates (found
// with several values sets, or twice in one: then a helm lint message is
// kept as a repeat, since helm lint prints each), sorts, and sets Helm's
// repeats apart.
func finish(all []Finding) (findings, repeats []Finding) {
	sp := suppressor{}
	type key struct {
		rule       RuleID
		file       *source.File
		start, end int
		msg        string
	}
	index := map[key]int{}
	var out []Finding
	for _, f := range all {
		if f.Span.File != nil {
			f.Path = f.Span.File.Path
		}
		for i := range f.Related {
			if r := &f.Related[i]; r.Span.File != nil && r.Path == "" {
				r.Path = r.Span.File.Path
			}
		}
		if sp.suppressed(f) {
			continue
		}
		k := key{f.Rule, f.Span.File, f.Span.Start, f.Span.End, f.Message}
		if i, ok := index[k]; ok {
			if !containsString(out[i].ValuesSets, f.ValuesSets[0]) {
				out[i].ValuesSets = append(out[i].ValuesSets, f.ValuesSets...)
			} else if f.Helm != nil && out[i].Helm != nil {
				// The same message twice in one helm lint run (two
				// documents of one line): helm lint prints both.
				h := *f.Helm
				h.Repeat, f.Helm = true, &h
				out = append(out, f)
				continue
			}
			if out[i].Helm == nil {
				out[i].Helm = f.Helm
			}
			continue
		}
		index[k] = len(out)
		out = append(out, f)
	}
	Sort(out)
	for _, f := range out {
		if f.Helm != nil && f.Helm.Repeat {
			repeats = append(repeats, f)
		} else {
			findings = append(findings, f)
		}
	}
	return findings, repeats
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Sort orders findings by path, line, column, rule and message; findings
// without a file come first.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}
