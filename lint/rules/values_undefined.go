package rules

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/suggest"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/refs"
	"github.com/chartwright/chartwright/schema"
)

const valuesUndefined lint.RuleID = "values-undefined"

func valuesUndefinedRule() *lint.Rule {
	return &lint.Rule{
		ID: valuesUndefined, Family: lint.FamilyValues, Severity: lint.Warning,
		Summary:    "templates must not read unguarded .Values paths that no values define",
		ReadsIndex: true,
		Doc:        doc(valuesUndefined), Check: checkValuesUndefined,
	}
}

// renderedCharts is the set of charts (by folder) of the rendered chart
// tree: reads in disabled subcharts are not checked. Charts are known by
// their folder, which aliases do not rename.
func renderedCharts(tree *chart.Chart) map[string]bool {
	set := map[string]bool{}
	var walk func(c *chart.Chart)
	walk = func(c *chart.Chart) {
		set[c.Dir] = true
		for _, s := range c.Subcharts {
			walk(s)
		}
	}
	walk(tree)
	return set
}

// checkValuesUndefined reports reads of values paths that neither the
// coalesced values of this values set (chart defaults, parent overrides,
// globals, the user's values) nor the reading chart's values.schema.json
// define, unless the template guards the read. A read that renders nothing
// into a required Kubernetes field is manifest-schema's error instead, one
// the render fails on is template-render's, and one on the line of an
// object name Helm rejects is manifest-name's (which names the read). A
// read of values a template assigns (set . "Values" ..., set .Values.a "b"
// ..., merge .Values.a ...) is not checked: the values files do not say
// what it reads.
func checkValuesUndefined(p *lint.Pass) {
	for _, f := range undefinedReads(p) {
		if !helmNameErrorOnLine(p, f.Span) {
			p.Report(f)
		}
	}
}

// undefinedReadOnLine is the values-undefined finding of the first
// undefined read on the template line of at.
func undefinedReadOnLine(p *lint.Pass, at source.Span) (lint.Finding, bool) {
	for _, f := range undefinedReads(p) {
		if sameLine(f.Span, at) {
			return f, true
		}
	}
	return lint.Finding{}, false
}

// helmNameErrorOnLine reports whether helm lint's manifest-name error is
// on the template line of at.
func helmNameErrorOnLine(p *lint.Pass, at source.Span) bool {
	for _, m := range helmMessages(p) {
		if m.rule == manifestName && sameLine(m.span, at) {
			return true
		}
	}
	return false
}

// undefinedReads are the findings of checkValuesUndefined before the
// object names Helm rejects take theirs, memoized per pass.
func undefinedReads(p *lint.Pass) []lint.Finding {
	return p.Memo("undefined-reads", func() any { return findUndefinedReads(p) }).([]lint.Finding)
}

func findUndefinedReads(p *lint.Pass) []lint.Finding {
	ix := p.Index()
	rel := release(p)
	if ix == nil || rel == nil || rel.Values == nil {
		return nil
	}
	var found []*undefinedRead
	at := map[source.Span]*undefinedRead{} // a define run in several charts reads at one place for each
	active := renderedCharts(rel.Chart)
	vals := rel.Values
	schemas := map[*chart.Chart]*schema.ValuesSchema{}
	var tested testedPaths                // asked for at the first undefined read: most reads are defined
	files := map[*source.File]*yamlText{} // values files read for fixes
	inRequired := map[source.Span]bool{}  // reported by manifest-schema as an error
	for _, r := range emptyRequiredReads(p) {
		inRequired[r.Span] = true
	}
	failed := renderFailures(rel)
	for _, r := range ix.Reads() {
		if r.Guarded || len(r.RootPath) == 0 || r.Span.File == nil || r.Chart != nil && !active[r.Chart.Dir] {
			continue
		}
		missing, lacking := missingAt(vals, r.RootPath)
		if missing < 0 || inRequired[r.Span] || failedAt(failed, r.Span) || !direct(r) || ix.Assigns(r.Chart, r.Path) {
			continue
		}
		if tested == nil {
			tested = testedIn(p)
		}
		if tested.has(r) || r.Chart != nil && definedIn(r.Chart.Values, r.Path) ||
			schemaDefines(schemas, r.Chart, r.Path) || documented(r.Chart, r.Path) {
			continue
		}
		u := at[r.Span]
		if u == nil {
			u = &undefinedRead{span: r.Span, path: shownPath(r), renders: rendering(r)}
			at[r.Span] = u
			found = append(found, u)
		}
		near := closest(r.RootPath[missing], lacking)
		if u.addScope(undefinedScope{chart: scopeName(p.Chart, r.Chart), near: near}) && near != "" {
			u.fixes = append(u.fixes, replaceSegmentFix(r, missing-(len(r.RootPath)-len(r.Path)), near)...)
		}
		u.fixes = append(u.fixes, addValueFix(p.Chart, r, files)...)
	}
	out := make([]lint.Finding, 0, len(found))
	for _, u := range found {
		out = append(out, u.finding())
	}
	return out
}

// undefinedRead is an undefined read at one place of a template, in each
// chart scope the template runs in.
type undefinedRead struct {
	span    source.Span
	path    string // as the first scope's chart sees it
	renders string // what it renders as (see rendering)
	scopes  []undefinedScope
	fixes   []lint.Fix
}

// undefinedScope is a chart whose values a read reads, with the key
// closest to the missing one there.
type undefinedScope struct {
	chart, near string
}

// addScope adds a scope the read is undefined in, if new, and says
// whether it was.
func (u *undefinedRead) addScope(s undefinedScope) bool {
	if slices.Contains(u.scopes, s) {
		return false
	}
	u.scopes = append(u.scopes, s)
	return true
}

// finding is the read's finding: the closest key, or in several charts
// the charts (in order of their names) with the closest key in each, and
// the fixes of every scope (each titled once).
func (u *undefinedRead) finding() lint.Finding {
	msg := fmt.Sprintf(".Values.%s is not defined by any values file, parent chart or values.schema.json; it renders as %s", u.path, u.renders)
	if len(u.scopes) == 1 {
		if near := u.scopes[0].near; near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
	} else {
		var charts []string
		for _, s := range slices.SortedStableFunc(slices.Values(u.scopes), func(a, b undefinedScope) int { return strings.Compare(a.chart, b.chart) }) {
			if s.near != "" {
				charts = append(charts, fmt.Sprintf("%s (did you mean %q?)", s.chart, s.near))
			} else {
				charts = append(charts, s.chart)
			}
		}
		msg += ", in each chart that runs the template: " + strings.Join(charts, ", ")
	}
	var fixes []lint.Fix
	for _, f := range u.fixes {
		if !slices.ContainsFunc(fixes, func(g lint.Fix) bool { return g.Title == f.Title }) {
			fixes = append(fixes, f)
		}
	}
	return lint.Finding{Span: u.span, Message: msg, Fixes: fixes}
}

// scopeName names the chart whose values a read reads: its name, or for
// a subchart its path of names from the root chart ("jh/postgresql");
// nil is the root chart.
func scopeName(root, c *chart.Chart) string {
	if c == nil || c == root {
		return root.Name()
	}
	var path func(at *chart.Chart) []string
	path = func(at *chart.Chart) []string {
		if at == c {
			return []string{at.Name()}
		}
		for _, s := range at.Subcharts {
			if p := path(s); p != nil {
				return append([]string{at.Name()}, p...)
			}
		}
		return nil
	}
	if p := path(root); p != nil {
		return strings.Join(p, "/")
	}
	return c.Name()
}

// rendering is what an undefined read renders as, for the message.
func rendering(r refs.Read) string {
	if r.Renders == "" {
		return "empty"
	}
	return r.Renders
}

// renderFailures are where the render failed (template-render reports
// them).
func renderFailures(rel *render.Release) []source.Span {
	if rel.Output == nil {
		return nil
	}
	var at []source.Span
	for _, e := range rel.Output.Errors {
		at = append(at, e.Span)
	}
	return at
}

// failedAt reports whether one of the failures starts inside span: a read
// the render failed on (a nil pointer) is template-render's error, not an
// empty value.
func failedAt(failures []source.Span, span source.Span) bool {
	for _, at := range failures {
		if at.File != nil && at.File == span.File && span.Start <= at.Start && at.Start <= span.End {
			return true
		}
	}
	return false
}

// shownPath is the values path of a read as its chart sees it, dotted.
func shownPath(r refs.Read) string {
	if len(r.Path) == len(r.RootPath) {
		return strings.Join(r.RootPath, ".")
	}
	return strings.Join(r.Path, ".")
}

// replaceSegmentFix replaces the segment i of the read's path, misspelled,
// by near where the template writes it: the read must be a field chain
// (.Values.a.b, $.Values.a.b, $v.b) that ends with the path's segments.
// It returns no fix when the template does not write it so.
func replaceSegmentFix(r refs.Read, i int, near string) []lint.Fix {
	text := string(r.Span.File.Data[r.Span.Start:r.Span.End])
	if i < 0 || i >= len(r.Path) || !fieldChain().MatchString(text) || !identifier().MatchString(near) {
		return nil
	}
	parts := strings.Split(text, ".")
	at := len(parts) - (len(r.Path) - i)
	if at < 1 || parts[at] != r.Path[i] {
		return nil
	}
	start := r.Span.Start + len(strings.Join(parts[:at], ".")) + 1
	path := append(append(append([]string(nil), r.Path[:i]...), near), r.Path[i+1:]...)
	return []lint.Fix{{
		Title: "use .Values." + strings.Join(path, "."),
		Edits: []lint.Edit{{Span: source.Span{File: r.Span.File, Start: start, End: start + len(r.Path[i])}, NewText: near}},
	}}
}

var (
	// fieldChain matches a template's field chain on .Values or a variable.
	fieldChain = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\$[A-Za-z0-9_]*)?(\.[A-Za-z_][A-Za-z0-9_]*)+$`) })
	identifier = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`) })
)

// addValueFix adds the read's path, with the value null, to the values.yaml
// of the chart that reads it; for a chart inside an archive, which no one
// edits, to the root chart's values.yaml at the path the root sees. It
// returns no fix without a values.yaml whose layout allows the edit.
// files holds the values files read so far (nil for one that does not
// parse).
func addValueFix(root *chart.Chart, r refs.Read, files map[*source.File]*yamlText) []lint.Fix {
	c, path := r.Chart, r.Path
	if c == nil || c.InArchive() {
		c, path = root, r.RootPath
	}
	f := c.File("values.yaml")
	if f == nil {
		return nil
	}
	y, read := files[f]
	if !read {
		y, _ = valuesYAML(f)
		files[f] = y
	}
	if y == nil {
		return nil
	}
	edits, ok := y.addKeyEdits(path)
	if !ok {
		return nil
	}
	return []lint.Fix{{Title: fmt.Sprintf("add %s to %s", strings.Join(path, "."), f.Path), Edits: edits}}
}

// undefinedAt walks path in vals: it returns the index of the first
// segment that a mapping lacks (with the closest existing key), or -1 when
// the path is defined or leaves the mappings (a null, a scalar, a list
// element or a wildcard).
func undefinedAt(vals map[string]any, path []string) (int, string) {
	missing, lacking := missingAt(vals, path)
	if missing < 0 {
		return -1, ""
	}
	return missing, closest(path[missing], lacking)
}

// missingAt is undefinedAt without the search for the closest key, which
// only a reported read needs: it returns the mapping that lacks the
// segment instead.
func missingAt(vals map[string]any, path []string) (int, map[string]any) {
	cur := any(vals)
	for i, seg := range path {
		if seg == "[]" || seg == "*" {
			return -1, nil
		}
		m, ok := asMap(cur)
		if !ok {
			return -1, nil
		}
		next, ok := m[seg]
		if !ok {
			return i, m
		}
		cur = next
	}
	return -1, nil
}

func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case interface{ AsMap() map[string]any }:
		return m.AsMap(), true
	}
	return nil, false
}

// closest is the key of m nearest to seg by edit distance, if close.
func closest(seg string, m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return closestName(seg, keys)
}

// closestName is the name nearest to s by edit distance (ignoring case),
// if close; of equally near names, the first in byte order.
func closestName(s string, names []string) string {
	names = slices.Sorted(slices.Values(names))
	best, bestDist := "", max(2, len(s)/3)+1
	lower := strings.ToLower(s)
	for _, n := range names {
		if d := suggest.Within(lower, strings.ToLower(n), bestDist); d < bestDist && n != s {
			best, bestDist = n, d
		}
	}
	return best
}

// schemaDefines reports whether the chart's values.schema.json names the path.
func schemaDefines(cache map[*chart.Chart]*schema.ValuesSchema, c *chart.Chart, path []string) bool {
	if c == nil || len(c.Schema) == 0 {
		return false
	}
	s, ok := cache[c]
	if !ok {
		s, _ = schema.CompileValues(c.Schema)
		cache[c] = s
	}
	if s == nil {
		return false
	}
	_, found := s.Lookup(path)
	return found
}

// testedPaths are the values paths tested (if, with, hasKey, default...)
// in each template file: the author expects them to be optional there.
// The paths are keyed by their elements joined with NULs.
type testedPaths map[*source.File]map[string]bool

// testedIn returns the tested paths of the chart's templates. They depend
// on the chart alone: they are found once per chart, for the first values
// set with an undefined read, and only read after.
func testedIn(p *lint.Pass) testedPaths {
	return p.ChartMemo("tested-paths", func() any {
		t := testedPaths{}
		var key []byte
		for _, r := range p.Index().Reads() {
			if !r.Guarded || r.Span.File == nil {
				continue
			}
			key = appendPathKey(key[:0], r.RootPath)
			if t[r.Span.File][string(key)] {
				continue
			}
			if t[r.Span.File] == nil {
				t[r.Span.File] = map[string]bool{}
			}
			t[r.Span.File][string(key)] = true
		}
		return t
	}).(testedPaths)
}

// has reports whether the root path of r is tested in r's file.
func (t testedPaths) has(r refs.Read) bool {
	var buf [128]byte
	return t[r.Span.File][string(appendPathKey(buf[:0], r.RootPath))]
}

// appendPathKey appends the elements of path, joined with NULs, to b.
func appendPathKey(b []byte, path []string) []byte {
	for i, e := range path {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, e...)
	}
	return b
}

// direct reports whether the read is written as a .Values path where it
// happens. Reads of a value handed to a helper as a parameter (".value",
// ".context.Values.x" in a library helper) and map lookups with index are
// left alone: helpers of that kind cope with empty values, and index is the
// idiom for optional keys.
func direct(r refs.Read) bool {
	text := string(r.Span.File.Data[r.Span.Start:r.Span.End])
	if strings.HasPrefix(text, "index ") {
		return false
	}
	if len(r.Via) == 0 {
		return strings.Contains(text, ".Values")
	}
	return strings.HasPrefix(text, ".Values") || strings.HasPrefix(text, "$.Values")
}

// definedIn reports whether the chart's own values.yaml holds the path,
// null values included (coalescing drops those).
func definedIn(vals map[string]any, path []string) bool {
	missing, _ := missingAt(vals, path)
	return missing < 0
}

// documented reports whether the chart's values.yaml mentions the last key
// of the path in a comment ("# storageClassName: standard"): an optional
// value the chart documents without setting.
func documented(c *chart.Chart, path []string) bool {
	if c == nil {
		return false
	}
	f := c.File("values.yaml")
	if f == nil || len(path) == 0 {
		return false
	}
	key := []byte(path[len(path)-1] + ":")
	for line := range bytes.SplitSeq(f.Data, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if bytes.HasPrefix(t, []byte("#")) && bytes.HasPrefix(bytes.TrimLeft(t, "# \t-"), key) {
			return true
		}
	}
	return false
}
