package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/chartwright/chartwright/lint"
)

// helm prints the findings of the helm-lint-mirroring rules exactly as
// helm lint prints its messages on stdout: a "==> Linting" block per chart,
// "[SEVERITY] path: message" lines in Helm's order, a blank line, and the
// summary when no chart failed (Helm prints the failure summary on stderr;
// the exit status says it here).
type helm struct{}

func newHelm(Options) Reporter { return helm{} }

func (helm) Report(w io.Writer, results []*lint.Result) error {
	bw := bufio.NewWriter(w)
	failed := 0
	for _, r := range results {
		msgs := HelmFindings(r)
		fmt.Fprintf(bw, "==> Linting %s\n", r.Path)
		chartFailed := false
		for _, f := range msgs {
			fmt.Fprintf(bw, "[%s] %s: %s\n", strings.ToUpper(f.Severity.String()), f.Helm.Path, f.HelmText())
			chartFailed = chartFailed || f.Severity >= lint.Error
		}
		fmt.Fprintln(bw)
		if chartFailed {
			failed++
		}
	}
	if failed == 0 {
		fmt.Fprintf(bw, "%d chart(s) linted, 0 chart(s) failed\n", len(results))
	}
	return bw.Flush()
}

// HelmFindings returns the findings helm lint prints for a chart (those of
// the first values set, which carries the user's -f and --set), in Helm's order.
func HelmFindings(r *lint.Result) []lint.Finding {
	var out []lint.Finding
	first := lint.DefaultValuesSet
	if len(r.ValuesSets) > 0 {
		first = r.ValuesSets[0]
	}
	for _, f := range slices.Concat(r.Findings, r.HelmRepeats) {
		if f.Helm == nil {
			continue
		}
		for _, s := range f.ValuesSets {
			if s == first {
				out = append(out, f)
				break
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Helm.Order < out[j].Helm.Order })
	return out
}
