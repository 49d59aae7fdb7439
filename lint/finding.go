package lint

import (
	"fmt"
	"strings"

	"github.com/chartwright/chartwright/chart/source"
)

// RuleID names a rule, kebab-case with its family first
// ("values-undefined"). Once released, an ID is never renamed or reused.
type RuleID string

// Severity is how serious a finding is.
type Severity int

// Severities, in increasing order. The zero value is not a severity.
const (
	Info Severity = iota + 1
	Warning
	Error
)

var severityNames = [...]string{Info: "info", Warning: "warning", Error: "error"}

func (s Severity) String() string {
	if s >= Info && s <= Error {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// MarshalText writes the lower-case name.
func (s Severity) MarshalText() ([]byte, error) {
	if s < Info || s > Error {
		return nil, fmt.Errorf("invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads info, warning or error (case-insensitive).
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads info, warning or error (case-insensitive).
func ParseSeverity(text string) (Severity, error) {
	for s := Info; s <= Error; s++ {
		if strings.EqualFold(text, s.String()) {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want info, warning or error)", text)
}

// Finding is one problem in a chart: the one representation read by every
// output format and by the language server.
type Finding struct {
	Rule     RuleID
	Severity Severity
	// Span is where to fix the problem: for findings about rendered
	// output, the template line that produced it. Span.File is nil for
	// findings about the chart as a whole.
	Span source.Span
	// Path is Span.File's path relative to the linted chart's root
	// ("templates/a.yaml", "charts/sub/values.yaml"), "" without a file.
	Path    string
	Message string
	// ValuesSets names the values sets whose lint produced the finding,
	// in the order they were linted.
	ValuesSets []string
	// Related are other places that explain the finding, such as the
	// rendered document it was found in.
	Related []Related
	// Fixes are edits that would resolve the finding.
	Fixes []Fix
	// Helm says how helm lint prints this finding; nil when helm lint
	// does not report it.
	Helm *HelmMessage
}

// Related is a secondary location of a finding.
type Related struct {
	Span    source.Span // File nil when the place is not a chart file
	Path    string      // chart-relative path of Span.File (the run sets it)
	Message string
}

// Fix is a set of edits that resolves a finding.
type Fix struct {
	Title string
	Edits []Edit
}

// Edit replaces the text of Span with NewText.
type Edit struct {
	Span    source.Span
	NewText string
}

// HelmMessage is a finding as helm lint prints it: "[SEV] <Path>: <msg>".
type HelmMessage struct {
	// Path is what Helm prints before the message: "Chart.yaml",
	// "templates/", "templates/a.yaml", the absolute chart directory for
	// dependency rules, or "".
	Path string
	// Severity is the severity helm lint gives the message, which may
	// differ from the finding's: chartwright's follows the consequence at
	// install time, Helm's is printed by --format helm.
	Severity Severity
	// Order is the position of the message in helm lint's output.
	Order int
	// Text is Helm's message when it differs from the finding's (a
	// recursion Helm repeats a thousand times); "" when it is the same.
	Text string
	// Repeat marks a message by which helm lint repeats a problem that
	// another finding reports (a values.yaml that does not parse makes the
	// chart fail to load, twice over): only helm's output shows it, see
	// Result.HelmRepeats.
	Repeat bool
}

// HelmText is the message helm lint prints for the finding.
func (f Finding) HelmText() string {
	if f.Helm != nil && f.Helm.Text != "" {
		return f.Helm.Text
	}
	return f.Message
}

// Position returns the 1-based start line and column, zero without a file.
func (f Finding) Position() source.Position {
	if f.Span.File == nil {
		return source.Position{}
	}
	return f.Span.File.Position(f.Span.Start)
}

// End returns the 1-based end line and column, zero without a file.
func (f Finding) End() source.Position {
	if f.Span.File == nil {
		return source.Position{}
	}
	return f.Span.File.Position(max(f.Span.End, f.Span.Start))
}
