package completion

import (
	"bytes"
	"strings"

	"github.com/chartwright/chartwright/schema"
)

// yamlSite is what the cursor is typing in a YAML file (a manifest,
// values file, Chart.yaml): a key, or the value after "key:".
type yamlSite struct {
	// apiVersion and kind are the document's, for manifests.
	apiVersion, kind string
	// path is, for a key, the path of the mapping it goes in; for a value,
	// the path of its key. Items of sequences are decimal indices.
	path []string
	// value is set when a value is typed.
	value bool
	// start and end are the text typed, to replace; prefix is its part
	// before the cursor.
	start, end int
	prefix     string
	// lineStart and lineEnd delimit the cursor's line; item is set when
	// the line starts an item of a sequence ("- ").
	lineStart, lineEnd int
	item               bool
}

// yamlSiteAt reads what the cursor is typing at offset of a YAML text, as
// it is typed (it need not parse).
func yamlSiteAt(data []byte, offset int) (yamlSite, bool) {
	lineStart := bytes.LastIndexAny(data[:offset], "\r\n") + 1 // a lone \r ends a line, in YAML as in LSP
	lineEnd := len(data)
	if i := bytes.IndexAny(data[offset:], "\r\n"); i >= 0 {
		lineEnd = offset + i
	}
	if bytes.HasPrefix(bytes.TrimSpace(data[lineStart:offset]), []byte("#")) {
		return yamlSite{}, false
	}
	content, item := keyColumn(data[lineStart:offset])
	content += lineStart
	s := yamlSite{lineStart: lineStart, lineEnd: lineEnd, item: item}
	s.apiVersion, s.kind, s.path = schema.PathAt(data, offset)
	if colon := keyColon(data[content:offset]); colon >= 0 {
		s.value = true
		s.start = content + colon + 1
		for s.start < offset && data[s.start] == ' ' {
			s.start++
		}
		s.end = valueEnd(data, offset, lineEnd)
	} else {
		s.start = content
		s.end = offset
		for s.end < lineEnd && !strings.ContainsRune(": \t\r#", rune(data[s.end])) {
			s.end++
		}
		if key := string(data[content:s.end]); s.end < lineEnd && data[s.end] == ':' && len(s.path) > 0 && s.path[len(s.path)-1] == key {
			s.path = s.path[:len(s.path)-1] // the key being edited is not where it goes
		}
	}
	s.prefix = string(data[s.start:offset])
	return s, true
}

// keyColumn is where a line's key starts: after its indentation and the
// dashes of sequence items; item is set when there are dashes.
func keyColumn(line []byte) (col int, item bool) {
	for col < len(line) && (line[col] == ' ' || line[col] == '\t') {
		col++
	}
	for col+1 < len(line) && line[col] == '-' && line[col+1] == ' ' || col+1 == len(line) && line[col] == '-' {
		item = true
		col++
		for col < len(line) && line[col] == ' ' {
			col++
		}
	}
	return col, item
}

// presentKeys are the keys written beside the one typed, in the same
// mapping: the lines around whose key starts at its column, up to a line
// indented less, or another item of the same sequence.
func presentKeys(data []byte, s yamlSite) map[string]bool {
	column := s.start - s.lineStart
	present := map[string]bool{}
	visit := func(start, end int) (stop bool) {
		col, item := keyColumn(data[start:end])
		rest := bytes.TrimRight(data[start+col:end], " \r")
		switch {
		case len(rest) == 0 || rest[0] == '#' || bytes.HasPrefix(rest, []byte("{{")):
			return false
		case bytes.HasPrefix(data[start:end], []byte("---")) || col < column:
			return true
		case col > column:
			return false
		}
		if colon := keyColon(rest); colon > 0 {
			present[strings.Trim(string(rest[:colon]), `"'`)] = true
		}
		return item
	}
	if !s.item {
		for end := s.lineStart - 1; end > 0; {
			start := bytes.LastIndexByte(data[:end], '\n') + 1
			if visit(start, end) {
				break
			}
			end = start - 1
		}
	}
	for start := s.lineEnd + 1; start < len(data); {
		end := len(data)
		if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
			end = start + i
		}
		if col, item := keyColumn(data[start:end]); item && col == column || visit(start, end) {
			break
		}
		start = end + 1
	}
	return present
}

// keyColon is where the colon ending a key is in the start of a line's
// content, -1 when the line has no key before the cursor.
func keyColon(content []byte) int {
	for i := 0; i < len(content); i++ {
		switch content[i] {
		case '"', '\'':
			if j := bytes.IndexByte(content[i+1:], content[i]); j >= 0 {
				i += j + 1
			}
		case ':':
			if i+1 == len(content) || content[i+1] == ' ' || content[i+1] == '\t' {
				return i
			}
		case '{', '[', '#':
			return -1
		}
	}
	return -1
}

// valueEnd is where the value typed at offset ends: at a comment or the
// end of the line, trailing space left out.
func valueEnd(data []byte, offset, lineEnd int) int {
	end := lineEnd
	if i := bytes.Index(data[offset:lineEnd], []byte(" #")); i >= 0 {
		end = offset + i
	}
	for end > offset && (data[end-1] == ' ' || data[end-1] == '\r') {
		end--
	}
	return end
}

// key is the path's last element, "" for the empty path.
func (s yamlSite) key() string {
	if len(s.path) == 0 {
		return ""
	}
	return s.path[len(s.path)-1]
}

// keyItems proposes keys, but those written beside the one typed.
func (r *request) keyItems(s yamlSite, keys []keyProposal) []Item {
	present := presentKeys(r.data(), s)
	items := make([]Item, 0, len(keys))
	for _, k := range keys {
		if !present[k.name] {
			items = append(items, r.keyItem(s, k.name, k.typ, k.detail, k.doc))
		}
	}
	sortItems(items)
	return items
}

// keyProposal is a key that may be written.
type keyProposal struct{ name, typ, detail, doc string }

// keyItem is the proposal of a key: its name followed by ": ", or ":" for
// a mapping or a sequence, whose value goes on the next lines.
func (r *request) keyItem(s yamlSite, name, typ, detail, doc string) Item {
	insert := name + ": "
	if typ == "object" || typ == "array" || typ == "map" || typ == "list" {
		insert = name + ":"
	}
	return Item{Label: name, Kind: Property, Detail: detail, Doc: doc, Insert: insert, Replace: r.span(s.start, s.end)}
}

// enumItems proposes the allowed values of a schema node: its enum, or
// true and false for a boolean.
func (r *request) enumItems(s yamlSite, n *schema.Node) []Item {
	values := n.Enum
	if len(values) == 0 && n.Type == "boolean" {
		values = []string{"true", "false"}
	}
	items := make([]Item, 0, len(values))
	for _, v := range values {
		text := yamlScalar(v)
		it := Item{Label: text, Kind: EnumMember, Insert: text, Replace: r.span(s.start, s.end), Doc: n.Description}
		if v == n.Default {
			it.Detail = "default"
		}
		items = append(items, it)
	}
	return items
}
