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

func TestCompileValuesDrafts(t *testing.T) {
	tests := []struct {
		name, schema string
		ok           bool
	}{
		{"no $schema means 2020-12", `{"prefixItems": [{"type": "string"}]}`, true},
		{"draft 4", `{"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"a": {"type": "string"}}}`, true},
		{"draft 6", `{"$schema": "http://json-schema.org/draft-06/schema#", "type": "object"}`, true},
		{"draft 2019-09", `{"$schema": "https://json-schema.org/draft/2019-09/schema", "type": "object"}`, true},
		{"invalid against metaschema", `{"type": 5}`, false},
		{"not JSON", `{`, false},
		{"remote ref is not fetched", `{"$ref": "https://example.com/s.json"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CompileValues([]byte(tt.schema))
			if (err == nil) != tt.ok {
				t.Errorf("CompileValues() error = %v, want ok = %v", err, tt.ok)
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
