package schema

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/third_party/jsonschema"
)

func compileTestValues(t *testing.T) *ValuesSchema {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, "values", "values.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := CompileValues(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestValuesValidate(t *testing.T) {
	s := compileTestValues(t)
	tests := []struct {
		name   string
		values map[string]any
		want   string // substring of the error, "" for valid
	}{
		{"valid", map[string]any{"image": map[string]any{"repository": "nginx"}, "replicaCount": float64(2)}, ""},
		{"missing", map[string]any{}, "missing property 'image'"},
		{"minimum", map[string]any{"image": map[string]any{"repository": "x"}, "replicaCount": float64(-1)}, "minimum: got -1, want 0"},
		{"enum", map[string]any{"image": map[string]any{"repository": "x"}, "service": map[string]any{"type": "Nope"}}, "value must be one of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Validate(tt.values)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v is not a *jsonschema.ValidationError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
		})
	}
}

// TestCompileValuesDrafts compiles a schema per draft Helm accepts, with
// keywords that only that draft reads as it does, and checks that values
// are accepted and rejected by them: the draft $schema names, 2020-12
// without $schema; "urn:" references allow anything; nothing is fetched.
func TestCompileValuesDrafts(t *testing.T) {
	tests := []struct {
		name, schema    string
		valid, invalid  []map[string]any
		compileErrorHas string
	}{
		{"no $schema means 2020-12: prefixItems", `{"properties": {"a": {"prefixItems": [{"type": "string"}]}}}`,
			[]map[string]any{{"a": []any{"x", 1.0}}}, []map[string]any{{"a": []any{1.0}}}, ""},
		{"2020-12: items after prefixItems", `{"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"a": {"prefixItems": [{"type": "string"}], "items": false}}}`,
			[]map[string]any{{"a": []any{"x"}}}, []map[string]any{{"a": []any{"x", "y"}}}, ""},
		{"2019-09: items as a tuple", `{"$schema": "https://json-schema.org/draft/2019-09/schema", "properties": {"a": {"items": [{"type": "string"}], "additionalItems": false}}, "dependentRequired": {"a": ["b"]}}`,
			[]map[string]any{{"a": []any{"x"}, "b": 1.0}, {}}, []map[string]any{{"a": []any{"x", "y"}, "b": 1.0}, {"a": []any{1.0}, "b": 1.0}, {"a": []any{"x"}}}, ""},
		{"2020-12 rejects items as a tuple", `{"properties": {"a": {"items": [{"type": "string"}]}}}`, nil, nil, "not valid against metaschema"},
		{"draft 7: if and then", `{"$schema": "http://json-schema.org/draft-07/schema#", "if": {"properties": {"a": {"const": 1}}, "required": ["a"]}, "then": {"required": ["b"]}}`,
			[]map[string]any{{"a": 2.0}, {"a": 1.0, "b": true}}, []map[string]any{{"a": 1.0}}, ""},
		{"draft 6: numeric exclusiveMaximum, propertyNames", `{"$schema": "http://json-schema.org/draft-06/schema#", "properties": {"n": {"exclusiveMaximum": 5}}, "propertyNames": {"maxLength": 3}}`,
			[]map[string]any{{"n": 4.0}}, []map[string]any{{"n": 5.0}, {"long": 1.0}}, ""},
		{"draft 4: boolean exclusiveMaximum", `{"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"n": {"maximum": 5, "exclusiveMaximum": true}}}`,
			[]map[string]any{{"n": 4.0}}, []map[string]any{{"n": 5.0}}, ""},
		{"draft 6 rejects a boolean exclusiveMaximum", `{"$schema": "http://json-schema.org/draft-06/schema#", "properties": {"n": {"exclusiveMaximum": true}}}`, nil, nil, "not valid against metaschema"},
		{"urn: reference allows anything", `{"properties": {"a": {"$ref": "urn:example:anything"}}, "required": ["a"]}`,
			[]map[string]any{{"a": 1.0}, {"a": "x"}, {"a": map[string]any{}}}, []map[string]any{{}}, ""},
		{"invalid against metaschema", `{"type": 5}`, nil, nil, "not valid against metaschema"},
		{"not JSON", `{`, nil, nil, "parse values.schema.json"},
		{"remote ref is not fetched", `{"$ref": "https://example.com/s.json"}`, nil, nil, "https://example.com/s.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := CompileValues([]byte(tt.schema))
			if tt.compileErrorHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.compileErrorHas) {
					t.Fatalf("CompileValues() error = %v, want one about %q", err, tt.compileErrorHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range tt.valid {
				if err := s.Validate(v); err != nil {
					t.Errorf("%v rejected: %v", v, err)
				}
			}
			for _, v := range tt.invalid {
				if err := s.Validate(v); err == nil {
					t.Errorf("%v accepted", v)
				}
			}
		})
	}
}

func TestValuesLookup(t *testing.T) {
	s := compileTestValues(t)
	tests := []struct {
		path                 []string
		typ, def, enum, desc string
		required             bool
		fields               string
	}{
		{nil, "object", "", "", "", false, "extraEnv,image,ingress,plugin,podLabels,replicaCount,service"},
		{[]string{"replicaCount"}, "integer", "1", "", "Number of pods.", false, ""},
		{[]string{"image"}, "object", "", "", "Container image.", true, "repository,tag"},
		{[]string{"image", "repository"}, "string", "", "", "Image repository.", true, ""},
		{[]string{"service", "type"}, "string", `"ClusterIP"`, `"ClusterIP","NodePort","LoadBalancer"`, "", false, ""},
		{[]string{"service", "port"}, "integer|string", "", "", "", false, ""},
		{[]string{"extraEnv", "0", "name"}, "string", "", "", "", true, ""},
		{[]string{"extraEnv", "value"}, "string", "", "", "", false, ""},
		{[]string{"podLabels", "team"}, "string", "", "", "A label value.", false, ""},
		{[]string{"ingress", "enabled"}, "boolean", "", "", "Create an Ingress.", false, ""},
		{[]string{"plugin"}, "any", "", "", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.path, "."), func(t *testing.T) {
			n, ok := s.Lookup(tt.path)
			if !ok {
				t.Fatal("not found")
			}
			var names []string
			for _, f := range n.Fields {
				names = append(names, f.Name)
			}
			got := []string{n.Type, n.Default, strings.Join(n.Enum, ","), n.Description, strings.Join(names, ",")}
			want := []string{tt.typ, tt.def, tt.enum, tt.desc, tt.fields}
			if strings.Join(got, "|") != strings.Join(want, "|") || n.Required != tt.required {
				t.Errorf("got %q required=%v, want %q required=%v", got, n.Required, want, tt.required)
			}
		})
	}
	if _, ok := s.Lookup([]string{"nope"}); ok {
		t.Error("Lookup of an unknown key succeeded")
	}
}
