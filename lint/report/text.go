package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/chartwright/chartwright/lint"
)

// text prints "file:line:col: severity RULE message" lines and a summary.
type text struct{ color bool }

func newText(o Options) Reporter { return text{color: o.Color} }

func (t text) Report(w io.Writer, results []*lint.Result) error {
	bw := bufio.NewWriter(w)
	for _, r := range results {
		for _, f := range r.Findings {
			loc := findingPath(r, f)
			if f.Span.File != nil {
				p := f.Position()
				loc = fmt.Sprintf("%s:%d:%d", loc, p.Line, p.Column)
			}
			msg := strings.ReplaceAll(f.Message, "\n", "\n    ")
			msg = strings.TrimRight(msg, " \n")
			fmt.Fprintf(bw, "%s: %s %s %s%s\n", loc, t.severity(f.Severity), f.Rule, msg, valuesNote(r, f))
			for _, rel := range f.Related {
				fmt.Fprintf(bw, "    %s\n", rel.Message)
			}
		}
	}
	e, wn, i := counts(results)
	fmt.Fprintf(bw, "%d chart(s) linted: %d error(s), %d warning(s), %d info(s)\n", len(results), e, wn, i)
	return bw.Flush()
}

func (t text) severity(s lint.Severity) string {
	if !t.color {
		return s.String()
	}
	code := map[lint.Severity]string{lint.Error: "31", lint.Warning: "33", lint.Info: "36"}[s]
	return "\x1b[" + code + "m" + s.String() + "\x1b[0m"
}
