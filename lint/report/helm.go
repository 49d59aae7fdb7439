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
// helm lint prints its messages on stdout: a "==> Linting" block per chart
// ("Error ..." for a chart that could not be linted), "[SEVERITY] path:
// message" lines in Helm's order, a blank line, and the summary when no
// chart failed (Helm prints the failure summary on stderr: the caller does,
// with [HelmFailed]).
type helm struct {
	strict, quiet bool
	log           io.Writer
}

func newHelm(o Options) Reporter { return helm{strict: o.Strict, quiet: o.Quiet, log: o.HelmLog} }

func (h helm) Report(w io.Writer, results []*lint.Result) error {
	bw := bufio.NewWriter(w)
	failed, printed := 0, 0
	for _, r := range results {
		if HelmFailed(r, h.strict) {
			failed++
		}
		if err := h.writeLog(bw, r); err != nil {
			return err
		}
		msgs := h.shown(HelmFindings(r))
		if h.quiet && r.Err == nil && len(msgs) == 0 {
			continue
		}
		printed++
		fmt.Fprintf(bw, "==> Linting %s\n", r.Path)
		if r.Err != nil {
			fmt.Fprintf(bw, "Error %v\n", r.Err)
		}
		for _, f := range msgs {
			fmt.Fprintf(bw, "[%s] %s: %s\n", strings.ToUpper(f.Helm.Severity.String()), f.Helm.Path, f.HelmText())
		}
		fmt.Fprintln(bw)
	}
	if failed == 0 && (!h.quiet || printed > 0) {
		fmt.Fprintf(bw, "%d chart(s) linted, 0 chart(s) failed\n", len(results))
	}
	return bw.Flush()
}

// shown are the messages helm lint prints of msgs: with --quiet, those
// Helm rates a warning or an error, whatever severity chartwright gives
// the finding (a list's name, information to chartwright, is a warning of
// helm lint's).
func (h helm) shown(msgs []lint.Finding) []lint.Finding {
	if !h.quiet {
		return msgs
	}
	return slices.DeleteFunc(msgs, func(f lint.Finding) bool { return f.Helm.Severity <= lint.Info })
}

// writeLog writes what Helm logs while it lints the chart, after what it
// printed of the charts before (out is flushed first).
func (h helm) writeLog(out *bufio.Writer, r *lint.Result) error {
	if h.log == nil || len(r.HelmLog) == 0 {
		return nil
	}
	if err := out.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(h.log, strings.Join(r.HelmLog, "\n")+"\n")
	return err
}

// HelmFailed reports whether helm lint fails the chart: it could not be
// linted, or one of Helm's messages is an error (with strict, a warning).
func HelmFailed(r *lint.Result, strict bool) bool {
	if r.Err != nil {
		return true
	}
	tolerance := lint.Error
	if strict {
		tolerance = lint.Warning
	}
	for _, f := range HelmFindings(r) {
		if f.Helm.Severity >= tolerance {
			return true
		}
	}
	return false
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
