package chart

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/chartwright/chartwright/internal/yamlmap"
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
