package lsp

import (
	"bytes"
	"strings"
)

// resource is a Kubernetes object a template writes: a YAML document,
// between "---" lines, with a top-level kind. It is read from the text
// line by line, as written, so that it is known while the template does
// not parse and whatever its name's template expression.
type resource struct {
	// Kind, APIVersion and Name are as written, without the quotes around
	// them; Name is "" when metadata.name is not written.
	Kind, APIVersion, Name string
	// Start and End are the document's text, without the space around it;
	// KindAt and NameAt where the kind and name values start.
	Start, End     int
	KindAt, NameAt int
}

// resourceScan reads the resources of a template text.
type resourceScan struct {
	data []byte
	out  []resource
	// doc is the document being read, docStart where it starts; inMetadata
	// is set in the lines under its top-level metadata key, childIndent is
	// the indentation of metadata's keys (0 before the first).
	doc         resource
	docStart    int
	inMetadata  bool
	childIndent int
}

// templateResources returns the resources a template text writes outside
// the byte ranges skip gives (the defines: they render only if included).
func templateResources(data []byte, skip [][2]int) []resource {
	s := &resourceScan{data: data}
	for start := 0; start < len(data); {
		end := len(data)
		if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
			end = start + i + 1
		}
		for len(skip) > 0 && skip[0][1] <= start {
			skip = skip[1:]
		}
		if len(skip) == 0 || start < skip[0][0] {
			s.line(start, end)
		}
		start = end
	}
	s.endDocument(len(data))
	return s.out
}

// line reads the line [start, end).
func (s *resourceScan) line(start, end int) {
	text := bytes.TrimRight(s.data[start:end], "\r\n")
	if isMarker(text, "---") {
		s.endDocument(start)
		s.docStart = end
		return
	}
	indent := len(text) - len(bytes.TrimLeft(text, " "))
	key, value, valueAt, ok := yamlKeyValue(text[indent:])
	if !ok {
		return
	}
	valueAt += start + indent
	if indent == 0 {
		s.topLevel(key, value, valueAt)
		return
	}
	if s.inMetadata && s.childIndent == 0 {
		s.childIndent = indent
	}
	if s.inMetadata && indent == s.childIndent && key == "name" && s.doc.Name == "" {
		s.doc.Name, s.doc.NameAt = value, valueAt
	}
}

// topLevel reads a top-level key of the document.
func (s *resourceScan) topLevel(key, value string, valueAt int) {
	s.inMetadata = key == "metadata"
	switch key {
	case "kind":
		s.doc.Kind, s.doc.KindAt = value, valueAt
	case "apiVersion":
		s.doc.APIVersion = value
	}
}

// endDocument records the document ending at end, if it has a kind, and
// starts the next.
func (s *resourceScan) endDocument(end int) {
	if s.doc.Kind != "" {
		start := s.docStart
		for start < end && isSpaceByte(s.data[start]) {
			start++
		}
		for end > start && isSpaceByte(s.data[end-1]) {
			end--
		}
		s.doc.Start, s.doc.End = start, end
		s.out = append(s.out, s.doc)
	}
	s.doc, s.inMetadata, s.childIndent = resource{}, false, 0
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// yamlKeyValue reads a "key: value" line without its indentation: the key,
// the value as written (a trailing comment and the quotes around it
// removed) and where the value starts in the text. Comments, items, lines
// starting with a template action and lines without a key are not read.
func yamlKeyValue(text []byte) (key, value string, valueAt int, ok bool) {
	if len(text) == 0 || text[0] == '#' || text[0] == '-' || bytes.HasPrefix(text, []byte("{{")) {
		return "", "", 0, false
	}
	colon := bytes.Index(text, []byte(":"))
	if colon <= 0 || colon+1 < len(text) && text[colon+1] != ' ' && text[colon+1] != '\t' {
		return "", "", 0, false
	}
	key = strings.Trim(string(text[:colon]), `"' `)
	rest := text[colon+1:]
	if i := bytes.Index(rest, []byte(" #")); i >= 0 && bytes.Count(rest[:i], []byte("{{")) == bytes.Count(rest[:i], []byte("}}")) {
		rest = rest[:i]
	}
	trimmed := bytes.TrimLeft(rest, " \t")
	valueAt = colon + 1 + len(rest) - len(trimmed)
	trimmed = bytes.TrimRight(trimmed, " \t")
	if n := len(trimmed); n >= 2 && (trimmed[0] == '"' || trimmed[0] == '\'') && trimmed[n-1] == trimmed[0] {
		trimmed = trimmed[1 : n-1]
		valueAt++
	}
	return key, string(trimmed), valueAt, true
}
