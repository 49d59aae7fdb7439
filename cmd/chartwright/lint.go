package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/cores"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/report"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/values"
	"github.com/spf13/cobra"
)

// lintFlags are the flags of `chartwright lint`.
type lintFlags struct {
	helm            int
	namespace       string
	kube            kubeFlags
	kubeVersion     string
	apiVersions     []string
	values          values.Flags
	ciValues        bool
	skipSchema      bool
	schemaLocations []string
	formats         []string
	failOn          string
	strict          bool
	withSubcharts   bool
	quiet           bool
	explain         string
	listRules       bool
	color           string
	maxOutput       int64
}

func newLintCmd() *cobra.Command {
	f := &lintFlags{}
	cmd := &cobra.Command{
		Use:   "lint [CHART|DIR ...]",
		Short: "lint charts: every helm lint check and the mistakes Helm cannot see",
		Long: "Lint charts: every check of helm lint, and the mistakes Helm cannot see, at the template line to fix.\n" +
			"CHART is a chart directory or .tgz archive; a DIR without Chart.yaml is searched for charts (default \".\").\n" +
			"Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O errors.\n\n" +
			"Formats (--format):\n" + formatHelp(),
		RunE: runFunc(f.run),
	}
	fs := cmd.Flags()
	helmFlag(cmd, &f.helm, "lint")
	kubeConfigFlags(fs, &f.namespace, &f.kube)
	fs.StringVar(&f.kubeVersion, "kube-version", "", "target Kubernetes version (default from .chartwright.yaml, else 1.37)")
	apiVersionsFlag(fs, &f.apiVersions)
	valuesFlags(fs, &f.values)
	fs.BoolVar(&f.ciValues, "ci-values", false, "also lint once per ci/*-values.yaml of each chart, as chart-testing does")
	fs.BoolVar(&f.withSubcharts, "with-subcharts", false, "also lint the charts in each chart's charts/ folder, as helm lint does")
	fs.BoolVar(&f.skipSchema, "skip-schema-validation", false, "do not validate values against values.schema.json")
	stringArrayVarP(fs, &f.schemaLocations, "schema-location", "", "folder of JSON schemas for custom resources, in kubeconform's layouts (repeatable; see docs/schema.md)")
	stringArrayVarP(fs, &f.formats, "format", "", "output format, FORMAT or FORMAT=FILE (repeatable): "+strings.Join(report.Names(), ", ")+" (default text)")
	fs.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding is at least this severe: error, warning or info")
	fs.BoolVar(&f.strict, "strict", false, "fail on warnings: the same as --fail-on warning (helm lint's flag)")
	fs.BoolVar(&f.quiet, "quiet", false, "print only warnings and errors")
	fs.StringVar(&f.explain, "explain", "", "print the documentation of a rule and exit")
	fs.BoolVar(&f.listRules, "list-rules", false, "list the rules and exit")
	fs.StringVar(&f.color, "color", "auto", "colour the text format: auto (on a terminal, unless NO_COLOR is set), always or never")
	fs.StringVar(&f.color, "colour", "auto", "")
	fs.Bool("debug", false, "")
	_ = fs.MarkHidden("colour") // Helm's global flags, accepted so that scripts of helm lint run
	_ = fs.MarkHidden("debug")
	completeFunc(cmd, "explain", ruleIDs) // the rules are built only when completing
	completeWords(cmd, "format", report.Names())
	completeWords(cmd, "fail-on", []string{"error", "warning", "info"})
	completeWords(cmd, "color", []string{"auto", "always", "never"})
	maxOutputFlag(fs, &f.maxOutput)
	return cmd
}

func ruleIDs() []string {
	var ids []string
	for _, r := range rules.All() {
		ids = append(ids, string(r.ID))
	}
	return ids
}

// formatHelp lists the output formats, one a line, for the help.
func formatHelp() string {
	var b strings.Builder
	for _, f := range report.Formats() {
		fmt.Fprintf(&b, "  %-7s %s\n", f.Name, f.Description)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// output is one requested format and where it goes ("" for stdout).
type output struct {
	format report.Format
	file   string
}

func (f *lintFlags) run(pos []string, stdout, stderr io.Writer) int {
	all := rules.All()
	switch {
	case f.explain != "":
		r, ok := rules.Lookup(lint.RuleID(f.explain))
		if !ok {
			fmt.Fprintf(stderr, "Error: unknown rule %q; run chartwright lint --list-rules\n", f.explain)
			return 2
		}
		fmt.Fprint(stdout, r.Doc())
		return 0
	case f.listRules:
		for _, r := range all {
			fmt.Fprintf(stdout, "%-32s %-8s %-10s %s\n", r.ID, r.Severity, r.Family, r.Summary)
		}
		return 0
	}
	outputs, failOn, err := f.check()
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 2
	}
	if len(pos) == 0 && asHelm(outputs) && f.helm != 3 {
		fmt.Fprint(stderr, helm4LintNeedsPath) // Helm 3 lints ".", as chartwright does
		return 1
	}
	if err := f.checkInputs(); err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		if asHelm(outputs) {
			return 1 // helm lint's status for it
		}
		return 2
	}
	if len(pos) == 0 {
		pos = []string{"."}
	}
	if asHelm(outputs) {
		return f.runAsHelm(pos, outputs[0], all, stdout, stderr)
	}
	return f.runAll(pos, outputs, failOn, all, stdout, stderr)
}

// helm4LintNeedsPath is what helm lint v4 prints without a path: its
// command requires one.
const helm4LintNeedsPath = "Error: \"helm lint\" requires at least 1 argument\n\nUsage:  helm lint PATH [flags]\n"

// runAll lints the charts the arguments name or hold, writes the results in
// every format and returns the exit status: 2 when an argument holds no
// chart or a chart could not be linted (the others are still reported),
// else 1 with a finding at or above failOn.
func (f *lintFlags) runAll(pos []string, outputs []output, failOn lint.Severity, all []*lint.Rule, stdout, stderr io.Writer) int {
	charts, notFound := findCharts(pos)
	for _, err := range notFound {
		fmt.Fprintf(stderr, "Error: %v\n", err)
	}
	if f.withSubcharts {
		charts = withSubcharts(charts)
	}
	results := f.lintAll(context.Background(), charts, nil, all)
	status := 0
	if len(notFound) > 0 {
		status = 2
	}
	var linted []*lint.Result
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(stderr, "Error: %v\n", r.Err)
			status = 2
			continue
		}
		linted = append(linted, r)
		if status == 0 && failsAt(r, failOn) {
			status = 1
		}
	}
	if err := f.writeAll(outputs, linted, all, stdout, nil); err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 2
	}
	return status
}

// asHelm reports whether helm lint's output is the only output: lint then
// stands in for helm lint, paths and exit status included.
func asHelm(outputs []output) bool {
	return len(outputs) == 1 && outputs[0].format.Name == "helm"
}

// runAsHelm lints each path as helm lint does: a path that is not a chart
// is reported in the output, and the exit status is 1 only when Helm fails
// a chart (chartwright's own findings never change it).
func (f *lintFlags) runAsHelm(paths []string, out output, all []*lint.Rule, stdout, stderr io.Writer) int {
	if f.withSubcharts {
		paths = withSubcharts(paths)
	}
	helm3 := f.helm == 3
	check := func(path string) error { return helmCheck(path, helm3) }
	results := f.lintAll(context.Background(), paths, check, all)
	if err := f.writeAll([]output{out}, results, all, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 2
	}
	failed := 0
	for _, r := range results {
		if report.HelmFailed(r, f.strict) {
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "Error: %d chart(s) linted, %d chart(s) failed\n", len(results), failed)
		return 1
	}
	return 0
}

// writeAll writes the results in every requested format; helmLog, when not
// nil, gets the lines helm lint writes to stderr (see report.Options).
func (f *lintFlags) writeAll(outputs []output, results []*lint.Result, all []*lint.Rule, stdout, helmLog io.Writer) error {
	color := useColor(f.color, isTerminal(stdout), os.Getenv("NO_COLOR"))
	ropts := report.Options{Color: color, Rules: all, Version: currentVersion(), Strict: f.strict, Quiet: f.quiet, HelmLog: helmLog}
	quiet := results
	if f.quiet {
		quiet = report.WithoutInfo(results)
	}
	for _, o := range outputs {
		shown := quiet
		if o.format.Name == "helm" { // helm lint's --quiet goes by Helm's severities: the format applies it
			shown = results
		}
		if err := write(o, shown, ropts, stdout); err != nil {
			return err
		}
	}
	return nil
}

// failsAt reports whether the chart has a finding at least as severe as failOn.
func failsAt(r *lint.Result, failOn lint.Severity) bool {
	for _, fd := range r.Findings {
		if fd.Severity >= failOn {
			return true
		}
	}
	return false
}

// checkInputs checks, before any chart is linted, what helm lint checks
// first: --kube-version (with Helm's message) and the user's values (-f,
// --set), merged here once more for each chart.
func (f *lintFlags) checkInputs() error {
	if f.kubeVersion != "" {
		if _, err := render.ParseKubeVersion(f.kubeVersion); err != nil {
			return fmt.Errorf("invalid kube version '%s': %w", f.kubeVersion, err)
		}
	}
	_, err := f.values.Merge(valuesReader(), values.Options{Helm3: f.helm == 3})
	return err
}

// check validates the flags and parses --format and --fail-on.
func (f *lintFlags) check() ([]output, lint.Severity, error) {
	failOn, err := lint.ParseSeverity(f.failOn)
	if err != nil {
		return nil, 0, fmt.Errorf("--fail-on: %w", err)
	}
	if f.strict {
		failOn = lint.Warning
	}
	if f.color != "auto" && f.color != "always" && f.color != "never" {
		return nil, 0, fmt.Errorf("--color must be auto, always or never, not %q", f.color)
	}
	specs := f.formats
	if len(specs) == 0 {
		specs = []string{"text"}
	}
	var outs []output
	for _, spec := range specs {
		name, file, _ := strings.Cut(spec, "=")
		format, ok := report.Lookup(name)
		if !ok {
			return nil, 0, fmt.Errorf("unknown --format %q (want %s)", name, strings.Join(report.Names(), ", "))
		}
		outs = append(outs, output{format: format, file: file})
	}
	return outs, failOn, nil
}

func write(o output, results []*lint.Result, opts report.Options, stdout io.Writer) error {
	if o.file == "" {
		return o.format.New(opts).Report(stdout, results)
	}
	opts.Color = false
	fh, err := os.Create(o.file)
	if err != nil {
		return err
	}
	if err := o.format.New(opts).Report(fh, results); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// findCharts expands the arguments: a chart directory or archive is itself;
// another directory is searched for chart directories (not inside charts/
// of a chart found). An argument that names no chart is an error, and the
// others are still expanded.
func findCharts(args []string) (charts []string, errs []error) {
	for _, a := range args {
		found, err := chartsAt(a)
		if err != nil {
			errs = append(errs, err)
		}
		charts = append(charts, found...)
	}
	return charts, errs
}

func chartsAt(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() || isChartDir(path) {
		return []string{path}, nil
	}
	var found []string
	err = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && isChartDir(p) {
			found = append(found, p)
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("%s: no chart found (no Chart.yaml in it or below)", path)
	}
	sort.Strings(found)
	return found, nil
}

func isChartDir(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "Chart.yaml"))
	return err == nil
}

// withSubcharts adds the charts below each path's charts/ folder, at any
// depth, as helm lint --with-subcharts does: every folder holding a
// Chart.yaml and every archive, after the paths given.
func withSubcharts(paths []string) []string {
	all := slices.Clone(paths)
	for _, p := range paths {
		filepath.WalkDir(filepath.Join(p, "charts"), func(path string, d os.DirEntry, err error) error {
			switch {
			case err != nil:
				return nil // helm lint goes on
			case d.Name() == "Chart.yaml":
				all = append(all, filepath.Dir(path))
			case strings.HasSuffix(path, ".tgz") || strings.HasSuffix(path, ".tar.gz"):
				all = append(all, path)
			}
			return nil
		})
	}
	return all
}

// helmCheck fails, as helm lint does before linting, for a path that is
// not a chart: an archive that does not open or extract, or a folder
// without Chart.yaml.
func helmCheck(path string, helm3 bool) error {
	if strings.HasSuffix(path, ".tgz") || strings.HasSuffix(path, ".tar.gz") {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("unable to open tarball: %w", err)
		}
		defer f.Close()
		if _, err := chart.ArchiveChartName(f, helm3); err != nil {
			return fmt.Errorf("unable to extract tarball: %w", err)
		}
		return nil
	}
	if _, err := os.Stat(filepath.Join(path, "Chart.yaml")); err != nil {
		return fmt.Errorf("unable to check Chart.yaml file in chart: %w", err)
	}
	return nil
}

// lintAll lints the charts in parallel (at most GOMAXPROCS at once) and
// returns the results in argument order; a chart that could not be linted,
// or that check (if not nil) refuses, has a result with Err set.
func (f *lintFlags) lintAll(ctx context.Context, charts []string, check func(string) error, all []*lint.Rule) []*lint.Result {
	switch {
	case len(charts) == 1:
		cores.Limit(1) // see package cores
	case len(charts) > 1:
		// A chart on each core. Garbage grows with every chart: without
		// collection, fresh memory's page faults cost more than a
		// collector working four times less often than Go's default.
		debug.SetGCPercent(400)
	}
	results := make([]*lint.Result, len(charts))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, c := range charts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i] = f.lintOne(ctx, c, check, all)
		}()
	}
	wg.Wait()
	return results
}

// lintOne lints one chart; a chart that check refuses or that could not be
// linted is a result with Err set.
func (f *lintFlags) lintOne(ctx context.Context, path string, check func(string) error, all []*lint.Rule) *lint.Result {
	if check != nil {
		if err := check(path); err != nil {
			return &lint.Result{Path: path, Err: err}
		}
	}
	r, err := f.lintChart(ctx, path, all)
	if err != nil {
		return &lint.Result{Path: path, Err: err}
	}
	return r
}

func (f *lintFlags) lintChart(ctx context.Context, path string, all []*lint.Rule) (*lint.Result, error) {
	dir := path
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		dir = filepath.Dir(path)
	}
	cfg, err := lint.FindConfig(dir)
	if err != nil {
		return nil, err
	}
	if err := cfg.Check(all); err != nil {
		return nil, err
	}
	helm3 := f.helm == 3
	sets, err := f.valuesSets(dir, cfg, helm3)
	if err != nil {
		return nil, err
	}
	kubeVersion := f.kubeVersion
	if kubeVersion == "" {
		kubeVersion = cfg.KubeVersion
	}
	return lint.Run(ctx, path, lint.Options{
		Rules: all, Config: cfg, Helm3: helm3, KubeVersion: kubeVersion, APIVersions: f.apiVersions,
		Namespace: f.kube.namespaceOr(f.namespace), SkipSchemaValidation: f.skipSchema, SchemaLocations: f.schemaLocations,
		ValuesSets: sets, MaxOutput: f.maxOutput << 20,
	})
}

// valuesSets are the user's values (-f, --set) and, with --ci-values, one
// set per ci/*-values.yaml, and one per values file of the configuration;
// the user's --set flags apply to every set.
func (f *lintFlags) valuesSets(dir string, cfg *lint.Config, helm3 bool) ([]lint.ValuesSet, error) {
	vopts := values.Options{Helm3: helm3}
	user, err := f.values.Merge(valuesReader(), vopts)
	if err != nil {
		return nil, err
	}
	flagSources, err := setFlagSources(f.values, vopts)
	if err != nil {
		return nil, err
	}
	src := valuesSources{dir: dir, flags: flagSources, files: map[string]*source.File{}}
	sources, err := src.of(f.values.ValueFiles)
	if err != nil {
		return nil, err
	}
	sets := []lint.ValuesSet{{Name: lint.DefaultValuesSet, Values: user, Sources: sources}}
	var extra []string
	if f.ciValues {
		matches, _ := filepath.Glob(filepath.Join(dir, "ci", "*-values.yaml"))
		sort.Strings(matches)
		extra = append(extra, matches...)
	}
	extra = append(extra, cfg.ValuesFiles...)
	for _, file := range extra {
		flags := f.values
		flags.ValueFiles = append([]string{file}, f.values.ValueFiles...)
		vals, err := flags.Merge(valuesReader(), vopts)
		if err != nil {
			return nil, err
		}
		name := file
		if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
			name = filepath.ToSlash(rel)
		}
		sources, err := src.of(flags.ValueFiles)
		if err != nil {
			return nil, err
		}
		sets = append(sets, lint.ValuesSet{Name: name, Values: vals, Sources: sources})
	}
	return sets, nil
}

// valuesSources makes the sources of values sets for rules that point into
// the user's values: one source.File per values file, shared by the sets.
type valuesSources struct {
	dir   string
	flags []lint.ValuesSource
	files map[string]*source.File
}

// of returns the sources of a set: its values files, then the flags.
func (v valuesSources) of(files []string) ([]lint.ValuesSource, error) {
	var out []lint.ValuesSource
	for _, name := range files {
		f, ok := v.files[name]
		if !ok {
			data, err := valuesReader()(name)
			if err != nil {
				return nil, err
			}
			f = source.NewFile(valuesFilePath(v.dir, name), data)
			v.files[name] = f
		}
		out = append(out, lint.ValuesSource{File: f})
	}
	return append(out, v.flags...), nil
}

// setFlagSources are the --set family flags one by one, with what each sets.
func setFlagSources(all values.Flags, vopts values.Options) ([]lint.ValuesSource, error) {
	var out []lint.ValuesSource
	for _, family := range []struct {
		flag string
		list []string
		one  func(string) values.Flags
	}{
		{"--set", all.Set, func(v string) values.Flags { return values.Flags{Set: []string{v}} }},
		{"--set-string", all.SetString, func(v string) values.Flags { return values.Flags{SetString: []string{v}} }},
		{"--set-file", all.SetFile, func(v string) values.Flags { return values.Flags{SetFile: []string{v}} }},
		{"--set-json", all.SetJSON, func(v string) values.Flags { return values.Flags{SetJSON: []string{v}} }},
		{"--set-literal", all.SetLiteral, func(v string) values.Flags { return values.Flags{SetLiteral: []string{v}} }},
	} {
		for _, v := range family.list {
			vals, err := family.one(v).Merge(valuesReader(), vopts)
			if err != nil {
				return nil, err
			}
			out = append(out, lint.ValuesSource{Flag: family.flag + " " + v, Values: vals})
		}
	}
	return out, nil
}

// valuesFilePath is how findings name a values file: its relativePath, or
// <stdin> for "-".
func valuesFilePath(dir, name string) string {
	if strings.TrimSpace(name) == "-" {
		return "<stdin>"
	}
	return relativePath(dir, name)
}

// relativePath is a file's path from the chart folder, slash separated.
func relativePath(dir, name string) string {
	absDir, err1 := filepath.Abs(dir)
	absName, err2 := filepath.Abs(name)
	if rel, err := filepath.Rel(absDir, absName); err1 == nil && err2 == nil && err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(name)
}

// useColor decides on colours: --color always or never, or, by default,
// on a terminal unless NO_COLOR is set to something (no-color.org).
func useColor(mode string, terminal bool, noColor string) bool {
	return mode == "always" || mode == "auto" && terminal && noColor == ""
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
