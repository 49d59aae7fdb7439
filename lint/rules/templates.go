package rules

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/kube"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/schema"
	"sigs.k8s.io/yaml"
)

// The templates checks of helm lint.
const (
	templateDir           lint.RuleID = "template-dir"
	chartLoad             lint.RuleID = "chart-load"
	valuesSchemaCoalesced lint.RuleID = "values-schema-coalesced"
	templateRender        lint.RuleID = "template-render"
	templateExtension     lint.RuleID = "template-extension"
	templateCRDHook       lint.RuleID = "template-crd-install-hook"
	templateReleaseTime   lint.RuleID = "template-release-time"
	templateIndent        lint.RuleID = "template-indent"
	manifestYAML          lint.RuleID = "manifest-yaml"
	manifestName          lint.RuleID = "manifest-name"
	manifestDeprecatedAPI lint.RuleID = "manifest-deprecated-api"
	manifestSelector      lint.RuleID = "manifest-selector"
	manifestListAnnot     lint.RuleID = "manifest-list-annotation"
)

func templateRules() []*lint.Rule {
	render := helmRuleValue(templateRender, lint.FamilyTemplate, lint.Error, "every template must parse and execute")
	render.Check = checkTemplateRender
	render.ReadsIndex = true // for the required values the chart leaves empty
	yamlRule := helmRuleValue(manifestYAML, lint.FamilyManifest, lint.Error, "every rendered document must be valid YAML")
	yamlRule.Check = checkManifestYAML
	deprecatedAPI := helmRuleValue(manifestDeprecatedAPI, lint.FamilyManifest, lint.Warning, "no API version deprecated in the target Kubernetes version")
	deprecatedAPI.Check = checkDeprecatedAPI
	return []*lint.Rule{
		helmRuleValue(templateDir, lint.FamilyTemplate, lint.Warning, "the chart should have a templates/ directory"),
		helmRuleValue(chartLoad, lint.FamilyChart, lint.Error, "the chart must load"),
		helmRuleValue(valuesSchemaCoalesced, lint.FamilyValues, lint.Error, "the values of every chart must satisfy its values.schema.json"),
		render,
		helmRuleValue(templateExtension, lint.FamilyTemplate, lint.Warning, "templates must be .yaml, .yml, .tpl or .txt files"),
		helmRuleValue(templateCRDHook, lint.FamilyTemplate, lint.Warning, "crd-install hooks are gone since Helm 3 (Helm 3 only)"),
		helmRuleValue(templateReleaseTime, lint.FamilyTemplate, lint.Warning, ".Release.Time is gone since Helm 3 (Helm 3 only)"),
		helmRuleValue(templateIndent, lint.FamilyTemplate, lint.Warning, "a rendered template must not start indented"),
		yamlRule,
		helmRuleValue(manifestName, lint.FamilyManifest, lint.Error, "metadata.name must follow Kubernetes naming rules for the kind"),
		deprecatedAPI,
		helmRuleValue(manifestSelector, lint.FamilyManifest, lint.Error, "workloads must have matchLabels or matchExpressions"),
		helmRuleValue(manifestListAnnot, lint.FamilyManifest, lint.Warning, "no helm.sh/resource-policy annotation inside a List"),
	}
}

var crdHookSearch = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`"?helm\.sh/hook"?:\s+crd-install`) })

// crdInstallHook is where Helm 3's crd-install hook search matches a
// template, nil for none. The regular expression runs only on templates
// that hold its last words: on megabytes of templates it costs more than
// the rest of a lint.
func crdInstallHook(data []byte) []int {
	if !bytes.Contains(data, []byte("crd-install")) {
		return nil
	}
	return crdHookSearch().FindIndex(data)
}

// noTemplatesVerdict is chartwright's severity and message for a chart
// without a templates/ directory (the finding's place): an umbrella chart,
// with dependencies, installs them (info); a chart without installs
// nothing (the rule's warning).
func noTemplatesVerdict(c *chart.Chart) (lint.Severity, string) {
	if c != nil && (len(c.Subcharts) > 0 || c.Metadata != nil && len(c.Metadata.Dependencies) > 0) {
		return lint.Info, "directory does not exist: the chart installs only its dependencies"
	}
	return 0, "directory does not exist, and the chart has no dependencies: it installs nothing"
}

// templates runs helm lint's templates checks in Helm's order.
func (h *helmLinter) templates() {
	const dir = "templates/"
	p := h.pass
	switch {
	case p.Layout.Templates == lint.Missing && !p.Helm3:
		h.add(templateDir, lint.Warning, dir, source.Span{}, plain("directory does not exist"))
		m := &h.messages[len(h.messages)-1]
		m.own, m.ownText = noTemplatesVerdict(p.Chart)
		return
	case p.Layout.Templates == lint.IsFile:
		sev := lint.Error
		if p.Helm3 {
			sev = lint.Warning
		}
		h.add(templateDir, sev, dir, source.Span{}, plain("not a directory"))
		return
	}
	h.logLoad()
	if !h.add(chartLoad, lint.Error, dir, source.Span{}, p.LoadErr) {
		return
	}
	r := p.Render()
	if r == nil {
		return
	}
	p.LogHelm(r.Log...)
	if r.Release == nil {
		return // dependency processing or coalescing failed: Helm stops silently
	}
	h.logOnce(r.SchemaLog)
	if r.SchemaErr != nil {
		h.add(valuesSchemaCoalesced, lint.Error, dir, fileStart(p.RawFile("values.yaml")), r.SchemaErr)
		return
	}
	out := r.Release.Output
	if out == nil {
		return // coalescing failed: Helm stops silently
	}
	p.LogHelm(out.Log...)
	if len(out.Errors) > 0 {
		e := out.Errors[0]
		h.add(templateRender, lint.Error, dir, e.Span, plain(e.Message))
		h.messages[len(h.messages)-1].ownText = RenderErrorMessage(e)
		return
	}
	rendered := map[string]*render.Rendered{}
	for _, f := range out.Files {
		rendered[f.Name] = f
	}
	for _, t := range lastOfEachName(p.Chart.Templates) {
		name := t.Name
		h.add(templateExtension, lint.Error, name, fileStart(t), validateAllowedExtension(name))
		if p.Helm3 {
			if loc := crdInstallHook(t.Data); loc != nil {
				h.add(templateCRDHook, lint.Warning, name, source.Span{File: t, Start: loc[0], End: loc[1]},
					plain("manifest is a crd-install hook. This hook is no longer supported in v3 and all CRDs should also exist the crds/ directory at the top level of the chart"))
			}
			if i := bytes.Index(t.Data, []byte(".Release.Time")); i >= 0 { // Helm's regexp \.Release\.Time
				h.add(templateReleaseTime, lint.Error, name, source.Span{File: t, Start: i, End: i + len(".Release.Time")},
					plain(".Release.Time has been removed in v3, please replace with the `now` function in your templates"))
			}
		}
		if !h.isYAMLTemplate(name) {
			continue
		}
		rf := rendered[h.templateName(name)]
		if rf == nil || strings.TrimSpace(rf.Content) == "" {
			continue
		}
		if line, err := topIndent(rf.Content); err != nil {
			h.add(templateIndent, lint.Warning, name, origin(rf, line), err)
		}
		dc := decoderOf(p)
		for _, d := range dc.decodeRendered(rf, dc.head) {
			if d.err != nil {
				line := d.errorLine()
				h.addRelated(manifestYAML, lint.Error, name, origin(rf, line), fmt.Errorf("unable to parse YAML: %w", d.err), d.related(line))
				if hint := tabHint(rf.Content, line, d.err.Error()); hint != "" {
					m := &h.messages[len(h.messages)-1]
					m.ownText = m.message + hint
				}
				return
			}
			if d.head == nil {
				continue
			}
			h.documentChecks(name, rf, d)
		}
	}
}

// lastOfEachName keeps, of the files an archive holds twice under one name,
// the last: helm lint extracts an archive to a folder before it loads it.
func lastOfEachName(files []*source.File) []*source.File {
	last := make(map[string]int, len(files))
	for i, f := range files {
		last[f.Name] = i
	}
	if len(last) == len(files) {
		return files
	}
	var out []*source.File
	for i, f := range files {
		if last[f.Name] == i {
			out = append(out, f)
		}
	}
	return out
}

// documentChecks are the checks helm lint runs on each decoded document.
func (h *helmLinter) documentChecks(name string, rf *render.Rendered, d *document) {
	hd := d.head
	line := d.nameLine()
	if span := origin(rf, line); !h.addRelated(manifestName, lint.Warning, name, span, validateMetadataName(hd), d.related(line)) {
		m := &h.messages[len(h.messages)-1]
		if schema.IsList(decoderOf(h.pass).object(d.text).object) {
			m.own, m.ownText = listNameVerdict(m.message)
		} else if f, ok := undefinedReadOnLine(h.pass, span); ok { // the name's cause, which values-undefined leaves here
			m.ownText, m.fixes = m.message+" ("+f.Message+")", f.Fixes
		}
	}
	line = d.lineOf(keyLine("apiVersion"))
	if span := origin(rf, line); !h.addRelated(manifestDeprecatedAPI, lint.Warning, name, span, h.deprecation(hd), d.related(line)) {
		m := &h.messages[len(h.messages)-1]
		m.fixes = apiVersionFix(span, hd, targetRelease(h.pass.KubeVersion))
		if m.own = deprecationSeverity(hd, targetRelease(h.pass.KubeVersion)); m.own == lint.Error {
			if why, ok := capabilityFallback(h.pass, hd); ok {
				m.own, m.ownText = lint.Warning, m.message+why
			}
		}
	}
	line = d.lineOf(keyLine("kind"))
	h.addRelated(manifestSelector, lint.Error, name, origin(rf, line), validateMatchSelector(hd, rf.Content), d.related(line))
	h.addRelated(manifestListAnnot, lint.Error, name, origin(rf, line), h.validateListAnnotations(hd, rf.Content), d.related(line))
}

// listNameVerdict is chartwright's severity and message for helm lint's
// message about the name of a list: information, as Helm creates the
// list's items one by one and never sends the list (manifest-schema checks
// the items' names).
func listNameVerdict(message string) (lint.Severity, string) {
	return lint.Info, message + ": a list has no name of its own: Helm creates its items one by one"
}

// isYAMLTemplate is Helm's test for the files whose output is checked:
// Helm 4 takes .yaml and .yml (any case); Helm 3 takes exactly .yaml.
func (h *helmLinter) isYAMLTemplate(name string) bool {
	ext := filepath.Ext(name)
	if h.pass.Helm3 {
		return ext == ".yaml"
	}
	ext = strings.ToLower(ext)
	return ext == ".yaml" || ext == ".yml"
}

func validateAllowedExtension(name string) error {
	ext := filepath.Ext(name)
	if slices.Contains([]string{".yaml", ".yml", ".tpl", ".txt"}, ext) {
		return nil
	}
	return fmt.Errorf("file extension '%s' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt", ext)
}

// topIndent is Helm's check of the first non-blank line of the output
// (validateTopIndentLevel): an error when it is indented, or when Helm's
// line scanner gives up before it, on a line of 64 KiB or more
// (bufio.ErrTooLong); line is where, from 0.
func topIndent(content string) (line int, err error) {
	i := -1
	for l := range strings.SplitSeq(content, "\n") {
		i++
		if len(l) >= bufio.MaxScanTokenSize { // with its "\r", which the scanner drops after
			return i, bufio.ErrTooLong
		}
		l = strings.TrimSuffix(l, "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			return i, fmt.Errorf("document starts with an illegal indent: %q, which may cause parsing problems", l)
		}
		return 0, nil
	}
	return 0, nil
}

// deprecation is Helm's deprecated-API check against the target version.
func (h *helmLinter) deprecation(hd *head) error {
	if hd.APIVersion == "" || hd.Kind == "" {
		return nil
	}
	d, ok := kube.LookupDeprecation(hd.APIVersion, hd.Kind)
	if !ok || !d.AppliesTo(targetRelease(h.pass.KubeVersion)) {
		return nil
	}
	return plain(d.Message())
}

// deprecationSeverity is an error for an API the target Kubernetes version
// no longer serves (removed at or before it: the API server rejects the
// object) and a warning for one deprecated but still served.
func deprecationSeverity(hd *head, target kube.Release) lint.Severity {
	d, _ := kube.LookupDeprecation(hd.APIVersion, hd.Kind)
	if !d.Removed.IsZero() && d.Removed.AtOrBefore(target) {
		return lint.Error
	}
	return lint.Warning
}

// literalAPIVersion matches a template line that writes an apiVersion
// literally; group 1 is the version.
var literalAPIVersion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*apiVersion:\s*["']?([A-Za-z0-9./-]+)["']?\s*(#.*)?$`)
})

// apiVersionFix replaces a deprecated or removed apiVersion by the one
// Kubernetes names to use instead at target, for the same kind, where the
// template line the document's apiVersion came from writes it literally.
// Other spellings (an include, a value) get no fix.
func apiVersionFix(span source.Span, hd *head, target kube.Release) []lint.Fix {
	version, ok := replacementVersion(hd, target)
	if !ok || span.File == nil {
		return nil
	}
	data := span.File.Data
	start := bytes.LastIndexByte(data[:span.Start], '\n') + 1
	end := len(data)
	if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
		end = start + i
	}
	m := literalAPIVersion().FindSubmatchIndex(bytes.TrimSuffix(data[start:end], []byte("\r")))
	if m == nil || string(data[start+m[2]:start+m[3]]) != hd.APIVersion {
		return nil
	}
	return []lint.Fix{{
		Title: "use apiVersion " + version,
		Edits: []lint.Edit{{Span: source.Span{File: span.File, Start: start + m[2], End: start + m[3]}, NewText: version}},
	}}
}

func validateMatchSelector(hd *head, content string) error {
	switch hd.Kind {
	case "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet":
		if !strings.Contains(content, "matchLabels") && !strings.Contains(content, "matchExpressions") {
			return fmt.Errorf("a %s must contain matchLabels or matchExpressions, and %q does not", hd.Kind, hd.Name)
		}
	}
	return nil
}

func (h *helmLinter) validateListAnnotations(hd *head, content string) error {
	if hd.Kind != "List" {
		return nil
	}
	var m struct {
		Items []struct {
			Metadata struct {
				Annotations map[string]string
			}
		}
	}
	if err := yaml.Unmarshal([]byte(content), &m); err != nil {
		return fmt.Errorf("unable to parse YAML: %w", err)
	}
	for _, i := range m.Items {
		if _, ok := i.Metadata.Annotations["helm.sh/resource-policy"]; ok {
			if h.pass.Helm3 {
				return errors.New("Annotation 'helm.sh/resource-policy' within List objects are ignored") //lint:ignore ST1005 Helm's message, byte for byte
			}
			return errors.New("annotation 'helm.sh/resource-policy' within List objects are ignored")
		}
	}
	return nil
}

// checkTemplateRender reports Helm's message for the first render error
// and, beyond Helm, every other parse and execution error at its template
// position; a recursion without end is named by its cycle of calls, once,
// where Helm repeats it a thousand times.
func checkTemplateRender(p *lint.Pass) {
	helmRule(templateRender)(p)
	if r := p.Render(); r != nil {
		if pe, ok := errors.AsType[*lint.PanicError](r.Err); ok {
			p.Report(lint.Finding{Message: pe.Error()})
			return
		}
	}
	rel := release(p)
	if rel == nil || rel.Output == nil {
		if r := p.Render(); r != nil && r.Err != nil {
			// The values did not get as far as the templates (a subchart's
			// values that are no table): helm lint says nothing; helm
			// template and install fail.
			p.Report(lint.Finding{Span: fileStart(p.RawFile("Chart.yaml")), Message: "helm template and install fail: " + r.Err.Error()})
		}
		return
	}
	for _, e := range rel.Output.Errors {
		p.Report(lint.Finding{Span: e.Span, Message: RenderErrorMessage(e)})
	}
	reported := requiredWithoutDefault(p)
	for _, m := range distinctMessages(rel.Output.Messages) {
		if !reportedAsEmpty(reported, m) {
			p.Report(requestedFinding(p, m))
		}
	}
}

// reportedAsEmpty reports whether values-required-without-default already
// names the value whose required call fired at m, there or elsewhere (a
// required of the same message in a template it does not check): one
// problem, one finding.
func reportedAsEmpty(reported []emptyRequired, m render.Message) bool {
	for _, r := range reported {
		if sameLine(r.read.Span, m.Span) || m.Text == requiredPrefix+r.msg {
			return true
		}
	}
	return false
}

// requiredPrefix starts the message of a required that fired.
const requiredPrefix = "Missing required value: "

// distinctMessages keeps one message of each text: a helper's fail or
// required fires at every call of the helper, for one problem. It keeps
// the one placed at the call of fail or required itself, if one is, or
// else the first.
func distinctMessages(msgs []render.Message) []render.Message {
	var out []render.Message
	at := map[string]int{}
	for _, m := range msgs {
		i, seen := at[m.Text]
		switch {
		case !seen:
			at[m.Text] = len(out)
			out = append(out, m)
		case !atCall(out[i]) && atCall(m):
			out[i] = m
		}
	}
	return out
}

// atCall reports whether a message is placed on the name of the function
// that said it.
func atCall(m render.Message) bool {
	f := m.Span.File
	if f == nil || m.Span.End > len(f.Data) {
		return false
	}
	fn := string(f.Data[m.Span.Start:m.Span.End])
	return fn == "fail" && strings.HasPrefix(m.Text, "Fail: ") || fn == "required" && strings.HasPrefix(m.Text, requiredPrefix)
}

// requestedFinding reports a required or fail that fired: lint renders as
// helm lint does, where they do not stop the render, but helm install and
// helm template stop there. With values the user gave that is an error;
// with the chart's defaults only, it is the chart asking for input the
// user has not given yet, a warning.
func requestedFinding(p *lint.Pass, m render.Message) lint.Finding {
	if len(p.UserValues) == 0 {
		return lint.Finding{Severity: lint.Warning, Span: m.Span,
			Message: m.Text + " (the chart asks for this input: installing with its defaults fails here)"}
	}
	return lint.Finding{Severity: lint.Error, Span: m.Span, Message: m.Text + " (installing with these values fails here)"}
}

// RenderErrorMessage is chartwright's message for a render error: Helm's,
// but a recursion without end named by its cycle of calls, once, where
// Helm repeats it a thousand times, and a block left open named where it
// opens, where Helm names the end of the file.
func RenderErrorMessage(e *render.Error) string {
	if len(e.Recursion) > 0 {
		return fmt.Sprintf("rendering %s calls itself without end: %s", e.Template, strings.Join(e.Recursion, " → "))
	}
	if f := e.Span.File; f != nil && strings.HasSuffix(e.Message, "unexpected EOF") && e.Span.End > e.Span.Start {
		// The error is placed at the block left open (see fastparse).
		return fmt.Sprintf("%s: the %s at line %d has no {{ end }}", e.Message, f.Data[e.Span.Start:e.Span.End], f.Position(e.Span.Start).Line)
	}
	return e.Message
}

// checkManifestYAML reports Helm's message for the first document that
// does not parse and, beyond Helm, every such document of every rendered
// file, subcharts included.
func checkManifestYAML(p *lint.Pass) {
	helmRule(manifestYAML)(p)
	for _, d := range renderedDocuments(p) {
		if d.err == nil {
			continue
		}
		line := d.errorLine()
		p.Report(lint.Finding{Span: origin(d.rendered, line), Message: "unable to parse YAML: " + d.err.Error() + tabHint(d.rendered.Content, line, d.err.Error()), Related: d.related(line)})
	}
}
