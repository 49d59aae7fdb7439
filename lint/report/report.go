// Package report writes lint results in the formats CI systems read: one
// file per format, one table ([Formats]) that --format validation and help
// both read. Output is deterministic: findings arrive sorted and nothing
// depends on map order or the clock.
package report

import (
	"fmt"
	"io"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/chartwright/chartwright/lint"
)

// Reporter writes the results of a whole run.
type Reporter interface {
	Report(w io.Writer, results []*lint.Result) error
}

// Options are what reporters may need beyond the results.
type Options struct {
	// Color enables ANSI colours (text format on a terminal).
	Color bool
	// Rules are the rules of the run, for formats that describe them (SARIF).
	Rules []*lint.Rule
	// Version is chartwright's version, for tool metadata.
	Version string
	// Strict and Quiet are helm lint's --strict (warnings fail a chart) and
	// --quiet (charts without warnings or errors are left out), for the
	// helm format; other formats get only the findings to print.
	Strict, Quiet bool
	// HelmLog, when not nil, gets what helm lint writes to stderr while it
	// lints each chart (Result.HelmLog), before the chart's output as Helm
	// interleaves them; the helm format writes it when it stands in for
	// helm lint.
	HelmLog io.Writer
}

// Format is one output format.
type Format struct {
	Name        string
	Description string
	New         func(Options) Reporter
}

// Formats returns the output formats, sorted by name.
func Formats() []Format {
	return []Format{
		{"github", "GitHub Actions workflow commands (annotations on the pull request)", newGitHub},
		{"helm", "the messages of the helm lint checks, exactly as helm lint prints them", newHelm},
		{"json", "one JSON document with every finding and its start and end positions", newJSON},
		{"junit", "JUnit XML, one test suite per chart", newJUnit},
		{"sarif", "SARIF 2.1.0 for code scanning", newSARIF},
		{"text", "file:line:col: severity RULE message, one per line", newText},
	}
}

// Lookup returns the format with the given name.
func Lookup(name string) (Format, bool) {
	for _, f := range Formats() {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// Names lists the format names, for help and errors.
func Names() []string {
	var names []string
	for _, f := range Formats() {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return names
}

// WithoutInfo returns the results with their warnings and errors only,
// for --quiet in the formats other than helm.
func WithoutInfo(results []*lint.Result) []*lint.Result {
	out := make([]*lint.Result, len(results))
	for i, r := range results {
		cp := *r
		cp.Findings = nil
		for _, f := range r.Findings {
			if f.Severity > lint.Info {
				cp.Findings = append(cp.Findings, f)
			}
		}
		out[i] = &cp
	}
	return out
}

// filePath is the path of a finding's file as the user should see it: the
// chart path joined with the chart-relative path, slash separated.
func filePath(r *lint.Result, rel string) string {
	base := filepath.ToSlash(r.Path)
	if rel == "" {
		return base
	}
	return path.Join(base, rel)
}

// findingPath is filePath for a finding; findings without a file name the
// place Helm names (templates/, crds/) or the chart itself.
func findingPath(r *lint.Result, f lint.Finding) string {
	if f.Path != "" || f.Helm == nil || strings.HasPrefix(f.Helm.Path, "/") {
		return filePath(r, f.Path)
	}
	return filePath(r, strings.TrimSuffix(f.Helm.Path, "/"))
}

// valuesNote says which values sets produced a finding when the chart was
// linted with several and not all of them produced it.
func valuesNote(r *lint.Result, f lint.Finding) string {
	if len(r.ValuesSets) < 2 || len(f.ValuesSets) == len(r.ValuesSets) {
		return ""
	}
	return fmt.Sprintf(" (values: %s)", strings.Join(f.ValuesSets, ", "))
}

// counts tallies findings by severity.
func counts(results []*lint.Result) (errs, warns, infos int) {
	for _, r := range results {
		for _, f := range r.Findings {
			switch f.Severity {
			case lint.Error:
				errs++
			case lint.Warning:
				warns++
			default:
				infos++
			}
		}
	}
	return
}
