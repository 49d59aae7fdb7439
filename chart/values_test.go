package chart

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/chartwright/chartwright/chart/source"
)

// TestSingleDocumentNeedsNoSplit checks isSingleDocument, the shortcut that
// reads most values files without splitting them, in both directions: when
// it answers true, splitting gives the text itself; when splitting gives
// the text itself, it answers true, except for a text starting with a
// separator (which the split keeps, but the shortcut does not look into).
func TestSingleDocumentNeedsNoSplit(t *testing.T) {
	for _, s := range []string{
		"a: 1\n", "a: |+\n  x\n\n", "# c\n--- \n", "a: 1\n---\nb: 2\n", "a: 1", "a: 1\r\n", "---\na: 1\n", "---\n", "",
		"\n", "a: '---'\n", "a: x---\n", "a: |\n  ---\n", "a: 1\n--- # c\n", "a: 1\n---x\n", "# only a comment\n",
	} {
		docs, err := splitYAMLDocuments([]byte(s))
		splitsToItself := err == nil && len(docs) == 1 && string(docs[0]) == s
		single := isSingleDocument([]byte(s))
		if single && !splitsToItself {
			t.Errorf("%q: isSingleDocument, but split gives %q, %v", s, docs, err)
		}
		if !single && splitsToItself && !strings.HasPrefix(s, "---") {
			t.Errorf("%q: split gives the text itself, but isSingleDocument is false", s)
		}
	}
}

// TestReadValuesDocuments reads values streams as Helm 4 (every document
// merged) and Helm 3 (the first document only) do.
func TestReadValuesDocuments(t *testing.T) {
	tests := []struct {
		text       string
		helm4      map[string]any
		helm3      map[string]any
		helm4Error string
	}{
		{"a: 1\n", map[string]any{"a": 1.0}, map[string]any{"a": 1.0}, ""},
		{"a: 1\n---\nb: 2\n", map[string]any{"a": 1.0, "b": 2.0}, map[string]any{"a": 1.0}, ""},
		{"a: 1\n--- # the second\nb: 2\na: 3\n", map[string]any{"a": 3.0, "b": 2.0}, map[string]any{"a": 1.0}, ""},
		{"---\na: {b: 1, c: 2}\n---\na: {c: 3}\n", map[string]any{"a": map[string]any{"b": 1.0, "c": 3.0}}, map[string]any{"a": map[string]any{"b": 1.0, "c": 2.0}}, ""},
		{"a: 1\r\n---\r\nb: 2\r\n", map[string]any{"a": 1.0, "b": 2.0}, map[string]any{"a": 1.0}, ""},
		{"", map[string]any{}, map[string]any{}, ""},
		{"a: 1\n--- x\nb: 2\n", nil, map[string]any{"a": 1.0}, "error reading yaml document: invalid Yaml document separator: x"},
	}
	for _, tt := range tests {
		got, err := ReadValues([]byte(tt.text), false)
		if tt.helm4Error != "" {
			if err == nil || err.Error() != tt.helm4Error {
				t.Errorf("%q as Helm 4: error %v, want %q", tt.text, err, tt.helm4Error)
			}
		} else if err != nil || !reflect.DeepEqual(got, tt.helm4) {
			t.Errorf("%q as Helm 4: %v, %v; want %v", tt.text, got, err, tt.helm4)
		}
		got, err = ReadValues([]byte(tt.text), true)
		if err != nil || !reflect.DeepEqual(got, tt.helm3) {
			t.Errorf("%q as Helm 3: %v, %v; want %v", tt.text, got, err, tt.helm3)
		}
	}
}

// TestSplitYAMLDocumentsAsKubernetes compares splitYAMLDocuments with a
// line by line model of Kubernetes' YAML reader on samples and random
// streams of lines, separators, CRLF ends and missing last line ends.
func TestSplitYAMLDocumentsAsKubernetes(t *testing.T) {
	texts := []string{
		"", "\n", "---", "---\n", "---\n---\n", "a: 1", "a: 1\n---\nb: 2", "a: 1\r\n---\r\nb: 2\r\n", "a: 1\r\r\n",
		"---\na: 1\n--- # c\nb: 2\n\n", "a: 1\n---x\n", "a: 1\n--- x\n", "a\n\n---\n\n", "a: \"\r\"\n---\t\nb",
	}
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"a: 1", "---", "--- # c", "---  ", "--- x", "", "b:\r", "  c", "\r", "---\r"}
	for range 2000 {
		var sb strings.Builder
		for n := rng.Intn(8); n > 0; n-- {
			sb.WriteString(pieces[rng.Intn(len(pieces))])
			sb.WriteString([]string{"\n", "\n", "\r\n"}[rng.Intn(3)])
		}
		text := sb.String()
		if rng.Intn(3) == 0 {
			text = strings.TrimSuffix(text, "\n")
		}
		texts = append(texts, text)
	}
	for _, text := range texts {
		want, wantErr := splitLines(text)
		docs, err := splitYAMLDocuments([]byte(text))
		got := make([]string, len(docs))
		for i, d := range docs {
			got[i] = string(d)
		}
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || err == nil && !slices.Equal(got, want) {
			t.Errorf("%q: split into %q, %v; want %q, %v", text, got, err, want, wantErr)
		}
	}
}

// splitLines is Kubernetes' YAML reader, line by line: the model of
// splitYAMLDocuments.
func splitLines(s string) ([]string, error) {
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

// TestFileValuesReferToTheFile checks that a chart file's values are
// substrings of its data, which is never modified, and that ReadValues's
// are not: its caller may change data afterwards.
func TestFileValuesReferToTheFile(t *testing.T) {
	data := []byte("image:\n  repository: nginx\n")
	within := func(s string) bool {
		p, start := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(&data[0]))
		return p >= start && p < start+uintptr(len(data))
	}
	for _, first := range []bool{false, true} {
		kept, err := readFileValues(data, first)
		if err != nil {
			t.Fatal(err)
		}
		copied, err := ReadValues(data, first)
		if err != nil {
			t.Fatal(err)
		}
		k, c := kept["image"].(map[string]any)["repository"].(string), copied["image"].(map[string]any)["repository"].(string)
		if k != "nginx" || c != "nginx" {
			t.Fatalf("first document only %v: values %q and %q, want nginx", first, k, c)
		}
		if !within(k) || within(c) {
			t.Errorf("first document only %v: the file's values in its data: %v (want true), ReadValues's: %v (want false)", first, within(k), within(c))
		}
	}
}

// TestDecodedValues checks when a chart's values stand for decoding its
// values.yaml as one document: loaded from it, one document, not empty.
func TestDecodedValues(t *testing.T) {
	for _, tt := range []struct {
		values string
		want   bool
	}{
		{"a: 1\n", true},
		{"a: 1\n---\nb: 2\n", false}, // Helm 4 merges the documents, helm lint reads the first
		{"# nothing\n", false},       // the loader's empty map stands for a null document
		{"{}\n", false},
		{"a: 1", false}, // not what isSingleDocument vouches for
	} {
		f := source.NewFile("values.yaml", []byte(tt.values))
		vals, err := ReadValues(f.Data, false)
		if err != nil {
			t.Fatal(err)
		}
		c := &Chart{Raw: []*source.File{f}, Values: vals}
		got, ok := c.DecodedValues(f)
		if ok != tt.want || ok && got["a"] != 1.0 {
			t.Errorf("%q: %v, %v; want ok %v", tt.values, got, ok, tt.want)
		}
		if _, ok := c.DecodedValues(source.NewFile("values.yaml", f.Data)); ok {
			t.Errorf("%q: another file's values are the chart's", tt.values)
		}
	}
	if _, ok := (*Chart)(nil).DecodedValues(source.NewFile("values.yaml", []byte("a: 1\n"))); ok {
		t.Error("a nil chart has values")
	}
}
