package rules

import (
	"errors"
	"path"
	"strings"

	"github.com/chartwright/chartwright/chart"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render"
)

// helmMessage is one message of helm lint, in the order Helm prints them,
// with the rule that mirrors it and the place to fix it.
type helmMessage struct {
	rule     lint.RuleID
	severity lint.Severity // helm lint's
	// own is chartwright's severity when it depends on the case; zero
	// means the rule's default.
	own     lint.Severity
	path    string // what Helm prints before the message
	message string
	// ownText is chartwright's wording, when it differs from Helm's message.
	ownText string
	// repeat marks a message that repeats the problem of another.
	repeat  bool
	span    source.Span
	related []lint.Related
	fixes   []lint.Fix
}

// helmMessages runs helm lint's checks once per pass, in Helm's order with
// Helm's stops (a Chart.yaml that does not parse ends the Chart.yaml
// checks, the first unparsable document ends the template checks); each
// Helm-mirroring rule reports its own messages from the list.
func helmMessages(p *lint.Pass) []helmMessage {
	return p.Memo("helm", func() any {
		h := &helmLinter{pass: p}
		h.chartfile()
		h.values()
		h.templates()
		h.dependencies()
		if !p.Helm3 {
			h.crds()
		}
		h.markRepeats()
		return h.messages
	}).([]helmMessage)
}

// markRepeats marks the messages by which helm lint repeats a problem
// another message reports at its line: a Chart.yaml or values.yaml that
// does not parse, or a name or version a rule reports (see
// loadErrorRepeats), also fails the chart's load; values that fail the root chart's schema,
// and no subchart's, fail the coalesced values' check with the same text; a
// version that is not SemVer is not strict SemVer 2 either (Helm 4).
func (h *helmLinter) markRepeats() {
	byRule := map[lint.RuleID]int{}
	for i, m := range h.messages {
		byRule[m.rule] = i
	}
	_, valuesFails := byRule[valuesParse]
	_, chartYAMLFails := byRule[chartYAMLParse]
	if valuesFails && errors.Is(h.pass.LoadErr, chart.ErrValues) || chartYAMLFails && errors.Is(h.pass.LoadErr, chart.ErrChartYAML) ||
		loadErrorRepeats(h.pass.LoadErr, byRule) {
		for i := range h.messages {
			if h.messages[i].rule == chartLoad {
				h.messages[i].repeat = true
			}
		}
	}
	if _, invalid := byRule[chartVersion]; invalid {
		if i, ok := byRule[chartVersionSemVerV2]; ok {
			h.messages[i].repeat = true // a version that is no SemVer is no strict SemVer 2 either
		}
	}
	single, ok1 := byRule[valuesSchema]
	coalesced, ok2 := byRule[valuesSchemaCoalesced]
	if ok1 && ok2 && h.pass.Chart != nil && h.messages[coalesced].message == schemaFailure+h.pass.Chart.Name()+":\n"+h.messages[single].message {
		h.messages[coalesced].repeat = true
	}
}

// metadataRules are the rules that report at its line a Chart.yaml field
// whose validation fails the chart's load, by the start of the load's
// error: a version that is not SemVer, a name that is missing or not a
// plain name ("." and ".." fail the load, which chart-name lets pass).
var metadataRules = []struct {
	rule   lint.RuleID
	prefix string
}{
	{chartVersion, "chart.metadata.version \""},
	{chartName, "chart.metadata.name "},
}

// loadErrorRepeats reports whether a chart failed to load for a field of
// Chart.yaml that a rule of byRule already reports at its line.
func loadErrorRepeats(err error, byRule map[lint.RuleID]int) bool {
	var invalid chart.ValidationError
	if !errors.As(err, &invalid) {
		return false
	}
	for _, m := range metadataRules {
		if _, reported := byRule[m.rule]; reported && strings.HasPrefix(string(invalid), m.prefix) {
			return true
		}
	}
	return false
}

// helmRule returns the Check of a rule that mirrors helm lint messages.
func helmRule(id lint.RuleID) func(*lint.Pass) {
	return func(p *lint.Pass) {
		for i, m := range helmMessages(p) {
			if m.rule != id {
				continue
			}
			f := lint.Finding{
				Severity: m.own, Span: m.span, Message: m.message, Related: m.related, Fixes: m.fixes,
				Helm: &lint.HelmMessage{Path: m.path, Severity: m.severity, Order: i + 1},
			}
			if m.ownText != "" && m.ownText != m.message {
				f.Message, f.Helm.Text = m.ownText, m.message
			}
			f.Helm.Repeat = m.repeat
			p.Report(f)
		}
	}
}

// release is the rendered release of the pass, nil when rendering was not
// reached.
func release(p *lint.Pass) *render.Release {
	if r := p.Render(); r != nil {
		return r.Release
	}
	return nil
}

// helmLinter accumulates the messages of one helm lint run.
type helmLinter struct {
	pass     *lint.Pass
	messages []helmMessage
	logged   map[string]bool // the schema warnings logged, which Helm logs once
}

// logLoad logs what Helm logs each time it loads the chart from its folder
// (the symbolic links it follows), as helm lint's checks do one by one.
func (h *helmLinter) logLoad() {
	if c := h.pass.Chart; c != nil {
		h.pass.LogHelm(c.LoadLog...)
	}
}

// logOnce logs the lines of a schema validation that were not logged yet:
// Helm warns of an unresolved URN once per process.
func (h *helmLinter) logOnce(lines []string) {
	for _, l := range lines {
		if !h.logged[l] {
			if h.logged == nil {
				h.logged = map[string]bool{}
			}
			h.logged[l] = true
			h.pass.LogHelm(l)
		}
	}
}

// add records a message; err nil records nothing. It reports whether the
// check passed, as Helm's RunLinterRule does.
func (h *helmLinter) add(rule lint.RuleID, sev lint.Severity, helmPath string, span source.Span, err error) bool {
	if err == nil {
		return true
	}
	h.messages = append(h.messages, helmMessage{rule: rule, severity: sev, path: helmPath, message: err.Error(), span: span})
	return false
}

// addRelated records a message with secondary locations.
func (h *helmLinter) addRelated(rule lint.RuleID, sev lint.Severity, helmPath string, span source.Span, err error, related []lint.Related) bool {
	ok := h.add(rule, sev, helmPath, span, err)
	if !ok {
		h.messages[len(h.messages)-1].related = related
	}
	return ok
}

// fileStart is an empty span at the start of a file (zero without file).
func fileStart(f *source.File) source.Span {
	return source.Span{File: f}
}

// templateName is Helm's name of a root chart template in the render output.
func (h *helmLinter) templateName(file string) string {
	return path.Join(h.pass.Chart.Name(), file)
}

// plain is an error with a fixed text.
type plain string

func (p plain) Error() string { return string(p) }
