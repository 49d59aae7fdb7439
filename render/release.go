package render

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/helmlog"
	"github.com/chartwright/chartwright/kube"
	"github.com/chartwright/chartwright/render/refs"
	"github.com/chartwright/chartwright/render/values"
)

// Options are the inputs of `helm template` beyond the chart.
type Options struct {
	// Helm3 selects Helm 3.22.0 behaviour; the default is Helm 4.3.1.
	Helm3 bool
	// ReleaseName defaults to "release-name", Namespace to "default".
	ReleaseName string
	Namespace   string
	// NameGiven keeps an empty ReleaseName, which then fails Helm's check
	// of release names as `helm template "" CHART` does.
	NameGiven bool
	// IsUpgrade renders as an upgrade (--is-upgrade).
	IsUpgrade bool
	// KubeVersion is --kube-version; empty means [DefaultKubeVersion].
	KubeVersion string
	// APIVersions are added to the default .Capabilities.APIVersions.
	APIVersions []string
	// Values are the user-supplied values (-f and --set, already merged).
	Values map[string]any
	// OwnValues hands Values over to the render, which then builds the
	// release's values in that map instead of a deep copy of it: for a
	// caller whose Values are a fresh tree nothing else holds (helm lint
	// coalesces once before rendering).
	OwnValues bool
	// DependenciesProcessed says the chart is values.ProcessDependencies'
	// tree for these Values already (helm lint processes them itself).
	DependenciesProcessed bool
	// SkipSchemaValidation disables values.schema.json checks.
	SkipSchemaValidation bool
	// LintMode renders as helm lint does: release "test-release",
	// revision 0, not an install, required and fail not fatal, and no
	// check of missing dependencies, of the chart's kubeVersion or that it
	// is installable (a library chart renders its partials).
	LintMode bool
	// SourceMap records where each rendered line came from, for
	// Output.DocumentLines; it costs a tenth of a render.
	SourceMap bool
	// Parses shares the templates' parse trees with other renders of the
	// chart and its refs index (see Engine.Parses); nil parses afresh.
	Parses *ParseCache
	// MaxOutput bounds the bytes the templates write; 0 means MaxOutput.
	MaxOutput int64
}

// Release is a rendered chart: what `helm template` prints, with the
// engine's full output behind it.
type Release struct {
	Chart     *chart.Chart // the chart tree as rendered (dependencies processed)
	Values    map[string]any
	Output    *Output
	Manifests []*Manifest
	Hooks     []*Manifest
	Notes     string
	// Warnings are what Helm would log on stderr while rendering.
	Warnings []string
	// SchemaErr is, in LintMode, the failure of the values against the
	// charts' values.schema.json, checked before the templates ran (they
	// may change the values), and SchemaLog what checking them logged;
	// the render goes on, for lint's other checks.
	SchemaErr error
	SchemaLog []string
	helm3     bool
}

// errNotV2 is Helm 4's error for a chart it loads but does not install: a
// chart of the experimental API v3.
var errNotV2 = errors.New("invalid chart apiVersion")

// StageError is an error of the render step or later: Helm's CLI then
// advises --debug. Errors before rendering (values, schema) are returned as is.
type StageError struct{ Err error }

func (e *StageError) Error() string { return e.Err.Error() }
func (e *StageError) Unwrap() error { return e.Err }

// releaseNamePattern is Helm's rule for release names, quoted in its error;
// validReleaseName checks it without compiling a regexp in every process.
const releaseNamePattern = `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`

// validReleaseName reports whether name matches releaseNamePattern:
// dot-separated labels of lower-case letters, digits and inner dashes.
func validReleaseName(name string) bool {
	for label := range strings.SplitSeq(name, ".") {
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// Template runs the flow of `helm template` on a loaded chart. The returned
// release is non-nil whenever rendering was reached, even with an error,
// so that callers can show what did render, and when it holds Warnings
// that Helm logs before the error. When ctx is done, rendering stops
// between templates and at the next include or tpl, and the error is
// ctx's.
func Template(ctx context.Context, c *chart.Chart, opts Options) (*Release, error) {
	opts = opts.withDefaults()
	rel := &Release{helm3: opts.Helm3}
	// What Helm logs before a failing check is printed with the failure.
	if !opts.LintMode { // helm lint logs neither, renders a library chart's partials, and checks no dependencies here
		rel.Warnings = append(rel.Warnings, c.LoadLog...) // what loading the chart logged
		if err := checkInstallable(c); err != nil {
			return rel, err
		}
		if c.Metadata.Deprecated {
			rel.Warnings = append(rel.Warnings, deprecatedWarning(opts.Helm3))
		}
		if err := CheckDependencies(c, opts.Helm3); err != nil {
			return rel, err
		}
		if !opts.Helm3 && c.Metadata.APIVersion == chart.APIVersionV3 {
			return rel, errNotV2 // Helm 4 loads a v3 chart, then installs only v2 ones
		}
	}
	if opts.Parses == nil {
		opts.Parses = NewParseCache(opts.Helm3)
	}
	// Parsing starts while the values are processed, a single-core stretch.
	stopPrefetch := opts.Parses.prefetch(c)
	defer stopPrefetch()
	if err := checkReleaseName(opts.ReleaseName); err != nil {
		if opts.Helm3 {
			return rel, err
		}
		// Helm 4 logs the failure with slog, then returns it wrapped.
		rel.Warnings = append(rel.Warnings, errorLog("release name check failed", err))
		return rel, fmt.Errorf("release name check failed: %w", err)
	}
	vopts := values.Options{Helm3: opts.Helm3}
	tree := c
	if !opts.DependenciesProcessed {
		var depWarnings []string
		var err error
		tree, depWarnings, err = values.ProcessDependencies(c, opts.Values, vopts)
		rel.Warnings = append(rel.Warnings, depWarnings...)
		if err != nil {
			if opts.Helm3 {
				return nil, err
			}
			rel.Warnings = append(rel.Warnings, errorLog("chart dependencies processing failed", err))
			return rel, fmt.Errorf("chart dependencies processing failed: %w", err)
		}
	}
	rel.Chart = tree
	kv, err := kubeVersion(opts.KubeVersion)
	if err != nil {
		return nil, err
	}
	coalesce := values.Coalesce
	if opts.OwnValues {
		coalesce = values.CoalesceOwned
	}
	vals, warnings, err := coalesce(tree, opts.Values, vopts)
	rel.Warnings = append(rel.Warnings, warnings...)
	if err != nil {
		return rel, err
	}
	if !opts.SkipSchemaValidation {
		log, err := values.ValidateSchemas(tree, vals, vopts)
		if opts.LintMode {
			rel.SchemaLog, rel.SchemaErr = log, err
		} else if rel.Warnings = append(rel.Warnings, log...); err != nil {
			return rel, err
		}
	}
	rel.Values = vals
	return rel, rel.render(ctx, opts, kv, stopPrefetch)
}

// TemplateWith runs [Template] with the user values of Helm's values
// flags, as `helm template` does: -f files and --set-file values are read
// through readFile, relative names as readFile resolves them.
func TemplateWith(ctx context.Context, c *chart.Chart, flags values.Flags, readFile func(name string) ([]byte, error), opts Options) (*Release, error) {
	user, err := flags.Merge(readFile, values.Options{Helm3: opts.Helm3})
	if err != nil {
		return nil, err
	}
	opts.Values = user
	return Template(ctx, c, opts)
}

func (o Options) withDefaults() Options {
	if o.ReleaseName == "" && !o.NameGiven {
		o.ReleaseName = "release-name"
		if o.LintMode {
			o.ReleaseName = "test-release"
		}
	}
	if o.Namespace == "" {
		o.Namespace = "default"
	}
	return o
}

func checkInstallable(c *chart.Chart) error {
	switch c.Metadata.Type {
	case "", "application":
		return nil
	}
	return fmt.Errorf("%s charts are not installable", c.Metadata.Type)
}

func deprecatedWarning(helm3 bool) string {
	if helm3 {
		return "WARNING: This chart is deprecated"
	}
	return `level=WARN msg="this chart is deprecated"`
}

// errorLog is the line Helm 4 logs with slog.Error before it returns err.
func errorLog(msg string, err error) string {
	log := &helmlog.Log{}
	log.Slog(slog.LevelError, msg, "error", err)
	return log.Lines[0]
}

func checkReleaseName(name string) error {
	if name == "" {
		return errors.New(`release name "": no name provided`)
	}
	if len(name) > 53 || !validReleaseName(name) {
		return fmt.Errorf("release name %q: invalid release name, must match regex %s and the length must not be longer than 53", name, releaseNamePattern)
	}
	return nil
}

// CheckDependencies reports the dependencies Chart.yaml names that charts/
// does not hold, as Helm does before installing.
func CheckDependencies(c *chart.Chart, helm3 bool) error {
	var missing []string
	for _, d := range c.Metadata.Dependencies {
		if !hasSubchart(c, d.Name) {
			missing = append(missing, d.Name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	err := fmt.Errorf("found in Chart.yaml, but missing in charts/ directory: %s", strings.Join(missing, ", "))
	if helm3 {
		return fmt.Errorf("An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: %w", err) //lint:ignore ST1005 Helm's message, byte for byte
	}
	return fmt.Errorf("an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: %w", err)
}

func hasSubchart(c *chart.Chart, name string) bool {
	for _, s := range c.Subcharts {
		if s.Name() == name {
			return true
		}
	}
	return false
}

func kubeVersion(s string) (*KubeVersion, error) {
	if s == "" {
		s = DefaultKubeVersion
	}
	kv, err := ParseKubeVersion(s)
	if err != nil {
		return nil, fmt.Errorf("invalid kube version '%s': %w", s, err)
	}
	return kv, nil
}

// render checks kubeVersion (not in lint mode), runs the engine and sorts
// the output.
func (rel *Release) render(ctx context.Context, opts Options, kv *KubeVersion, stopPrefetch func()) error {
	if !opts.LintMode {
		if err := checkKubeVersion(rel.Chart.Metadata.KubeVersion, kv, opts.Helm3); err != nil {
			return &StageError{err}
		}
	}
	top := topObject(opts, kv, rel.Values)
	rel.Output = Engine{Helm3: opts.Helm3, LintMode: opts.LintMode, SourceMap: opts.SourceMap, Parses: opts.Parses, MaxOutput: opts.MaxOutput, stopPrefetch: stopPrefetch}.Render(ctx, rel.Chart, top)
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := rel.Output.Err(); err != nil {
		return &StageError{err}
	}
	files := rel.takeNotes()
	log := &helmlog.Log{Helm3: opts.Helm3}
	hooks, manifests, err := sortManifests(files, log)
	rel.Hooks, rel.Manifests = hooks, manifests
	if !opts.LintMode { // helm lint does not sort the manifests
		rel.Warnings = append(rel.Warnings, log.Lines...)
	}
	if err != nil {
		return &StageError{err}
	}
	return nil
}

// topObject holds the objects of the root chart's top-level object that
// Engine.Render does not build itself.
func topObject(opts Options, kv *KubeVersion, vals map[string]any) map[string]any {
	apis := append(kube.DefaultAPIVersions(), opts.APIVersions...)
	return map[string]any{
		"Capabilities": capabilities(*kv, apis, opts.Helm3),
		"Release":      releaseObject(opts),
		"Values":       valuesOf(vals, opts.Helm3),
	}
}

func releaseObject(opts Options) map[string]any {
	revision, install := 1, !opts.IsUpgrade
	if opts.LintMode {
		revision, install = 0, false
	}
	return map[string]any{
		"Name":      opts.ReleaseName,
		"Namespace": opts.Namespace,
		"IsUpgrade": opts.IsUpgrade,
		"IsInstall": install,
		"Revision":  revision,
		"Service":   "Helm",
	}
}

// takeNotes removes NOTES.txt files from the output, keeping the root
// chart's notes, and returns the rest.
func (rel *Release) takeNotes() []*Rendered {
	var rest []*Rendered
	rootNotes := path.Join(rel.Chart.Name(), "templates", "NOTES.txt")
	for _, f := range rel.Output.Files {
		if !strings.HasSuffix(f.Name, "NOTES.txt") {
			rest = append(rest, f)
			continue
		}
		if f.Name == rootNotes {
			rel.Notes = f.Content
		}
	}
	return rest
}

// ValuesRead returns the .Values reads of the templates this render
// executed, followed through include, template and tpl, as the static
// analysis of render/refs finds them (with guards and whole-subtree reads
// marked). It is computed on demand: rendering does not pay for it.
func (rel *Release) ValuesRead() []refs.Read {
	if rel.Output == nil {
		return nil
	}
	ix := refs.Build(rel.Chart)
	var reads []refs.Read
	for _, f := range rel.Output.Files {
		reads = append(reads, ix.ReadsOf(f.Name)...)
	}
	return reads
}
