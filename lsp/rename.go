package lsp

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render/refs"
	"go.lsp.dev/protocol"
)

func (s *Server) prepareRename(ctx context.Context, snap *cache.Snapshot, params *protocol.PrepareRenameParams) (*protocol.Range, error) {
	doc, offset, err := documentAt(snap, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	sp, err := prepareRenameAt(doc, offset)
	if err != nil {
		return nil, err
	}
	r := spanRange(sp)
	return &r, nil
}

func (s *Server) rename(ctx context.Context, snap *cache.Snapshot, params *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	doc, offset, err := documentAt(snap, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	edits, warning, err := renameAt(doc, offset, params.NewName)
	if err != nil {
		return nil, err
	}
	if warning != "" {
		s.notify(ctx, protocol.MethodWindowShowMessage, protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: warning})
	}
	changes := map[protocol.DocumentURI][]protocol.TextEdit{}
	for _, e := range edits {
		uri := fileURI(e.path)
		changes[uri] = append(changes[uri], protocol.TextEdit{Range: spanRange(e.span), NewText: e.text})
	}
	return &protocol.WorkspaceEdit{Changes: changes}, nil
}

// Rename changes a name everywhere it is written, or nothing:
//   - a values key: in every values file on disk that sets it (the
//     chart's values.yaml, parents' overrides under the subchart's alias,
//     the extra values files, values-*.yaml and ci/*.yaml), in every
//     template that names it (one edit per element span the refs index
//     records) and in Chart.yaml's conditions; quoted keys stay quoted;
//   - a template name: in its defines and every include and template call;
//   - a variable: in its template.
//
// It refuses, from prepareRename on, what cannot be renamed safely:
// built-in objects' fields and functions (Helm's names), list elements,
// a name written inside a .tgz archive (which cannot be edited), a path
// read from tpl text (a string rename does not rewrite), template files'
// names; and a new name that cannot be written where the name is (a key
// read as .Values.a-b, a key that exists already). Names computed while
// the templates run are not names written in the chart: a key reached by
// ranging over its parent or by a computed index needs no edit, and
// include calls of computed names cannot be checked — rename goes ahead
// and warns about them.

// errNoRename is the error of a position where nothing can be renamed.
var errNoRename = errors.New("nothing here can be renamed: rename works on values keys, template names and variables")

// renamePlan is what renaming the symbol at a position touches.
type renamePlan struct {
	s   symbol
	doc *cache.Document
	// old is the name as the user writes it: a key, a template name, a
	// variable without quotes.
	old         string
	occurrences []occurrence
}

// fileEdit replaces a span of a file on disk with text.
type fileEdit struct {
	path string
	span source.Span
	text string
}

// prepareRenameAt returns the name at offset of doc, without its quotes,
// or why it cannot be renamed.
func prepareRenameAt(doc *cache.Document, offset int) (source.Span, error) {
	p, err := planRename(doc, offset)
	if err != nil {
		return source.Span{}, err
	}
	return unquoted(p.s.span), nil
}

// renameAt returns the edits that rename the name at offset of doc to
// newName, and a warning about what it could not check.
func renameAt(doc *cache.Document, offset int, newName string) ([]fileEdit, string, error) {
	p, err := planRename(doc, offset)
	if err != nil {
		return nil, "", err
	}
	if p.s.kind == symbolVariable && !strings.HasPrefix(newName, "$") {
		newName = "$" + newName
	}
	if err := p.check(newName); err != nil {
		return nil, "", err
	}
	var edits []fileEdit
	for _, o := range p.occurrences {
		text, err := rewrite(o, newName)
		if err != nil {
			return nil, "", err
		}
		edits = append(edits, fileEdit{path: o.path, span: o.span, text: text})
	}
	return edits, p.warning(), nil
}

// planRename finds what the name at offset of doc is and where it is
// written, refusing what cannot be renamed.
func planRename(doc *cache.Document, offset int) (*renamePlan, error) {
	s, ok := symbolAt(doc, offset)
	if !ok {
		return nil, errNoRename
	}
	p := &renamePlan{s: s, doc: doc, old: unquote(spanText(s.span))}
	var err error
	switch s.kind {
	case symbolValues:
		err = p.valuesRefusal()
	case symbolTemplate:
		err = p.templateRefusal()
	case symbolVariable:
		if s.name == "$" {
			err = errors.New("$ is the template's top-level object: it cannot be renamed")
		}
	case symbolBuiltin:
		err = fmt.Errorf(".%s is a field of Helm's built-in objects: it cannot be renamed", strings.Join(s.path, "."))
	case symbolFunction:
		err = fmt.Errorf("%s is a template function: it cannot be renamed", s.name)
	default:
		err = errNoRename
	}
	if err != nil {
		return nil, err
	}
	p.occurrences = occurrencesOf(doc, p.s)
	return p, p.archiveRefusal()
}

// valuesRefusal says why a values path cannot be renamed, nil when it can.
func (p *renamePlan) valuesRefusal() error {
	last := p.s.path[len(p.s.path)-1]
	switch {
	case last == "[]" || last == "*" || isIndexElement(last):
		return errors.New("a list element or a ranged value has no name to rename")
	case len(p.s.rootPaths) == 0:
		return errors.New("the chart's values are not known: it does not load")
	case len(p.s.rootPaths[0]) == 1 && last == "global":
		return errors.New("global is where Helm shares values with every chart: it cannot be renamed")
	}
	if sub := subchartAt(p.doc.Root, p.s.rootPaths); sub != "" {
		return fmt.Errorf("%s holds the values of the subchart %s: rename its alias in Chart.yaml instead", p.old, sub)
	}
	p.s.rootPaths = everyItem(p.s.rootPaths)
	ix := p.doc.Root.Index()
	if ix == nil {
		return errors.New("the chart's templates are not known: it does not load")
	}
	for _, r := range p.s.rootPaths {
		for _, read := range ix.ReadsUnder(r) {
			if read.PathSpans == nil && strings.HasPrefix(spanText(read.Span), "tpl") {
				return fmt.Errorf("%s reads .Values.%s in tpl text, which rename does not rewrite", read.Span, pathString(read.Path))
			}
		}
	}
	return nil
}

// everyItem returns the root paths with their list indices made "[]": a
// key of a list's item is renamed in every item, as the templates that
// range over the list read it in every item.
func everyItem(rootPaths [][]string) [][]string {
	out := make([][]string, len(rootPaths))
	for i, r := range rootPaths {
		out[i] = slices.Clone(r)
		for j, e := range r {
			if isIndexElement(e) {
				out[i][j] = "[]"
			}
		}
	}
	return out
}

// subchartAt returns the name of the subchart whose values sit at one of
// the root paths, "" when none does.
func subchartAt(root *cache.Root, rootPaths [][]string) string {
	vals := root.Values()
	name := ""
	walkTree(root.Load().Chart, func(c *chart.Chart) {
		for _, p := range vals.Prefixes(c.Dir) {
			if len(p) > 0 && slices.ContainsFunc(rootPaths, func(r []string) bool { return slices.Equal(r, p) }) {
				name = c.Name()
			}
		}
	})
	return name
}

// templateRefusal says why a template name cannot be renamed, nil when
// it can.
func (p *renamePlan) templateRefusal() error {
	switch {
	case p.s.define == nil:
		return fmt.Errorf("no template is named %q", p.s.name)
	case p.s.define.File:
		return fmt.Errorf("%q is a template file's name: rename the file instead", p.s.name)
	}
	return nil
}

// archiveRefusal refuses a rename that would need an edit inside an
// archive.
func (p *renamePlan) archiveRefusal() error {
	for _, o := range p.occurrences {
		if !o.onDisk {
			return fmt.Errorf("%s is also written in %s, inside an archive that cannot be edited", p.old, o.span.File.Path)
		}
	}
	return nil
}

// check says why newName cannot replace the name, nil when it can.
func (p *renamePlan) check(newName string) error {
	switch {
	case newName == "" || strings.ContainsAny(newName, "\r\n"):
		return fmt.Errorf("%q is not a name", newName)
	case p.s.kind == symbolVariable && !isIdentifier(newName[1:]):
		return fmt.Errorf("%q is not a variable's name", newName)
	case p.s.kind == symbolTemplate && p.doc.Root.Index().Define(newName) != nil && newName != p.old:
		return fmt.Errorf("a template named %q exists already", newName)
	case p.s.kind == symbolValues:
		return p.checkValuesKey(newName)
	}
	return nil
}

// checkValuesKey says why a values key cannot be renamed newName: a
// values file has the key already beside it.
func (p *renamePlan) checkValuesKey(newName string) error {
	root := p.doc.Root
	vals := root.Values()
	for _, k := range valuesKeys(root, vals, p.s.rootPaths) {
		sibling := append(slices.Clone(k.key.Path[:len(k.key.Path)-1]), newName)
		if newName != p.old && len(lookupKeys(k.file.Keys, sibling)) > 0 {
			return fmt.Errorf("%s has %s already", valuesFileLabel(root, k.file), pathString(sibling))
		}
	}
	return nil
}

// warning is what the rename could not check: include and template calls
// of computed names, which may call the renamed template.
func (p *renamePlan) warning() string {
	if p.s.kind != symbolTemplate {
		return ""
	}
	n := 0
	for _, c := range p.doc.Root.Index().Calls() {
		if c.Dynamic && c.Kind != refs.Tpl {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d include or template calls compute the name they call: rename could not check whether they call %q", n, p.old)
}

// rewrite is the text that writes newName where the occurrence is.
func rewrite(o occurrence, newName string) (string, error) {
	old := spanText(o.span)
	quote := ""
	if old != "" && strings.ContainsRune("\"'`", rune(old[0])) {
		quote = old[:1]
	}
	switch {
	case quote != "":
		return requote(quote, newName, o.in), nil
	case o.in == inValuesKey:
		if plainKey().MatchString(newName) && !yamlReserved().MatchString(newName) {
			return newName, nil
		}
		return strconv.Quote(newName), nil
	case o.in == inCondition && !conditionElement().MatchString(newName):
		return "", fmt.Errorf("%q cannot be written in the condition at %s", newName, o.span)
	case o.in == inTemplate && !strings.HasPrefix(old, "$") && !isIdentifier(newName):
		return "", fmt.Errorf("%q is not a field name, and %s reads it as a field: write index .Values \"%s\" there first", newName, o.span, newName)
	}
	return newName, nil
}

// requote writes name in the quotes of a string: a template's (Go
// syntax) or a YAML file's.
func requote(quote, name string, in writtenIn) string {
	switch {
	case quote == "'" && in != inTemplate:
		return "'" + strings.ReplaceAll(name, "'", "''") + "'"
	case quote == "`" && !strings.Contains(name, "`"):
		return "`" + name + "`"
	}
	return strconv.Quote(name)
}

var (
	// plainKey matches the keys YAML reads as strings when unquoted,
	// unless yamlReserved matches them (YAML 1.1's booleans and null).
	plainKey     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_./-]*$`) })
	yamlReserved = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?i:y|yes|n|no|true|false|on|off|null)$`) })
	// conditionElement matches the names a condition's path can hold.
	conditionElement = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_-]+$`) })
)

// isIdentifier reports whether name can be a template field's or a
// variable's name.
func isIdentifier(name string) bool {
	for i, r := range name {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return name != ""
}

// unquoted is a span without the quotes of the string it holds.
func unquoted(sp source.Span) source.Span {
	text := spanText(sp)
	if len(text) >= 2 && strings.ContainsRune("\"'`", rune(text[0])) && text[len(text)-1] == text[0] {
		sp.Start, sp.End = sp.Start+1, sp.End-1
	}
	return sp
}

// unquote is a name without its quotes.
func unquote(text string) string {
	if u, err := strconv.Unquote(text); err == nil {
		return u
	}
	if len(text) >= 2 && text[0] == '\'' && text[len(text)-1] == '\'' {
		return strings.ReplaceAll(text[1:len(text)-1], "''", "'")
	}
	return text
}
