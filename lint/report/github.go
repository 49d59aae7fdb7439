package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/chartwright/chartwright/lint"
)

// github prints GitHub Actions workflow commands, which annotate the
// pull request at each finding.
type github struct{}

func newGitHub(Options) Reporter { return github{} }

func (github) Report(w io.Writer, results []*lint.Result) error {
	bw := bufio.NewWriter(w)
	for _, r := range results {
		for _, f := range r.Findings {
			props := []string{"file=" + escapeProperty(findingPath(r, f))}
			if f.Span.File != nil {
				s, e := f.Position(), f.End()
				props = append(props,
					fmt.Sprintf("line=%d", s.Line), fmt.Sprintf("col=%d", s.Column),
					fmt.Sprintf("endLine=%d", e.Line), fmt.Sprintf("endColumn=%d", e.Column))
			}
			props = append(props, "title="+escapeProperty(string(f.Rule)))
			fmt.Fprintf(bw, "::%s %s::%s\n", githubLevel(f.Severity), strings.Join(props, ","), escapeData(f.Message+valuesNote(r, f)))
		}
	}
	return bw.Flush()
}

// githubLevel maps a severity to a workflow command.
func githubLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "notice"
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
