package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render"
	yamlv3 "go.yaml.in/yaml/v3"
	"sigs.k8s.io/yaml"
)

// k8sYamlStruct is the part of a document helm lint v4 decodes. Its name
// and fields are Helm's: decoding errors name the type
// ("rules.k8sYamlStruct"), and they are part of Helm's messages.
type k8sYamlStruct struct {
	APIVersion string `json:"apiVersion"`
	Kind       string
	Metadata   k8sYamlMetadata
}

type k8sYamlMetadata struct {
	Namespace string
	Name      string
}

// K8sYamlStruct is the same stub under Helm 3's exported name.
type K8sYamlStruct struct {
	APIVersion string `json:"apiVersion"`
	Kind       string
	Metadata   k8sYamlMetadata
}

// head is what Helm's checks read of a decoded document.
type head struct {
	APIVersion, Kind, Name string
}

// document is one document of a rendered file, split as Kubernetes'
// YAML reader splits it.
type document struct {
	rendered  *render.Rendered
	index     int    // 0-based position in the file
	text      string // the document as the decoder sees it
	startLine int    // 0-based line of rendered.Content where it starts
	head      *head  // nil for an empty (null or comment-only) document
	err       error  // decoding error, with Helm's text
	object    map[string]any
	// uniqueKeys is set when the document cannot repeat a key (see
	// decodedObject), so that the yaml.v3 tree need not be walked for them.
	uniqueKeys bool

	nodeOnce sync.Once
	root     *yamlv3.Node // the yaml.v3 tree, for positions
}

// decodeRendered decodes a rendered file as helm lint does
// (k8s.io/apimachinery's YAMLOrJSONDecoder) with headOf (dc.head or
// dc.crdHead); it stops at the first document that fails, as Helm does.
func (dc *decoder) decodeRendered(r *render.Rendered, headOf func(string) (*head, error)) []*document {
	content := r.Content
	if looksLikeJSON(content) {
		return dc.decodeJSONStream(r, content, headOf)
	}
	return dc.decodeYAMLStream(r, content, 0, headOf)
}

// looksLikeJSON is how Kubernetes' YAMLOrJSONDecoder, as helm lint makes
// it, tells JSON: "{" after white space in the first 4096 bytes it peeks
// at, so that more white space than that makes the stream YAML.
func looksLikeJSON(content string) bool {
	const peek = 4096
	return strings.HasPrefix(strings.TrimLeftFunc(content[:min(len(content), peek)], unicode.IsSpace), "{")
}

// decodeJSONStream decodes the JSON values of a stream that starts with "{"
// as Kubernetes' YAMLOrJSONDecoder does, until the end or the first error.
// After zero or one value, an error hands the rest to the YAML decoder:
// the error is then the JSON one if the first YAML document fails too, and
// none if it decodes. After more, the JSON error is the stream's, as
// encoding/json words it.
func (dc *decoder) decodeJSONStream(r *render.Rendered, content string, headOf func(string) (*head, error)) []*document {
	var docs []*document
	dec := json.NewDecoder(strings.NewReader(content))
	var consumed int64
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF {
			return docs
		}
		startLine := strings.Count(content[:consumed], "\n")
		var d *document
		if err == nil {
			d = &document{rendered: r, index: len(docs), text: string(raw), startLine: startLine}
			d.head, err = dc.jsonHead(d.text, headOf)
		}
		if err == nil {
			docs = append(docs, d)
			consumed = dec.InputOffset()
			continue
		}
		if len(docs) > 1 {
			return append(docs, &document{rendered: r, index: len(docs), startLine: startLine, err: err})
		}
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			err = fmt.Errorf("json: offset %d: %w", syntax.Offset, syntax)
		}
		return append(docs, dc.yamlAfterJSON(r, content[consumed:], startLine, headOf, err, len(docs))...)
	}
}

// yamlAfterJSON decodes rest, where JSON decoding failed with jsonErr, as
// YAML: a first document that fails gets jsonErr.
func (dc *decoder) yamlAfterJSON(r *render.Rendered, rest string, line int, headOf func(string) (*head, error), jsonErr error, index int) []*document {
	// Kubernetes' decoder eats the whitespace left, up to the first newline.
	for rest != "" {
		c, size := utf8.DecodeRuneInString(rest)
		if !unicode.IsSpace(c) {
			break
		}
		rest = rest[size:]
		if c == '\n' {
			line++
			break
		}
	}
	docs := dc.decodeYAMLStream(r, rest, line, headOf)
	for i, d := range docs {
		d.index = index + i
	}
	if len(docs) > 0 && docs[0].err != nil {
		docs[0].err = jsonErr
	}
	return docs
}

// jsonHead is Helm's stub of a JSON value, decoded by encoding/json (as
// Kubernetes' decoder decodes a JSON stream) where headOf's YAML decoding
// does not give it.
func (dc *decoder) jsonHead(text string, headOf func(string) (*head, error)) (*head, error) {
	if h, err := headOf(text); err == nil {
		return h, nil
	}
	return decodeStub([]byte(text), dc.helm3, json.Unmarshal)
}

// decodeYAMLStream splits a YAML stream as Kubernetes' YAMLReader does:
// CRLF becomes LF, a line starting with "---" ends a non-empty document
// (only a comment may follow the dashes), a leading separator stays in
// the document it starts, and a last line the reader loses is left out
// (see lostAtEnd).
func (dc *decoder) decodeYAMLStream(r *render.Rendered, content string, firstLine int, headOf func(string) (*head, error)) []*document {
	var docs []*document
	buf := docLines{content: content, start: -1}
	start := firstLine
	flush := func(next int) bool {
		if buf.empty() {
			return true
		}
		d := &document{rendered: r, index: len(docs), text: buf.text(), startLine: start}
		d.head, d.err = headOf(d.text)
		docs = append(docs, d)
		buf.reset()
		start = next
		return d.err == nil
	}
	i, off := 0, 0
	for raw := range strings.Lines(content) {
		n, lineStart := firstLine+i, off
		i, off = i+1, off+len(raw)
		if rest, ok := strings.CutPrefix(raw, "---"); ok {
			if t := strings.TrimSpace(rest); t != "" && t[0] != '#' {
				docs = append(docs, &document{rendered: r, index: len(docs), text: buf.text(), startLine: n,
					err: fmt.Errorf("invalid Yaml document separator: %s", t)})
				return docs
			}
			if !buf.empty() {
				if !flush(n + 1) {
					return docs
				}
				continue
			}
		}
		if off == len(content) && lostAtEnd(raw) {
			break
		}
		if buf.empty() {
			start = n
		}
		buf.add(lineStart, off)
	}
	flush(0)
	return docs
}

// lostAtEnd reports whether Kubernetes' YAML reader loses raw, the last
// line of a stream: its line reader reads a line without a newline in
// pieces of its 4096-byte buffer (bufio.Reader.ReadLine, which leaves a CR
// that ends a piece for the next), and when the pieces use the line up,
// the line comes with the end of the stream, which the YAML reader returns
// without it.
func lostAtEnd(raw string) bool {
	if raw == "" || strings.HasSuffix(raw, "\n") {
		return false
	}
	const buffer = 4096
	for len(raw) >= buffer {
		piece := buffer
		if raw[piece-1] == '\r' {
			piece--
		}
		raw = raw[piece:]
	}
	return raw == ""
}

// docLines collects consecutive lines of content as one document. Its
// text is the lines as Kubernetes' YAML reader returns them, a CR before
// each newline dropped and a final newline added: a substring of content
// when that changes nothing.
type docLines struct {
	content    string
	start, end int // the lines are content[start:end]; start < 0 when none
}

func (b *docLines) empty() bool { return b.start < 0 }

func (b *docLines) reset() { b.start = -1 }

// add appends the line at content[start:end] (newline included).
func (b *docLines) add(start, end int) {
	if b.start < 0 {
		b.start = start
	}
	b.end = end
}

// text is the document's text, "" when empty.
func (b *docLines) text() string {
	if b.start < 0 {
		return ""
	}
	s := b.content[b.start:b.end]
	if !strings.Contains(s, "\r") {
		if strings.HasSuffix(s, "\n") {
			return s
		}
		return s + "\n" // one allocation of the final size
	}
	var sb strings.Builder
	sb.Grow(len(s) + 1)
	for line := range strings.Lines(s) {
		sb.WriteString(strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"))
		sb.WriteByte('\n')
	}
	return sb.String()
}

// decodeHead decodes a document into Helm's stub, with Helm's errors.
func decodeHead(data []byte, helm3 bool) (*head, error) {
	return decodeStub(data, helm3, func(data []byte, v any) error { return yaml.Unmarshal(data, v) })
}

// decodeStub decodes data with unmarshal into the stub of the Helm version,
// whose type name Helm's errors carry.
func decodeStub(data []byte, helm3 bool, unmarshal func([]byte, any) error) (*head, error) {
	if helm3 {
		var s *K8sYamlStruct
		if err := unmarshal(data, &s); err != nil || s == nil {
			return nil, err
		}
		return &head{APIVersion: s.APIVersion, Kind: s.Kind, Name: s.Metadata.Name}, nil
	}
	var s *k8sYamlStruct
	if err := unmarshal(data, &s); err != nil || s == nil {
		return nil, err
	}
	return &head{APIVersion: s.APIVersion, Kind: s.Kind, Name: s.Metadata.Name}, nil
}

// origin returns the template position of a 0-based line of the rendered
// file, or the template's start when the line has no origin.
func origin(r *render.Rendered, line int) source.Span {
	if line >= 0 && line < len(r.Lines) && r.Lines[line].File != nil {
		return r.Lines[line].Span()
	}
	return source.Span{File: r.File}
}

// lineOf finds the 0-based line (in the rendered file) of the first line
// of the document matching pred, or the document's first non-blank line.
func (d *document) lineOf(pred func(line string) bool) int {
	first, i := -1, -1
	for l := range strings.SplitSeq(d.text, "\n") {
		i++
		if first < 0 && strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "---") {
			first = i
		}
		if pred(l) {
			return d.startLine + i
		}
	}
	return d.startLine + max(first, 0)
}

// keyLine matches a top-level key line ("kind:").
func keyLine(key string) func(string) bool {
	return func(l string) bool { return strings.HasPrefix(l, key+":") }
}

// nameLine matches the metadata name: the first "name:" after "metadata:".
func (d *document) nameLine() int {
	inMeta := false
	return d.lineOf(func(l string) bool {
		if strings.HasPrefix(l, "metadata:") {
			inMeta = true
			return false
		}
		if inMeta && len(l) > 0 && l[0] != ' ' && l[0] != '#' {
			inMeta = false
		}
		return inMeta && strings.HasPrefix(strings.TrimSpace(l), "name:")
	})
}

// errorLine is the rendered line a YAML error names, else the line of the
// head field whose type it rejects, else, for a mapping or sequence used as
// a key (most often template braces left in plain YAML: "{{ x }}" is a
// flow mapping whose key is a flow mapping), the first line that writes
// one, else the document start.
func (d *document) errorLine() int {
	msg := d.err.Error()
	if m := yamlErrors().line.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			return d.startLine + n - 1
		}
	}
	if path := headErrorPath(d.err); path != nil {
		return d.pathLine(path)
	}
	if strings.Contains(msg, "invalid map key: map[") || strings.Contains(msg, "invalid map key: []") {
		return d.lineOf(writesCollectionKey)
	}
	return d.lineOf(func(string) bool { return false })
}

// writesCollectionKey reports whether a line may write a flow mapping or
// sequence as a key: a value (of a key or item, or the line itself) that
// opens with nested flow braces, or a complex key ("? {", "? [").
func writesCollectionKey(line string) bool {
	t := strings.TrimSpace(line)
	if strings.HasPrefix(t, "? {") || strings.HasPrefix(t, "? [") {
		return true
	}
	t = strings.TrimLeft(t, "- ")
	if k, v, ok := strings.Cut(t, ": "); ok && !strings.ContainsAny(k, "{[\"'") {
		t = strings.TrimSpace(v)
	}
	return strings.HasPrefix(t, "{{") || strings.HasPrefix(t, "{ {") || strings.HasPrefix(t, "{[")
}

// headErrorPath is the manifest path of the head field (apiVersion, kind,
// metadata.name, metadata.namespace) that a decoding error of Helm's
// manifest head rejects, named as "Go struct field
// k8sYamlMetadata.Metadata.Name of type string": ("metadata", "name"); nil
// for another error.
func headErrorPath(err error) []string {
	m := yamlErrors().fieldType.FindStringSubmatch(err.Error())
	if m == nil {
		return nil
	}
	path := strings.Split(m[1], ".")
	for i, seg := range path {
		path[i] = strings.ToLower(seg[:1]) + seg[1:]
	}
	return path
}

// related describes the rendered document a finding was found in, at the
// template line that wrote it (the run names its file).
func (d *document) related(line int) []lint.Related {
	return []lint.Related{{
		Span: origin(d.rendered, line),
		Message: fmt.Sprintf("rendered as line %d of %s (document %d)",
			line+1, d.rendered.Name, d.index+1),
	}}
}

// renderedDocuments is every document of every rendered file of the chart
// tree (NOTES.txt and partials aside), decoded past errors, for the rules
// Helm does not have. Memoized per pass.
func renderedDocuments(p *lint.Pass) []*document {
	return p.Memo("documents", func() any {
		rel := release(p)
		if rel == nil || rel.Output == nil {
			return []*document(nil)
		}
		files := append([]*render.Rendered(nil), rel.Output.Files...)
		sort.SliceStable(files, func(i, j int) bool { return files[i].Name < files[j].Name })
		dc := decoderOf(p)
		var docs []*document
		for _, f := range files {
			if strings.HasSuffix(f.Name, "NOTES.txt") || strings.TrimSpace(f.Content) == "" {
				continue
			}
			docs = append(docs, dc.splitAll(f)...)
		}
		return docs
	}).([]*document)
}

// splitAll splits every document of a rendered file and decodes each into
// an object map (the head comes from it); only a document that fails is
// decoded again into Helm's stub, for Helm's error text.
func (dc *decoder) splitAll(r *render.Rendered) []*document {
	var docs []*document
	splitDocuments(r.Content, func(text string, start int) {
		d := &document{rendered: r, index: len(docs), text: text, startLine: start}
		if o := dc.object(d.text); o.err != nil {
			d.head, d.err = decodeHead([]byte(d.text), dc.helm3)
			if d.err == nil {
				d.err = o.err
			}
		} else if obj := o.object; obj != nil {
			d.object, d.uniqueKeys = obj, o.uniqueKeys
			d.head = objectHead(obj)
		}
		docs = append(docs, d)
	})
	return docs
}

// objectHead is the apiVersion, kind and name of a decoded object, ""
// where they are not strings.
func objectHead(obj map[string]any) *head {
	h := &head{}
	h.APIVersion, _ = obj["apiVersion"].(string)
	h.Kind, _ = obj["kind"].(string)
	if md, ok := obj["metadata"].(map[string]any); ok {
		h.Name, _ = md["name"].(string)
	}
	return h
}

// splitDocuments calls fn with the text and 0-based first line of each
// document of content that holds more than blanks, split at lines starting
// with "---".
func splitDocuments(content string, fn func(text string, startLine int)) {
	buf := docLines{content: content, start: -1}
	start := 0
	flush := func() {
		text := buf.text()
		buf.reset()
		if strings.TrimSpace(text) != "" {
			fn(text, start)
		}
	}
	i, off := 0, 0
	for line := range strings.Lines(content) {
		n, lineStart := i, off
		i, off = i+1, off+len(line)
		if strings.HasPrefix(line, "---") && !buf.empty() {
			flush()
			start = n + 1
			continue
		}
		if buf.empty() {
			start = n
		}
		buf.add(lineStart, off)
	}
	flush()
}
