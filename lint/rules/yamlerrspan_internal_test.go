package rules

import (
	"fmt"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/schema"
	"sigs.k8s.io/yaml"
)

// TestErrorSpan checks where sigs.k8s.io/yaml's own errors are placed,
// decoding each text as Helm does (Chart.yaml into chart.Metadata, strictly
// or not; values.yaml into a map): at the line yaml.v2 names, else at the
// key or value the JSON stage's message is about.
func TestErrorSpan(t *testing.T) {
	type decode func([]byte) error
	metadata := func(data []byte) error { var md chart.Metadata; return yaml.Unmarshal(data, &md) }
	strict := func(data []byte) error { var md chart.Metadata; return yaml.UnmarshalStrict(data, &md) }
	values := func(data []byte) error { var v map[string]any; return yaml.Unmarshal(data, &v) }
	cases := []struct {
		name   string
		decode decode
		text   string
		want   string // the text at the span's start, then its line and column
	}{
		{"yaml line", values, "a: 1\nb: [x\n", "2:1"},
		{"unknown field", strict, "apiVersion: v2\nname: a\nversion: 0.1.0\ndescriptoin: x\n", "4:1 descriptoin"},
		{"unknown field of an entry", strict, "apiVersion: v2\nname: a\nversion: 0.1.0\nmaintainers:\n- name: m\n  mail: m@x.io\n", "6:3 mail"},
		{"field of the wrong type", metadata, "apiVersion: v2\nname: a\nversion: 0.1.0\nmaintainers: someone\n", "4:1 maintainers"},
		{"field of an entry of the wrong type", metadata, "apiVersion: v2\nname: a\nversion: 0.1.0\ndependencies:\n- name: d\n  repository: r\n- name: e\n  tags: oops\n", "8:3 tags"},
		{"root of the wrong type", values, "# a list\n- a\n- b\n", "2:1 -"},
		{"null key", values, "a: 1\nb:\n  c: 2\n  ~: 3\n", "4:3 ~"},
		{"null key spelled out", values, "a:\n  null: 3\n", "2:3 null"},
		{"infinity", values, "a: 1\nb:\n  c: .5\n  d: .inf\n", "4:6 .inf"},
		{"negative infinity", values, "a: 1\nb: -.INF\n", "2:4 -.INF"},
		{"infinity of the sign named", values, "z: .inf\na: -.inf\n", "2:4 -.inf"}, // encoding/json meets a first
		{"not a number", values, "a: 1\nb: [1, .NaN]\n", "2:8 .NaN"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &source.File{Name: "f.yaml", Data: []byte(tc.text)}
			err := tc.decode(f.Data)
			if err == nil {
				t.Fatal("decodes without error")
			}
			s := errorSpan(f, err)
			p := f.Position(s.Start)
			got := fmt.Sprintf("%d:%d", p.Line, p.Column)
			if s.End > s.Start {
				got += " " + string(f.Data[s.Start:s.End])
			}
			if got != tc.want {
				t.Errorf("error %q placed at %q, want %q", err, got, tc.want)
			}
		})
	}
}

// TestWritesCollectionKey checks which lines of a document are taken to
// write a mapping or sequence as a key, where yaml.v2's "invalid map key"
// names no line.
func TestWritesCollectionKey(t *testing.T) {
	for line, want := range map[string]bool{
		"  name: {{ .Values.name }}":     true,
		"- {{ .Values.item }}":           true,
		"{{ .Values.key }}: value":       true,
		"  k: { {a: 1}: b }":             true,
		"? [a, b]":                       true,
		"? {a: 1}":                       true,
		`  legendFormat: "{{pod}}"`:      false,
		"  expr: sum by (pod) (x)":       false,
		"  labels: {app: x}":             false,
		`  "a: {{b}}": c`:                false,
		"  description: '{{ $labels }}'": false,
	} {
		if got := writesCollectionKey(line); got != want {
			t.Errorf("writesCollectionKey(%q) = %v, want %v", line, got, want)
		}
	}
}

// TestSchemaSpans checks where schema faults and schema failures of values
// are placed: at the key the most precise JSON pointer of the message
// reaches.
func TestSchemaSpans(t *testing.T) {
	schemaFile := &source.File{Name: "values.schema.json", Data: []byte(`{
  "type": "object",
  "properties": {
    "a": {"type": "strin"}
  }
}`)}
	_, err := schema.CompileValues(schemaFile.Data)
	if err == nil {
		t.Fatal("an invalid schema compiles")
	}
	if got := positionText(schemaFile, schemaFaultSpan(schemaFile, err)); got != `4:11 "type"` {
		t.Errorf("schema fault %q placed at %s, want 4:11 \"type\"", err, got)
	}

	for _, tc := range []struct{ text, want string }{
		{"{\n  \"type\": \"object\"\n  \"properties\": {}\n}", `3:3 "`}, // a comma missing
		{"{\n  \"type\": \"object\",\n  \"properties\": {\n", "4:1 "},   // the file ends too soon
	} {
		broken := &source.File{Name: "values.schema.json", Data: []byte(tc.text)}
		_, err := schema.CompileValues(broken.Data)
		if got := positionText(broken, schemaFaultSpan(broken, err)); got != tc.want {
			t.Errorf("syntax error %q placed at %s, want %s", err, got, tc.want)
		}
	}

	valid := []byte(`{"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "integer"}}}}}`)
	valuesFile := &source.File{Name: "values.yaml", Data: []byte("x: 1\na:\n  b: not a number\n")}
	err = (&helmLinter{pass: &lint.Pass{}}).validateSingleSchema(map[string]any{"x": 1.0, "a": map[string]any{"b": "not a number"}}, valid)
	if err == nil {
		t.Fatal("values that fail the schema pass it")
	}
	if got := positionText(valuesFile, schemaErrorSpan(valuesFile, &source.File{Data: valid}, err.Error())); got != "3:3 b" {
		t.Errorf("schema failure %q placed at %s, want 3:3 b", err, got)
	}
}

// positionText is a span's start as line:column, then its text.
func positionText(f *source.File, s source.Span) string {
	p := f.Position(s.Start)
	return fmt.Sprintf("%d:%d %s", p.Line, p.Column, f.Data[s.Start:s.End])
}
