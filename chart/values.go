package chart

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/yamlmap"
	yamlv3 "gopkg.in/yaml.v3"
)

// ReadValues parses a values file with Helm's rules: YAML 1.1 scalars,
// every number a float64, string keys. Helm 4 merges every document of the
// stream, split as Kubernetes' YAML reader splits it; with firstDocumentOnly,
// as in Helm 3, later documents are ignored.
func ReadValues(data []byte, firstDocumentOnly bool) (map[string]any, error) {
	if firstDocumentOnly {
		return readValuesDocument(data)
	}
	if isSingleDocument(data) {
		m, err := readValuesDocument(data)
		if err != nil {
			return nil, fmt.Errorf("cannot unmarshal yaml document: %w", err)
		}
		return m, nil
	}
	docs, err := splitYAMLDocuments(string(data))
	if err != nil {
		return nil, fmt.Errorf("error reading yaml document: %w", err)
	}
	values := map[string]any{}
	for _, doc := range docs {
		m, err := readValuesDocument([]byte(doc))
		if err != nil {
			return nil, fmt.Errorf("cannot unmarshal yaml document: %w", err)
		}
		values = MergeMaps(values, m)
	}
	return values, nil
}

// readValuesDocument decodes one document as Helm does, with
// sigs.k8s.io/yaml (through yamlmap, which gives the same result faster).
func readValuesDocument(data []byte) (map[string]any, error) {
	m, err := yamlmap.Unmarshal(data)
	if err != nil {
		return nil, err
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// splitYAMLDocuments splits a YAML stream as Kubernetes' YAML reader does:
// lines starting with "---" separate documents (only a comment may follow
// the dashes), CRLF line ends become LF, empty documents are dropped, and a
// leading separator stays in the first document.
func splitYAMLDocuments(s string) ([]string, error) {
	var docs []string
	var doc strings.Builder
	lines := strings.Split(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for _, line := range lines {
		line = strings.TrimSuffix(line, "\r") + "\n"
		if rest, ok := strings.CutPrefix(line, "---"); ok {
			if trimmed := strings.TrimSpace(rest); trimmed != "" && trimmed[0] != '#' {
				return nil, fmt.Errorf("invalid Yaml document separator: %s", trimmed)
			}
			if doc.Len() != 0 {
				docs = append(docs, doc.String())
				doc.Reset()
				continue
			}
		}
		doc.WriteString(line)
	}
	if doc.Len() != 0 {
		docs = append(docs, doc.String())
	}
	return docs, nil
}

// isSingleDocument reports whether splitting s would return s itself:
// one non-empty document, LF line ends, the last line ended, no separator.
// Most values files are, and are then read without a copy.
func isSingleDocument(s []byte) bool {
	return len(s) != 0 && s[len(s)-1] == '\n' && !bytes.HasPrefix(s, []byte("---")) &&
		!bytes.Contains(s, []byte("\n---")) && !bytes.Contains(s, []byte("\r"))
}

// MergeMaps returns a merged copy of a and b: b wins, nested maps merge.
func MergeMaps(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if vm, ok := v.(map[string]any); ok {
			if am, ok := out[k].(map[string]any); ok {
				out[k] = MergeMaps(am, vm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// Key is a mapping key of a YAML file with its position and documentation.
type Key struct {
	Path    []string
	Key     source.Span // the key itself
	Value   source.Span // the value node (for a mapping or sequence, its whole extent start)
	Comment string      // the comment block above the key, without '#' markers
	// Children are the keys of a mapping value, in file order.
	Children []*Key
}

// KeyIndex locates the keys of a YAML file (Chart.yaml, values.yaml).
type KeyIndex struct {
	File *source.File
	Keys []*Key // top-level keys, in file order
}

// IndexYAML parses file's first document and returns the position of every
// mapping key (through nested mappings) and the comment above each key.
func IndexYAML(file *source.File) (*KeyIndex, error) {
	var doc yamlv3.Node
	if err := yamlv3.Unmarshal(file.Data, &doc); err != nil {
		return nil, err
	}
	idx := &KeyIndex{File: file}
	if len(doc.Content) > 0 {
		idx.Keys = idx.mapping(doc.Content[0], nil)
	}
	return idx, nil
}

func (idx *KeyIndex) mapping(n *yamlv3.Node, parent []string) []*Key {
	for n.Kind == yamlv3.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yamlv3.MappingNode {
		return nil
	}
	var keys []*Key
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		p := append(append([]string(nil), parent...), kn.Value)
		start := idx.offset(kn.Line, kn.Column)
		k := &Key{
			Path:    p,
			Key:     source.Span{File: idx.File, Start: start, End: start + len(kn.Value)},
			Value:   idx.valueSpan(vn),
			Comment: commentText(kn.HeadComment),
		}
		k.Children = idx.mapping(vn, p)
		keys = append(keys, k)
	}
	return keys
}

func (idx *KeyIndex) valueSpan(n *yamlv3.Node) source.Span {
	start := idx.offset(n.Line, n.Column)
	end := start
	if n.Kind == yamlv3.ScalarNode {
		end = start + len(n.Value)
	}
	return source.Span{File: idx.File, Start: start, End: end}
}

// offset converts yaml.v3's 1-based line and rune column to a byte offset.
func (idx *KeyIndex) offset(line, column int) int {
	off := idx.File.LineOffset(line)
	for c := 1; c < column && off < len(idx.File.Data); c++ {
		_, size := utf8.DecodeRune(idx.File.Data[off:])
		off += size
	}
	return off
}

// Lookup finds the key at a path.
func (idx *KeyIndex) Lookup(path []string) (*Key, bool) {
	keys := idx.Keys
	var found *Key
	for _, name := range path {
		found = nil
		for _, k := range keys {
			if k.Path[len(k.Path)-1] == name {
				found = k
				break
			}
		}
		if found == nil {
			return nil, false
		}
		keys = found.Children
	}
	return found, found != nil
}

func commentText(c string) string {
	var lines []string
	for _, l := range strings.Split(c, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(l, "#")
		lines = append(lines, strings.TrimPrefix(l, " "))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
