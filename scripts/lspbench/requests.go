package main

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lsp/lsptest"
)

// Where requests are made in a template: right after `.Values.`, in an
// include or template name, in the last element of a .Values path.
var (
	valuesDot   = regexp.MustCompile(`\.Values\.`)
	valuesPath  = regexp.MustCompile(`\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)`)
	includeName = regexp.MustCompile(`\b(?:include|template) "([^"]+)"`)
)

// places are the positions of a template where the benchmark asks.
type places struct {
	afterValues, inValuesPath, inIncludeName []lsptest.Position
}

func placesIn(text string) places {
	f := source.NewFile("", []byte(text))
	pos := func(offset int) lsptest.Position {
		p := f.UTF16(offset)
		return lsptest.Position{Line: p.Line, Character: p.Character}
	}
	var p places
	for _, m := range valuesDot.FindAllStringIndex(text, -1) {
		p.afterValues = append(p.afterValues, pos(m[1]))
	}
	for _, m := range valuesPath.FindAllStringSubmatchIndex(text, -1) {
		last := strings.LastIndexByte(text[m[2]:m[3]], '.') + m[2] + 1
		p.inValuesPath = append(p.inValuesPath, pos((last+m[3])/2))
	}
	for _, m := range includeName.FindAllStringSubmatchIndex(text, -1) {
		p.inIncludeName = append(p.inIncludeName, pos((m[2]+m[3])/2))
	}
	return p
}

// interleave alternates the positions of two lists.
func interleave(a, b []lsptest.Position) []lsptest.Position {
	var out []lsptest.Position
	for i := 0; i < max(len(a), len(b)); i++ {
		if i < len(a) {
			out = append(out, a[i])
		}
		if i < len(b) {
			out = append(out, b[i])
		}
	}
	return out
}

// samples are the durations of one kind of request, and how many answers
// were empty or errors.
type samples struct {
	durations []time.Duration
	empty     int
	failed    int
	firstErr  error
}

func (s *samples) add(d time.Duration, raw json.RawMessage, err error, nonEmpty func(json.RawMessage) bool) {
	switch {
	case err != nil:
		s.failed++
		if s.firstErr == nil {
			s.firstErr = err
		}
	case !nonEmpty(raw):
		s.empty++
	default:
		s.durations = append(s.durations, d)
	}
}

// percentile returns the duration below which p percent of the answers
// came (nearest rank); answers with content only.
func (s *samples) percentile(p int) time.Duration {
	if len(s.durations) == 0 {
		return 0
	}
	d := slices.Sorted(slices.Values(s.durations))
	rank := (p*len(d) + 99) / 100
	return d[max(rank, 1)-1]
}

// warning says which answers were not counted in the figures.
func (s *samples) warning() string {
	total := len(s.durations) + s.empty + s.failed
	var parts []string
	if s.empty > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d answers EMPTY", s.empty, total))
	}
	if s.failed > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d FAILED (%v)", s.failed, total, s.firstErr))
	}
	if len(s.durations) == 0 {
		parts = append(parts, "no figure: nothing answered with content")
	}
	if len(parts) == 0 {
		return ""
	}
	return "WARNING: " + strings.Join(parts, "; ")
}

// requests measures completion, hover and definition on the unchanged
// document, cfg.n of each.
func requests(s *server, doc *document) {
	p := placesIn(doc.text)
	uri := lsptest.URI(doc.path)
	kinds := []struct {
		label, method string
		at            []lsptest.Position
		nonEmpty      func(json.RawMessage) bool
	}{
		{"completion after .Values.", "textDocument/completion", p.afterValues, hasCompletions},
		{"hover on includes and .Values paths", "textDocument/hover", interleave(p.inIncludeName, p.inValuesPath), hasHover},
		{"definition of includes and .Values paths", "textDocument/definition", interleave(p.inIncludeName, p.inValuesPath), hasLocations},
	}
	for _, k := range kinds {
		if len(k.at) == 0 {
			report(k.label, "no such place in the template", "")
			continue
		}
		var got samples
		for i := range s.cfg.n {
			raw, d, err := s.ask(k.method, uri, k.at[i%len(k.at)])
			got.add(d, raw, err, k.nonEmpty)
		}
		label := fmt.Sprintf("%s p50/p99 (n=%d)", k.label, s.cfg.n)
		if len(got.durations) == 0 {
			report(label, "-", got.warning())
			continue
		}
		p50, p99 := got.percentile(50), got.percentile(99)
		report(label, ms(p50)+" / "+ms(p99), join(goal(p99 < 2*time.Millisecond, "p99 < 2 ms"), got.warning()))
	}
}

// ask sends a request at a position and times it.
func (s *server) ask(method, uri string, at lsptest.Position) (json.RawMessage, time.Duration, error) {
	ctx, cancel := s.cfg.timeoutCtx()
	defer cancel()
	params := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at}
	if method == "textDocument/completion" {
		params["context"] = map[string]any{"triggerKind": 1}
	}
	var raw json.RawMessage
	start := time.Now()
	err := s.Call(ctx, method, params, &raw)
	return raw, time.Since(start), err
}

// editCompletions types `{{ .Values.` at the start of a line and asks for
// completions at its end at once, then takes it away again.
func editCompletions(s *server, doc *document) error {
	uri := lsptest.URI(doc.path)
	line := middleLine(doc.text)
	typed := "{{ .Values."
	at := lsptest.Position{Line: line, Character: len(typed)}
	var got samples
	version := 100
	for range s.cfg.edits {
		version++
		if err := s.Change(doc.path, version, &lsptest.Range{Start: lsptest.Position{Line: line}, End: lsptest.Position{Line: line}}, typed); err != nil {
			return err
		}
		raw, d, err := s.ask("textDocument/completion", uri, at)
		got.add(d, raw, err, hasCompletions)
		version++
		if err := s.Change(doc.path, version, &lsptest.Range{Start: lsptest.Position{Line: line}, End: at}, ""); err != nil {
			return err
		}
	}
	label := fmt.Sprintf("completion right after an edit p50/p99 (n=%d)", s.cfg.edits)
	if len(got.durations) == 0 {
		report(label, "-", got.warning())
		return nil
	}
	p50, p99 := got.percentile(50), got.percentile(99)
	report(label, ms(p50)+" / "+ms(p99),
		join(goal(p50 < 5*time.Millisecond, "p50 < 5 ms"), goal(p99 < 20*time.Millisecond, "p99 < 20 ms"), got.warning()))
	return nil
}

// typing types a syntax error at the start of a line and times its
// diagnostic's publication, then takes it away and waits for the
// diagnostic to go.
func typing(s *server, doc *document) {
	uri := lsptest.URI(doc.path)
	line := middleLine(doc.text) + 2
	typed := "{{ ) }}"
	errorAt := func(p lsptest.Published) bool {
		return slices.ContainsFunc(p.Diagnostics, func(d lsptest.Diagnostic) bool {
			return d.Severity == 1 && d.Range.Start.Line == line
		})
	}
	var got samples
	version := 1000
	label := fmt.Sprintf("syntax error typed → published p50/p95 (n=%d)", s.cfg.typing)
	for range s.cfg.typing {
		version++
		start := time.Now()
		if err := s.Change(doc.path, version, &lsptest.Range{Start: lsptest.Position{Line: line}, End: lsptest.Position{Line: line}}, typed); err != nil {
			report(label, "", "FAILED: "+err.Error())
			return
		}
		published, err := s.waitPublished(uri, version, errorAt)
		if err != nil {
			report(label, "none", fmt.Sprintf("no diagnostic within %s of the change", s.cfg.timeout/10))
			return
		}
		got.durations = append(got.durations, published.Sub(start))
		version++
		if err := s.Change(doc.path, version, &lsptest.Range{Start: lsptest.Position{Line: line}, End: lsptest.Position{Line: line, Character: len(typed)}}, ""); err != nil {
			report(label, "", "FAILED: "+err.Error())
			return
		}
		if _, err := s.waitPublished(uri, version, func(p lsptest.Published) bool { return !errorAt(p) }); err != nil {
			report(label, "", "the syntax error's diagnostic stayed after it was taken away")
			return
		}
	}
	p50, p95 := got.percentile(50), got.percentile(95)
	report(label, ms(p50)+" / "+ms(p95), goal(p95 < 100*time.Millisecond, "p95 < 100 ms"))
}

// waitPublished waits for diagnostics of the document's version (of any,
// for servers that publish none) satisfying ok, and returns when they came.
func (s *server) waitPublished(uri string, version int, ok func(lsptest.Published) bool) (time.Time, error) {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.timeout/10)
	defer cancel()
	_, err := s.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool {
		return (p.Version == version || p.Version == 0) && ok(p)
	})
	return time.Now(), err
}

// middleLine is a line in the middle of the template: where the edits are
// typed, at the start of the line.
func middleLine(text string) int { return strings.Count(text, "\n") / 2 }

// hasCompletions reports whether a completion answer has items.
func hasCompletions(raw json.RawMessage) bool {
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) == nil {
		return len(items) > 0
	}
	return json.Unmarshal(raw, &list) == nil && len(list.Items) > 0
}

// hasHover reports whether a hover answer has contents: a string, a
// MarkupContent or MarkedString, or a list of them.
func hasHover(raw json.RawMessage) bool {
	var h struct {
		Contents json.RawMessage `json:"contents"`
	}
	if json.Unmarshal(raw, &h) != nil || len(h.Contents) == 0 {
		return false
	}
	var text string
	var markup struct {
		Value string `json:"value"`
	}
	var list []json.RawMessage
	switch {
	case json.Unmarshal(h.Contents, &text) == nil:
		return strings.TrimSpace(text) != ""
	case json.Unmarshal(h.Contents, &list) == nil:
		return len(list) > 0
	case json.Unmarshal(h.Contents, &markup) == nil:
		return strings.TrimSpace(markup.Value) != ""
	}
	return false
}

// hasLocations reports whether a definition answer has a location.
func hasLocations(raw json.RawMessage) bool {
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		return len(list) > 0
	}
	var loc struct {
		URI string `json:"uri"`
	}
	return json.Unmarshal(raw, &loc) == nil && loc.URI != ""
}

// report prints one figure, with its goal's verdict or a warning.
func report(label, figure, note string) {
	fmt.Printf("  %-58s %-18s %s\n", label, figure, note)
}

// goal says whether a goal was met.
func goal(met bool, text string) string {
	if met {
		return "goal " + text + ": met"
	}
	return "goal " + text + ": MISSED"
}

func join(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func optional(d time.Duration) string {
	if d == 0 {
		return "none"
	}
	return ms(d)
}
