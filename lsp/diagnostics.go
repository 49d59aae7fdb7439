package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render"
	"go.lsp.dev/protocol"
)

// diagnostics publishes each root chart's findings, file by file. When a
// chart changes, its template syntax and quick rules are published at
// once, with the findings of the last whole lint that still apply (those
// of unchanged files); the whole lint runs once the edits pause. Work for
// an older snapshot of a chart is cancelled, and its results are never
// published over a newer snapshot's.
type diagnostics struct {
	s     *Server
	delay time.Duration
	seed  maphash.Seed
	// quickSlots and fullSlots bound the lints running at once: every
	// chart of a workspace may be scheduled together (opened, its
	// configuration changed), and each lint holds its chart's renders and
	// parses while it runs. Quick lints have slots of their own, so that
	// the chart being typed in never waits behind whole lints.
	quickSlots, fullSlots chan struct{}

	mu sync.Mutex
	// latest is the newest snapshot scheduled for each root, by folder;
	// shown is what was last published for it.
	latest map[string]uint64
	shown  map[string]shown
	// cancel stops the work scheduled for a root.
	cancel map[string]func()
	// lastFull are the findings of each root's last whole lint.
	lastFull map[string][]lint.Finding
	// published are the paths each root last published diagnostics for,
	// with a hash of what was sent.
	published map[string]map[string]uint64
	stopped   bool
}

type phase int

// shown is the snapshot and phase of a root's last published diagnostics.
type shown struct {
	snap  uint64
	phase phase
}

const (
	phaseQuick phase = iota + 1
	phaseFull
)

func newDiagnostics(s *Server, delay time.Duration) *diagnostics {
	return &diagnostics{
		s: s, delay: delay, seed: maphash.MakeSeed(),
		quickSlots: make(chan struct{}, runtime.GOMAXPROCS(0)), fullSlots: make(chan struct{}, 1),
		latest: map[string]uint64{}, shown: map[string]shown{}, cancel: map[string]func(){},
		lastFull: map[string][]lint.Finding{}, published: map[string]map[string]uint64{},
	}
}

// changed schedules the diagnostics of the roots the files at paths
// belong to, and clears those of roots that are gone.
func (d *diagnostics) changed(snap *cache.Snapshot, paths ...string) {
	d.clearGone(snap)
	for _, root := range snap.Roots() {
		for _, p := range paths {
			if snap.Root(p) == root || slices.Contains(root.Config.ValuesFiles, p) || filepath.Base(p) == lint.ConfigFile {
				d.schedule(snap, root, true)
				break
			}
		}
	}
}

// indexAll loads, indexes and lints every chart of the snapshot, one after
// the other, reporting progress: afterwards every feature answers at once.
func (d *diagnostics) indexAll(ctx context.Context, snap *cache.Snapshot) {
	d.clearGone(snap)
	roots := snap.Roots()
	p := d.s.startProgress(ctx, "Indexing charts")
	for i, root := range roots {
		if ctx.Err() != nil {
			break
		}
		p.report(ctx, i, len(roots), filepath.Base(root.Dir))
		root.Index()
		root.Values()
		d.schedule(snap, root, false)
	}
	p.end(ctx, fmt.Sprintf("%d charts", len(roots)))
}

// schedule starts the diagnostics of a root in a snapshot: quick ones
// after quickDelay and the whole lint after the delay (at once without
// debounce),
// cancelling older work for the root. Without debounce it waits for the
// lint, so that indexing goes one chart at a time.
func (d *diagnostics) schedule(snap *cache.Snapshot, root *cache.Root, debounce bool) {
	d.mu.Lock()
	if d.stopped || d.latest[root.Dir] > snap.ID {
		d.mu.Unlock()
		return
	}
	if cancel := d.cancel[root.Dir]; cancel != nil {
		cancel()
	}
	ctx, cancel := context.WithCancel(d.s.ctx)
	d.latest[root.Dir] = snap.ID
	if !debounce {
		d.cancel[root.Dir] = cancel
		d.mu.Unlock()
		d.full(ctx, snap, root)
		return
	}
	quick := time.AfterFunc(quickDelay, func() { d.quick(ctx, snap, root) })
	full := time.AfterFunc(d.delay, func() { d.full(ctx, snap, root) })
	d.cancel[root.Dir] = func() { quick.Stop(); full.Stop(); cancel() }
	d.mu.Unlock()
}

// quickDelay is how long the quick diagnostics wait after a change: a
// request the editor sends with the keystroke (completion after a "."),
// which should not share the cores with them, is answered first, and a
// burst of keystrokes is diagnosed once.
const quickDelay = 25 * time.Millisecond

// quick publishes what is quick to compute: syntax errors, the rules that
// need no render, and the last whole lint's findings in unchanged files.
// When the root's whole lint is already known (a document opened or closed
// without changes) it is published instead.
func (d *diagnostics) quick(ctx context.Context, snap *cache.Snapshot, root *cache.Root) {
	release, ok := acquire(ctx, d.quickSlots)
	if !ok {
		return
	}
	defer release()
	if found, done := root.Linted(true); done {
		d.publish(ctx, snap, root, phaseFull, merge(found, syntaxFindings(snap, root), configFindings(root)))
		return
	}
	found, err := root.Lint(ctx, snap.Rules(), false)
	if err != nil {
		return
	}
	d.mu.Lock()
	carried := stillValid(root, d.lastFull[root.Dir])
	d.mu.Unlock()
	d.publish(ctx, snap, root, phaseQuick, merge(found, carried, syntaxFindings(snap, root), configFindings(root)))
}

// full publishes the whole lint.
func (d *diagnostics) full(ctx context.Context, snap *cache.Snapshot, root *cache.Root) {
	release, ok := acquire(ctx, d.fullSlots)
	if !ok {
		return
	}
	defer release()
	found, err := root.Lint(ctx, snap.Rules(), true)
	if err != nil {
		if ctx.Err() == nil {
			d.s.log.Warn("lint failed", "chart", root.Dir, "error", err)
		}
		return
	}
	d.mu.Lock()
	if d.latest[root.Dir] == snap.ID {
		d.lastFull[root.Dir] = found
	}
	d.mu.Unlock()
	d.publish(ctx, snap, root, phaseFull, merge(found, syntaxFindings(snap, root), configFindings(root)))
}

// acquire takes a slot, unless ctx ends first; release gives it back.
func acquire(ctx context.Context, slots chan struct{}) (release func(), ok bool) {
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, true
	case <-ctx.Done():
		return nil, false
	}
}

// stillValid returns the findings that apply to the root's chart as it is
// now: those in files the snapshot shares with the lint's, and those about
// the chart as a whole.
func stillValid(root *cache.Root, findings []lint.Finding) []lint.Finding {
	var out []lint.Finding
	for _, f := range findings {
		if f.Span.File == nil {
			out = append(out, f)
			continue
		}
		if _, now := root.FileAt(filepath.Join(root.Dir, filepath.FromSlash(f.Span.File.Path))); now == f.Span.File {
			out = append(out, f)
		}
	}
	return out
}

// syntaxFindings are the parse errors of every template of the root's
// tree, as template-render findings worded as the whole lint words them (a
// block left open named where it opens), so that a message does not change
// when the whole lint comes; when the chart does not load, those of its
// open templates, each parsed alone.
func syntaxFindings(snap *cache.Snapshot, root *cache.Root) []lint.Finding {
	errs := root.SyntaxErrors()
	if errs == nil {
		errs = render.SyntaxErrors(openTemplates(snap, root), root.Parses())
	}
	out := make([]lint.Finding, 0, len(errs))
	for _, e := range errs {
		out = append(out, lint.Finding{Rule: "template-render", Severity: lint.Error, Span: e.Span, Message: rules.RenderErrorMessage(e)})
	}
	return out
}

// configRule is the code of the diagnostic of a configuration file that
// `chartwright lint` stops on; no rule of the lint reports it.
const configRule lint.RuleID = "config"

// configFindings are what is wrong with the configuration that applies to
// the root, as a finding on its line of the .chartwright.yaml, which the
// editor would otherwise ignore while CI fails on it.
func configFindings(root *cache.Root) []lint.Finding {
	problem := root.ConfigProblem()
	if problem == nil {
		return nil
	}
	rel, err := filepath.Rel(root.Dir, problem.Path)
	if err != nil {
		return nil
	}
	data, _ := root.ReadFile(problem.Path)
	file := source.NewFile(filepath.ToSlash(rel), data)
	line := max(problem.Line, 1)
	span := source.Span{File: file, Start: file.LineOffset(line), End: file.Offset(source.Position{Line: line, Column: len(data) + 1})}
	return []lint.Finding{{Rule: configRule, Severity: lint.Error, Span: span, Path: file.Path, Message: problem.Message}}
}

// openTemplates are the documents open in the root's templates folder, as
// templates of a chart named after its folder.
func openTemplates(snap *cache.Snapshot, root *cache.Root) []chart.NamedTemplate {
	var out []chart.NamedTemplate
	for _, o := range snap.Overlays() {
		rel, err := filepath.Rel(root.Dir, o.Path)
		if err != nil || !strings.HasPrefix(filepath.ToSlash(rel), "templates/") {
			continue
		}
		rel = filepath.ToSlash(rel)
		out = append(out, chart.NamedTemplate{
			Name: filepath.Base(root.Dir) + "/" + rel,
			File: &source.File{Name: rel, Path: rel, Data: o.Text},
		})
	}
	return out
}

// merge joins lists of findings, dropping repeats: the same finding, or a
// second template error at the same place (a syntax error is reported by
// the render with the template's name after aliases, by the syntax check
// with its name as loaded; the first list's wins).
func merge(lists ...[]lint.Finding) []lint.Finding {
	type key struct {
		file       *source.File
		path       string
		start, end int
		rule       lint.RuleID
		message    string
	}
	seen := map[key]bool{}
	var out []lint.Finding
	for _, list := range lists {
		for _, f := range list {
			k := key{file: f.Span.File, start: f.Span.Start, end: f.Span.End, rule: f.Rule, message: f.Message}
			if f.Span.File == nil {
				k.path = f.Path // a finding about a file as a whole
			}
			if f.Rule == "template-render" {
				k.message = ""
			}
			if !seen[k] {
				seen[k] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// publish sends the diagnostics of every file of the root, unless a newer
// snapshot of the root was scheduled, or the whole lint of this one was
// already published; files whose diagnostics did not change are skipped.
func (d *diagnostics) publish(ctx context.Context, snap *cache.Snapshot, root *cache.Root, ph phase, findings []lint.Finding) {
	byPath := d.group(snap, root, findings)
	d.mu.Lock()
	defer d.mu.Unlock()
	last := d.shown[root.Dir]
	if d.stopped || ctx.Err() != nil || d.latest[root.Dir] != snap.ID || last.snap == snap.ID && last.phase > ph {
		return
	}
	d.shown[root.Dir] = shown{snap.ID, ph}
	before := d.published[root.Dir]
	now := map[string]uint64{}
	for path, diags := range byPath {
		data, _ := json.Marshal(diags)
		now[path] = maphash.Bytes(d.seed, data)
		if old, ok := before[path]; ok && old == now[path] {
			continue
		}
		d.send(ctx, snap, path, diags)
	}
	for path := range before {
		if _, ok := now[path]; !ok {
			d.send(ctx, snap, path, []protocol.Diagnostic{})
		}
	}
	d.published[root.Dir] = now
}

// group converts the findings to diagnostics by absolute path. Findings
// about the chart as a whole go to its Chart.yaml; findings inside chart
// archives are dropped: no editor can open those files.
func (d *diagnostics) group(snap *cache.Snapshot, root *cache.Root, findings []lint.Finding) map[string][]protocol.Diagnostic {
	d.s.mu.Lock()
	related := d.s.client.relatedInformation
	d.s.mu.Unlock()
	out := map[string][]protocol.Diagnostic{}
	for _, f := range findings {
		path := filepath.Join(root.Dir, "Chart.yaml")
		if f.Span.File != nil {
			p, onDisk := root.Path(f.Span.File)
			if !onDisk {
				continue
			}
			path = p
		}
		out[path] = append(out[path], toDiagnostic(f, root, related))
	}
	return out
}

func (d *diagnostics) send(ctx context.Context, snap *cache.Snapshot, path string, diags []protocol.Diagnostic) {
	params := protocol.PublishDiagnosticsParams{URI: fileURI(path), Diagnostics: diags}
	if o, ok := snap.Overlay(path); ok {
		params.Version = uint32(o.Version)
	}
	d.s.notify(ctx, protocol.MethodTextDocumentPublishDiagnostics, params)
}

// clearGone clears the diagnostics of roots that are no longer charts.
func (d *diagnostics) clearGone(snap *cache.Snapshot) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for dir, paths := range d.published {
		if slices.ContainsFunc(snap.Roots(), func(r *cache.Root) bool { return r.Dir == dir }) {
			continue
		}
		for path := range paths {
			d.send(d.s.ctx, snap, path, []protocol.Diagnostic{})
		}
		delete(d.published, dir)
		delete(d.lastFull, dir)
	}
}

// stop cancels all work; nothing is published after.
func (d *diagnostics) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopped = true
	for _, cancel := range d.cancel {
		cancel()
	}
}

// toDiagnostic is the one conversion of a finding to an LSP diagnostic:
// the rule is its code, linked to the rule's documentation.
func toDiagnostic(f lint.Finding, root *cache.Root, related bool) protocol.Diagnostic {
	diag := protocol.Diagnostic{
		Range:    spanRange(f.Span),
		Severity: diagnosticSeverity(f.Severity),
		Code:     string(f.Rule),
		Source:   "chartwright",
		Message:  shortenMiddle(f.Message),
	}
	if f.Rule != configRule {
		diag.CodeDescription = &protocol.CodeDescription{Href: protocol.URI(RuleDocURL(f.Rule))}
	}
	if sets := nonDefaultSets(f.ValuesSets); len(sets) > 0 {
		diag.Message += " (values: " + strings.Join(sets, ", ") + ")"
	}
	switch f.Rule {
	case "manifest-deprecated-api":
		diag.Tags = []protocol.DiagnosticTag{protocol.DiagnosticTagDeprecated}
	case "values-unused":
		diag.Tags = []protocol.DiagnosticTag{protocol.DiagnosticTagUnnecessary}
	}
	if related {
		for _, r := range f.Related {
			if r.Span.File == nil {
				continue
			}
			if p, onDisk := root.Path(r.Span.File); onDisk {
				diag.RelatedInformation = append(diag.RelatedInformation, protocol.DiagnosticRelatedInformation{
					Location: protocol.Location{URI: fileURI(p), Range: spanRange(r.Span)}, Message: r.Message,
				})
			}
		}
	}
	return diag
}

// maxMessage bounds a diagnostic's message: an include loop's error
// repeats each of its thousands of calls, after Helm, which no editor shows
// usefully.
const maxMessage = 2000

// shortenMiddle keeps the start and the end of a message longer than
// maxMessage: where the error happened and why.
func shortenMiddle(msg string) string {
	if len(msg) <= maxMessage {
		return msg
	}
	head, tail := maxMessage/2, len(msg)-maxMessage/2
	for head > 0 && !utf8.RuneStart(msg[head]) {
		head--
	}
	for tail < len(msg) && !utf8.RuneStart(msg[tail]) {
		tail++
	}
	return msg[:head] + " … " + msg[tail:]
}

func nonDefaultSets(sets []string) []string {
	var out []string
	for _, s := range sets {
		if s != lint.DefaultValuesSet {
			out = append(out, s)
		}
	}
	return out
}

func diagnosticSeverity(s lint.Severity) protocol.DiagnosticSeverity {
	switch s {
	case lint.Error:
		return protocol.DiagnosticSeverityError
	case lint.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}

// RuleDocURL is where a rule's documentation is published.
func RuleDocURL(id lint.RuleID) string {
	return "https://github.com/chartwright/chartwright/blob/main/lint/rules/" + strings.ReplaceAll(string(id), "-", "_") + ".md"
}
