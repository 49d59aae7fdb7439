package chart

import (
	"bytes"
	"fmt"
	"unsafe"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/yamlmap"
)

// ReadValues parses a values file with Helm's rules: YAML 1.1 scalars,
// every number a float64, string keys. Helm 4 merges every document of the
// stream, split as Kubernetes' YAML reader splits it; with firstDocumentOnly,
// as in Helm 3, later documents are ignored. The result does not refer to
// data, which the caller may change.
func ReadValues(data []byte, firstDocumentOnly bool) (map[string]any, error) {
	return readValues(data, firstDocumentOnly, yamlmap.Unmarshal)
}

// readFileValues is ReadValues of the data of a chart's file, which is
// never modified (see source.File): the strings of the result are
// substrings of it, where ReadValues decodes a copy (a values file's size
// of fresh memory for every values.yaml of a chart tree).
func readFileValues(data []byte, firstDocumentOnly bool) (map[string]any, error) {
	return readValues(data, firstDocumentOnly, decodeKept)
}

// decodeKept decodes a document of a chart file's data without copying it.
func decodeKept(data []byte) (map[string]any, error) {
	m, _, err := yamlmap.DecodeText(unsafe.String(unsafe.SliceData(data), len(data))) // never modified
	return m, err
}

// readValues is ReadValues decoding each document with decode.
func readValues(data []byte, firstDocumentOnly bool, decode func([]byte) (map[string]any, error)) (map[string]any, error) {
	if firstDocumentOnly {
		return readValuesDocument(data, decode)
	}
	if isSingleDocument(data) {
		m, err := readValuesDocument(data, decode)
		if err != nil {
			return nil, fmt.Errorf("cannot unmarshal yaml document: %w", err)
		}
		return m, nil
	}
	docs, err := splitYAMLDocuments(data)
	if err != nil {
		return nil, fmt.Errorf("error reading yaml document: %w", err)
	}
	values := map[string]any{}
	for _, doc := range docs {
		m, err := readValuesDocument(doc, decode)
		if err != nil {
			return nil, fmt.Errorf("cannot unmarshal yaml document: %w", err)
		}
		values = MergeMaps(values, m)
	}
	return values, nil
}

// readValuesDocument decodes one document as Helm does, with
// sigs.k8s.io/yaml (through yamlmap, which gives the same result faster).
func readValuesDocument(data []byte, decode func([]byte) (map[string]any, error)) (map[string]any, error) {
	m, err := decode(data)
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
// the dashes), CRLF line ends become LF, a last line gets its line end,
// empty documents are dropped, and a leading separator stays in the first
// document. A document those rewrites leave as it is is a slice of data,
// not a copy.
func splitYAMLDocuments(data []byte) ([][]byte, error) {
	var docs [][]byte
	start, rewrite := 0, false // the document's offset; whether a line of it changes
	for p := 0; p < len(data); {
		line, next := data[p:], len(data)
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line, next = line[:i], p+i+1
		}
		if rest, ok := bytes.CutPrefix(line, []byte("---")); ok {
			if trimmed := bytes.TrimSpace(rest); len(trimmed) != 0 && trimmed[0] != '#' {
				return nil, fmt.Errorf("invalid Yaml document separator: %s", trimmed)
			}
			if p > start {
				docs = append(docs, document(data[start:p], rewrite))
				start, rewrite, p = next, false, next
				continue
			}
		}
		rewrite = rewrite || next == len(data) && data[len(data)-1] != '\n' || bytes.HasSuffix(line, []byte("\r"))
		p = next
	}
	if start < len(data) {
		docs = append(docs, document(data[start:], rewrite))
	}
	return docs, nil
}

// document is the text of a document's lines: text itself (its capacity
// cut, so that nothing appends over the next document), or, to rewrite it,
// a copy with every line ended by a single LF.
func document(text []byte, rewrite bool) []byte {
	if !rewrite {
		return text[:len(text):len(text)]
	}
	out := make([]byte, 0, len(text)+1)
	for len(text) > 0 {
		line, rest, _ := bytes.Cut(text, []byte("\n"))
		out = append(append(out, bytes.TrimSuffix(line, []byte("\r"))...), '\n')
		text = rest
	}
	return out
}

// DecodedValues returns c.Values when they are what decoding f, c's
// values.yaml, as a single document gives (sigs.k8s.io/yaml's Unmarshal,
// helm lint's reading of the file), so that a caller need not decode it
// again: f holds one document, which Helm 3 and Helm 4 read alike, and it
// is not empty (the loader makes an empty map of a null document). A nil
// chart has none.
func (c *Chart) DecodedValues(f *source.File) (map[string]any, bool) {
	if c == nil || f == nil || c.File("values.yaml") != f || len(c.Values) == 0 || !isSingleDocument(f.Data) {
		return nil, false
	}
	return c.Values, true
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
