package lsp

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/funcdoc"
	"github.com/chartwright/chartwright/render/refs"
	"github.com/chartwright/chartwright/schema"
	"go.lsp.dev/protocol"
)

func (s *Server) hover(ctx context.Context, snap *cache.Snapshot, params *protocol.HoverParams) (*protocol.Hover, error) {
	doc, offset, err := documentAt(snap, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	h, err := hoverAt(ctx, snap, doc, offset)
	if err != nil || h == nil {
		return nil, err
	}
	s.mu.Lock()
	kind := protocol.PlainText
	if s.client.markdown {
		kind = protocol.Markdown
	}
	s.mu.Unlock()
	hover := &protocol.Hover{Contents: protocol.MarkupContent{Kind: kind, Value: h.text}}
	if h.span.File == doc.File && h.span.Start <= offset && offset <= h.span.End {
		// A range elsewhere (the key, for a hover on its value or on a
		// line of its block scalar) would place the hover away from the
		// pointer: without one, the editor takes the word there.
		r := spanRange(h.span)
		hover.Range = &r
	}
	return hover, nil
}

// hoverInfo is what hover shows about the span: Markdown.
type hoverInfo struct {
	span source.Span
	text string
}

// hoverAt returns what hover shows at offset of doc, nil when there is
// nothing to say: what sits there, and the documentation of the rules of
// the lint findings there.
func hoverAt(ctx context.Context, snap *cache.Snapshot, doc *cache.Document, offset int) (*hoverInfo, error) {
	var parts []string
	var span source.Span
	s, ok := symbolAt(doc, offset)
	if ok {
		if text := symbolHover(doc, s); text != "" {
			parts, span = append(parts, text), s.span
		}
	}
	findings, err := findingsAt(ctx, snap, doc, offset)
	if err != nil {
		return nil, err
	}
	for _, f := range findings {
		if s.kind == symbolRule && s.name == string(f.Rule) {
			continue // its documentation is shown already
		}
		if span.File == nil {
			span = f.Span
		}
		parts = append(parts, ruleHover(string(f.Rule)))
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return &hoverInfo{span: span, text: strings.Join(parts, "\n\n---\n\n")}, nil
}

// symbolHover is what hover says about a symbol, "" when nothing.
func symbolHover(doc *cache.Document, s symbol) string {
	switch s.kind {
	case symbolValues:
		return valuesHover(doc, s)
	case symbolBuiltin:
		return builtinHover(doc.Root, s)
	case symbolTemplate:
		return templateHover(s)
	case symbolFunction:
		return functionHover(s.name, doc.Root.Config.Helm3)
	case symbolVariable:
		return variableHover(s)
	case symbolFile:
		return fileHover(s)
	case symbolKubeField:
		return kubeFieldHover(doc.Root, s)
	case symbolChartField:
		if n, ok := schema.ChartfileLookup(s.path); ok {
			return schemaHover(s.path[len(s.path)-1], n)
		}
	case symbolRule:
		return ruleHover(s.name)
	case symbolSetting:
		return settingHover(s.name)
	}
	return ""
}

// findingsAt returns the lint findings whose span holds offset of doc, of
// the lint the snapshot ran: its quick rules, and all of them once the
// whole lint ran.
func findingsAt(ctx context.Context, snap *cache.Snapshot, doc *cache.Document, offset int) ([]lint.Finding, error) {
	switch {
	case doc.Root == nil:
		return nil, nil
	case doc.Kind == cache.KindConfig || doc.Kind == cache.KindOther:
		return nil, nil // the lint reports nothing there
	}
	found, ok := doc.Root.Linted(true)
	if !ok {
		var err error
		if found, err = doc.Root.Lint(ctx, snap.Rules(), false); err != nil {
			// A lint cut short (the request cancelled) has no findings.
			return nil, ctx.Err()
		}
	}
	var out []lint.Finding
	for _, f := range found {
		if f.Span.File == doc.File && f.Span.Start <= offset && offset <= max(f.Span.End, f.Span.Start+1) &&
			!slices.ContainsFunc(out, func(o lint.Finding) bool { return o.Rule == f.Rule }) {
			out = append(out, f)
		}
	}
	return out, nil
}

// valuesHover is what hover says about a values path: the value each
// values file sets, its documentation, the value that renders, what
// values.schema.json says, and, on a key of a values file, how many
// templates read it.
func valuesHover(doc *cache.Document, s symbol) string {
	vals := doc.Root.Values()
	var b strings.Builder
	fmt.Fprintf(&b, "**`.Values.%s`**", pathString(s.path))
	if len(s.rootPaths) > 0 && !slices.Equal(s.rootPaths[0], s.path) {
		fmt.Fprintf(&b, " of %s, `%s` in the root's values", s.chart.Name(), pathString(s.rootPaths[0]))
	}
	if vals == nil {
		return b.String()
	}
	keys := valuesKeys(doc.Root, vals, s.rootPaths)
	if comment := keysComment(keys); comment != "" {
		b.WriteString("\n\n" + comment)
	}
	if len(keys) > 0 {
		b.WriteString("\n")
	}
	for _, k := range keys {
		fmt.Fprintf(&b, "\n- `%s`: %s", valuesFileLabel(doc.Root, k.file), inlineYAML(spanText(k.key.Value)))
	}
	if v, ok := mergedValue(vals, s.rootPaths); ok && !ranged(s.path) {
		fmt.Fprintf(&b, "\n\nRenders: %s", inlineYAML(renderedText(v, keys)))
	}
	if line := valuesSchemaLine(doc.Root, vals, s.rootPaths); line != "" {
		b.WriteString("\n\n" + line)
	}
	if s.key != nil {
		b.WriteString("\n\n" + readCount(doc.Root.Index(), s.rootPaths))
	}
	return b.String()
}

// ranged reports whether a path goes through the elements of a ranged
// list or map, whose values differ from one element to the next.
func ranged(path []string) bool {
	return slices.Contains(path, "[]") || slices.Contains(path, "*")
}

// keysComment is the documentation of a values path: the comments of its
// declaration, else of the first key that has some.
func keysComment(keys []valuesKey) string {
	for _, k := range keys {
		if doc := k.key.Doc(); k.declared && doc != "" {
			return doc
		}
	}
	for _, k := range keys {
		if doc := k.key.Doc(); doc != "" {
			return doc
		}
	}
	return ""
}

// valuesFileLabel names a values file: its path from the root chart's
// folder, or its absolute path when it lies elsewhere.
func valuesFileLabel(root *cache.Root, vf *cache.ValuesFile) string {
	if rel, err := filepath.Rel(root.Dir, vf.Path); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel)
	}
	return vf.Path
}

// maxHoverLines bounds the lines of a value a hover shows.
const maxHoverLines = 12

// inlineYAML shows YAML text: inline code when it is one line, a block
// otherwise.
func inlineYAML(text string) string {
	if !strings.Contains(text, "\n") {
		return "`" + text + "`"
	}
	return "\n" + codeBlock("yaml", dedent(text))
}

// codeBlock shows text as a fenced block of at most maxHoverLines lines.
func codeBlock(lang, text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > maxHoverLines {
		lines = append(lines[:maxHoverLines], "…")
	}
	return "```" + lang + "\n" + strings.Join(lines, "\n") + "\n```"
}

// dedent removes from the lines after the first the indentation they
// share: a value written below its key carries its key's.
func dedent(text string) string {
	lines := strings.Split(text, "\n")
	indent := -1
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if n := len(l) - len(strings.TrimLeft(l, " ")); indent < 0 || n < indent {
			indent = n
		}
	}
	for i := 1; i < len(lines); i++ {
		lines[i] = lines[i][min(max(indent, 0), len(lines[i])):]
	}
	return strings.Join(lines, "\n")
}

// valuesSchemaLine is what the first values.schema.json of the tree that
// describes the root paths says, "" when none does.
func valuesSchemaLine(root *cache.Root, vals *cache.Values, rootPaths [][]string) string {
	var line string
	walkTree(root.Load().Chart, func(c *chart.Chart) {
		if line != "" || len(c.Schema) == 0 {
			return
		}
		vs, err := schema.CompileValues(c.Schema)
		if err != nil {
			return
		}
		vf := &cache.ValuesFile{ChartDir: c.Dir}
		for _, rel := range relativePaths(vals, vf, rootPaths) {
			if n, ok := vs.Lookup(rel); ok {
				line = fmt.Sprintf("`%s`: %s", filepath.ToSlash(filepath.Join(c.Dir, "values.schema.json")), schemaSummary(n))
				return
			}
		}
	})
	return line
}

// readCount says how many templates read the root paths or below them.
func readCount(ix *refs.Index, rootPaths [][]string) string {
	if ix == nil {
		return ""
	}
	var templates []string
	for _, r := range rootPaths {
		for _, read := range ix.ReadsUnder(r) {
			if !slices.Contains(templates, read.Template) {
				templates = append(templates, read.Template)
			}
		}
	}
	switch len(templates) {
	case 0:
		return "No template reads it."
	case 1:
		return "Read by 1 template."
	}
	return fmt.Sprintf("Read by %d templates.", len(templates))
}

// schemaHover is what hover says about a key a schema describes.
func schemaHover(name string, n *schema.Node) string {
	return fmt.Sprintf("**`%s`**: %s", name, schemaSummary(n))
}

// schemaSummary is a schema node's type, whether it is required, its
// allowed values and its description.
func schemaSummary(n *schema.Node) string {
	var b strings.Builder
	b.WriteString("`" + n.Type + "`")
	if n.Required {
		b.WriteString(", required")
	}
	if len(n.Enum) > 0 {
		b.WriteString(", one of " + strings.Join(n.Enum, ", "))
	}
	if n.Default != "" {
		b.WriteString(", default " + n.Default)
	}
	for _, l := range n.Limits {
		b.WriteString(", " + l)
	}
	if n.Description != "" {
		b.WriteString("\n\n" + n.Description)
	}
	return b.String()
}

// kubeFieldHover is what the Kubernetes schema of the target version, or
// a CustomResourceDefinition of the chart's crds/ or render, says about a
// field of a manifest.
func kubeFieldHover(root *cache.Root, s symbol) string {
	n, ok := root.KubeSchemas().Lookup(s.apiVersion, s.kubeKind, s.path)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s\n\n%s %s", schemaHover(s.path[len(s.path)-1], n), s.apiVersion, s.kubeKind)
}

// ruleHover is a rule's documentation, as `chartwright lint --explain`
// prints it.
func ruleHover(id string) string {
	r, ok := rules.Lookup(lint.RuleID(id))
	if !ok {
		return fmt.Sprintf("Unknown rule `%s`: `chartwright lint --list-rules` lists the rules.", id)
	}
	return strings.TrimSpace(r.Doc())
}

// configSettings documents the settings of .chartwright.yaml.
var configSettings = map[string]string{
	"kubeVersion": "The Kubernetes version templates are rendered for and manifests validated against (`\"1.33\"`); it wins over the editor's setting.",
	"values":      "Extra values files, each linted as a values set of its own, relative to this file; they win over the editor's `valuesFiles`.",
	"rules":       "Rules set `off` or to a severity (`info`, `warning`, `error`), by rule ID.",
}

// settingHover documents a setting of .chartwright.yaml.
func settingHover(name string) string {
	doc, ok := configSettings[name]
	if !ok {
		return fmt.Sprintf("Unknown setting `%s`: .chartwright.yaml has kubeVersion, values and rules.", name)
	}
	return fmt.Sprintf("**`%s`**\n\n%s", name, doc)
}

// templateHover shows a template's definition: its doc comment and body.
func templateHover(s symbol) string {
	if s.define == nil {
		return fmt.Sprintf("**`%s`**: no template of the chart tree is named so.", s.name)
	}
	d := s.define
	if d.File {
		return fmt.Sprintf("**`%s`**: the template file `%s`.", s.name, d.Template)
	}
	comment, body := defineSource(d)
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`**, defined in `%s`", d.Name, d.Span.File.Path)
	if comment != "" {
		b.WriteString("\n\n" + comment)
	}
	b.WriteString("\n\n" + codeBlock("helm", strings.TrimSpace(body)))
	return b.String()
}

// defineSource returns the text of the comment written right before a
// define (its documentation) and of the define's body. Only the define's
// own text is read: from its action to the next define, as defines do not
// nest.
func defineSource(d *refs.Define) (comment, body string) {
	data := d.Span.File.Data
	start := bytes.LastIndex(data[:d.Span.Start], []byte("{{"))
	if start < 0 {
		return "", ""
	}
	end := len(data)
	if loc := defineAction().FindIndex(data[start+2:]); loc != nil {
		end = start + 2 + loc[0]
	}
	text := data[start:end]
	return refs.DocComment(data, start), defineBody(text, refs.Lex(text))
}

// defineAction matches the start of a define action.
var defineAction = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{-?\s*define\b`) })

// defineBody is the text between the end of the define action that
// tokens start with and its end action.
func defineBody(data []byte, tokens []refs.Token) string {
	depth, start := 0, -1
	for i, t := range tokens {
		switch {
		case t.Kind == refs.TokenRightDelim && start < 0:
			start = t.End
		case t.Kind != refs.TokenKeyword || i == 0 || tokens[i-1].Kind != refs.TokenLeftDelim:
		case slices.Contains([]string{"if", "with", "range", "define", "block"}, t.Text(data)):
			depth++
		case t.Text(data) == "end":
			depth--
			if depth == 0 && start >= 0 {
				return string(data[start:tokens[i-1].Start])
			}
		}
	}
	return ""
}

// functionHover shows a function's signature and documentation from the
// catalogue of the Helm version the chart is rendered with.
func functionHover(name string, helm3 bool) string {
	f, ok := funcdoc.Lookup(name, helm3)
	if !ok {
		return fmt.Sprintf("**`%s`**: no such function in Helm %s.", name, map[bool]string{true: "3", false: "4"}[helm3])
	}
	var b strings.Builder
	b.WriteString(codeBlock("go", f.Signature()) + "\n\n")
	if words := func(s string) string { return strings.Join(strings.Fields(s), " ") }; !strings.HasPrefix(words(f.Doc), words(f.Summary)) {
		b.WriteString(f.Summary + "\n\n") // the documentation goes on from the summary
	}
	b.WriteString(f.Doc)
	switch {
	case f.AliasOf != "":
		fmt.Fprintf(&b, "\n\nAnother name for `%s`.", f.AliasOf)
	case f.Deprecated:
		b.WriteString("\n\nDeprecated: kept for compatibility.")
	}
	if f.Example != "" {
		fmt.Fprintf(&b, "\n\nExample: `%s`", f.Example)
	}
	fmt.Fprintf(&b, "\n\n(%s)", f.Origin)
	return b.String()
}

// variableHover shows where a variable is declared.
func variableHover(s symbol) string {
	if s.decl.File == nil {
		if s.name == "$" {
			return "**`$`**: the template's top-level object, whatever . stands for."
		}
		return fmt.Sprintf("**`%s`**: declared nowhere before its use.", s.name)
	}
	line := s.decl.File.Position(s.decl.Start).Line
	start := s.decl.File.LineOffset(line)
	end := s.decl.File.LineOffset(line + 1)
	return fmt.Sprintf("**`%s`**, declared on line %d:\n\n```helm\n%s\n```", s.name, line,
		strings.TrimSpace(string(s.decl.File.Data[start:end])))
}

// fileHover shows the chart's files a path or pattern given to .Files
// names: the file's size and first lines, or a pattern's matches.
func fileHover(s symbol) string {
	files := chartFiles(s.chart)
	if !strings.ContainsAny(s.name, "*?[{") {
		data, ok := files[s.name]
		if !ok {
			return fmt.Sprintf("**`%s`**: no such file in %s (`.Files.Get` gives \"\").", s.name, s.chart.Name())
		}
		return fmt.Sprintf("**`%s`**, %d bytes\n\n%s", s.name, len(data), codeBlock("", string(data)))
	}
	names := matchingFiles(files, s.name)
	if len(names) == 0 {
		return fmt.Sprintf("**`%s`** matches no file of %s.", s.name, s.chart.Name())
	}
	if len(names) > maxHoverLines {
		names = append(names[:maxHoverLines], "…")
	}
	return fmt.Sprintf("**`%s`** matches:\n- `%s`", s.name, strings.Join(names, "`\n- `"))
}

// chartFiles are a chart's files as .Files holds them.
func chartFiles(c *chart.Chart) render.Files {
	files := render.Files{}
	for _, f := range c.Files {
		files[f.Name] = f.Data
	}
	return files
}

// matchingFiles are the names of the files a glob pattern matches, sorted.
func matchingFiles(files render.Files, pattern string) []string {
	var names []string
	for name := range files.Glob(pattern) {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
