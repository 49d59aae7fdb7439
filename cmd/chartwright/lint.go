package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/report"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/render/values"
)

// lintFlags are the flags of `chartwright lint`.
type lintFlags struct {
	helm        int
	namespace   string
	kubeVersion string
	values      values.Flags
	ciValues    bool
	skipSchema  bool
	formats     []string
	failOn      string
	explain     string
	listRules   bool
	color       string
	maxOutput   int64
}

func newLintFlags(stderr io.Writer) (*flagSet, *lintFlags) {
	fs := newFlagSet("lint", "chartwright lint [CHART|DIR ...] [flags]",
		"Lint charts: every check of helm lint, and the mistakes Helm cannot see, at the template line to fix.\n"+
			"CHART is a chart directory or .tgz archive; a DIR without Chart.yaml is searched for charts (default \".\").\n"+
			"Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O errors.", stderr)
	f := &lintFlags{}
	fs.helmFlag(&f.helm, "lint")
	fs.StringVar(&f.namespace, "namespace", "default", "namespace of the release")
	fs.alias("n", "namespace")
	fs.StringVar(&f.kubeVersion, "kube-version", "", "target Kubernetes version (default from .chartwright.yaml, else 1.37)")
	fs.valuesFlags(&f.values)
	fs.BoolVar(&f.ciValues, "ci-values", false, "also lint once per ci/*-values.yaml of each chart, as chart-testing does")
	fs.BoolVar(&f.skipSchema, "skip-schema-validation", false, "do not validate values against values.schema.json")
	fs.list(&f.formats, "format", false, "output format, FORMAT or FORMAT=FILE (repeatable): "+strings.Join(formatHelp(), "; "))
	fs.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding is at least this severe: error, warning or info")
	fs.StringVar(&f.explain, "explain", "", "print the documentation of a rule and exit")
	fs.BoolVar(&f.listRules, "list-rules", false, "list the rules and exit")
	fs.StringVar(&f.color, "color", "auto", "colour the text format: auto, always or never")
	fs.maxOutputFlag(&f.maxOutput)
	return fs, f
}

func formatHelp() []string {
	var out []string
	for _, f := range report.Formats() {
		out = append(out, f.Name+" ("+f.Description+")")
	}
	return out
}

// output is one requested format and where it goes ("" for stdout).
type output struct {
	format report.Format
	file   string
}

func runLint(args []string, stdout, stderr io.Writer) int {
	fs, f := newLintFlags(stderr)
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return exitCode(err)
	}
	all := rules.All()
	switch {
	case f.explain != "":
		r, ok := rules.Lookup(lint.RuleID(f.explain))
		if !ok {
			fmt.Fprintf(stderr, "Error: unknown rule %q; run chartwright lint --list-rules\n", f.explain)
			return 2
		}
		fmt.Fprint(stdout, r.Doc)
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
	if len(pos) == 0 {
		pos = []string{"."}
	}
	charts, err := findCharts(pos)
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 2
	}
	if len(charts) > 1 {
		// Garbage grows with every chart: without collection, fresh memory's
		// page faults cost more than a collector working four times less
		// often than Go's default.
		debug.SetGCPercent(400)
	}
	results, err := f.lintAll(context.Background(), charts, all)
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 2
	}
	color := f.color == "always" || f.color == "auto" && isTerminal(stdout)
	ropts := report.Options{Color: color, Rules: all, Version: currentVersion()}
	for _, o := range outputs {
		if err := write(o, results, ropts, stdout); err != nil {
			fmt.Fprintf(stderr, "Error: %v\n", err)
			return 2
		}
	}
	for _, r := range results {
		for _, fd := range r.Findings {
			if fd.Severity >= failOn {
				return 1
			}
		}
	}
	return 0
}

// check validates the flags and parses --format and --fail-on.
func (f *lintFlags) check() ([]output, lint.Severity, error) {
	failOn, err := lint.ParseSeverity(f.failOn)
	if err != nil {
		return nil, 0, fmt.Errorf("--fail-on: %w", err)
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
// of a chart found).
func findCharts(args []string) ([]string, error) {
	var charts []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			charts = append(charts, a)
			continue
		}
		if isChartDir(a) {
			charts = append(charts, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
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
			return nil, fmt.Errorf("%s: no chart found (no Chart.yaml in it or below)", a)
		}
		sort.Strings(found)
		charts = append(charts, found...)
	}
	return charts, nil
}

func isChartDir(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "Chart.yaml"))
	return err == nil
}

// lintAll lints the charts in parallel (at most GOMAXPROCS at once) and
// returns the results in argument order.
func (f *lintFlags) lintAll(ctx context.Context, charts []string, all []*lint.Rule) ([]*lint.Result, error) {
	results := make([]*lint.Result, len(charts))
	errs := make([]error, len(charts))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, c := range charts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i], errs[i] = f.lintChart(ctx, c, all)
		}()
	}
	wg.Wait()
	return results, errors.Join(errs...)
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
		Rules: all, Config: cfg, Helm3: helm3, KubeVersion: kubeVersion, Namespace: f.namespace,
		SkipSchemaValidation: f.skipSchema, ValuesSets: sets, MaxOutput: f.maxOutput << 20,
	})
}

// valuesSets are the user's values (-f, --set) and, with --ci-values, one
// set per ci/*-values.yaml, and one per values file of the configuration;
// the user's --set flags apply to every set.
func (f *lintFlags) valuesSets(dir string, cfg *lint.Config, helm3 bool) ([]lint.ValuesSet, error) {
	vopts := values.Options{Helm3: helm3}
	user, err := f.values.Merge(os.ReadFile, vopts)
	if err != nil {
		return nil, err
	}
	sets := []lint.ValuesSet{{Name: lint.DefaultValuesSet, Values: user}}
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
		vals, err := flags.Merge(os.ReadFile, vopts)
		if err != nil {
			return nil, err
		}
		name := file
		if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
			name = filepath.ToSlash(rel)
		}
		sets = append(sets, lint.ValuesSet{Name: name, Values: vals})
	}
	return sets, nil
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
