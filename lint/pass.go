package lint

import (
	"fmt"
	"io/fs"
	"sync/atomic"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/cache"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/refs"
	"github.com/chartwright/chartwright/schema"
)

// Kind says what a path of the chart directory is.
type Kind int

// Path kinds.
const (
	Missing Kind = iota
	IsFile
	IsDir
)

// Layout is what the chart directory holds at the paths helm lint stats.
type Layout struct {
	ChartYAML, ValuesYAML, Templates, CRDs Kind
	// Folder is the chart folder (nil for an archive), where helm lint
	// reads Chart.yaml, values.yaml and values.schema.json whatever
	// .helmignore says.
	Folder fs.FS
}

// Render is the chart rendered in lint mode with one values set.
type Render struct {
	// Release is nil when rendering was not reached.
	Release *render.Release
	// Err is the error that stopped the flow: dependency processing,
	// values coalescing or rendering (the first template error).
	Err error
	// SchemaErr is the failure of the coalesced values against the
	// values.schema.json files, with Helm's text; nil when valid or skipped.
	SchemaErr error
	// Log is what Helm logs while helm lint processes the values for the
	// render, in its order: the dependencies, then coalescing (twice, as
	// helm lint does), up to where it stops; SchemaLog what the schema
	// validation after that logs. The render's own lines are in
	// Release.Output.Log.
	Log, SchemaLog []string
}

// Pass hands a rule everything it may look at for one chart and one values
// set, and takes its findings.
type Pass struct {
	// Chart is the loaded chart; when loading failed it holds what was
	// read (Raw files, maybe Metadata), and LoadErr says why.
	Chart   *chart.Chart
	LoadErr error
	// Dir is the chart directory as an absolute path, as Helm prints it;
	// for a chart archive, the archive's path, and Archive is set.
	Dir     string
	Archive bool
	Layout  Layout
	// Helm3 selects Helm 3.22.0's lint; the default is Helm 4.3.1.
	Helm3 bool
	// KubeVersion is the target Kubernetes version ("1.37" if unset).
	KubeVersion string
	// SkipSchemaValidation is --skip-schema-validation.
	SkipSchemaValidation bool
	// ValuesSet is the values set's name; UserValues its values (-f, --set).
	ValuesSet  string
	UserValues map[string]any
	// UserSources are the files and flags UserValues come from, when known.
	UserSources []ValuesSource
	// Schemas validates manifests against the Kubernetes schemas.
	Schemas *schema.Validator
	// Parses holds the chart's templates parsed, shared by the renders of
	// every values set and the chart's refs index (refs.BuildReads).
	Parses *render.ParseCache

	index     *refs.Index
	render    func() *Render
	rule      *Rule
	findings  *[]Finding
	memo      *cache.Cache[any] // this pass's
	chartMemo *cache.Cache[any] // shared by the passes of a chart
	helmLog   *[]string         // shared by the copies each rule gets
}

// Render is the chart rendered with the values set; nil when the chart did
// not load. The first rule to ask renders it and the others wait, while
// the rules that need no render (they run concurrently) go on.
func (p *Pass) Render() *Render {
	if p.render == nil {
		return nil
	}
	return p.render()
}

// LogHelm records lines helm lint writes to stderr while it lints the
// chart, for Result.HelmLog. The helm lint run of the pass calls it, once.
func (p *Pass) LogHelm(lines ...string) {
	if p.helmLog != nil {
		*p.helmLog = append(*p.helmLog, lines...)
	}
}

// Memo returns the value computed by compute for key, computing it once per
// pass, for rules that share work (the helm lint family shares one run).
// Rules run concurrently: a rule asking for a value being computed waits.
func (p *Pass) Memo(key string, compute func() any) any {
	return p.memo.Get(key, compute)
}

// ChartMemo is Memo for what depends on the chart alone, not on the values
// set: it is computed once for all the passes of the chart.
func (p *Pass) ChartMemo(key string, compute func() any) any {
	return p.chartMemo.Get(key, compute)
}

// Index is the cross-reference index of the chart tree as loaded, built
// once per chart without the data of navigation, which no rule asks for
// (or given by the caller); nil when the chart did not load.
func (p *Pass) Index() *refs.Index {
	if p.index != nil {
		return p.index
	}
	return p.ChartMemo("refs", func() any {
		if p.LoadErr != nil || p.Chart == nil || p.Chart.Metadata == nil {
			return (*refs.Index)(nil)
		}
		indexBuilds.Add(1)
		return refs.BuildReads(p.Chart, p.Parses)
	}).(*refs.Index)
}

// indexBuilds counts the indexes passes build: a test holds that only
// rules marked ReadsIndex make one.
var indexBuilds atomic.Int64

// Rule is the rule being run.
func (p *Pass) Rule() *Rule { return p.rule }

// Report records a finding of the current rule. Rule and Severity are
// filled in when empty.
func (p *Pass) Report(f Finding) {
	if f.Rule == "" {
		f.Rule = p.rule.ID
	}
	if f.Severity == 0 {
		f.Severity = p.rule.Severity
	}
	*p.findings = append(*p.findings, f)
}

// Reportf records a finding of the current rule at span.
func (p *Pass) Reportf(span source.Span, format string, args ...any) {
	p.Report(Finding{Span: span, Message: fmt.Sprintf(format, args...)})
}

// HelmFile returns a root file of the chart as helm lint's checks read
// it: from the chart folder, even when .helmignore leaves it out of the
// chart; nil when there is none.
func (p *Pass) HelmFile(name string) *source.File {
	if f := p.RawFile(name); f != nil || p.Layout.Folder == nil {
		return f
	}
	data, err := fs.ReadFile(p.Layout.Folder, name)
	if err != nil {
		return nil
	}
	return source.NewFile(name, data)
}

// RawFile returns the root chart's file with the chart-relative name, or nil.
func (p *Pass) RawFile(name string) *source.File {
	if p.Chart == nil {
		return nil
	}
	return p.Chart.File(name)
}
