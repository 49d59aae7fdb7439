package schema

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSchemaLocations(t *testing.T) {
	dir := filepath.Join(testdata, "locations")
	tests := []struct {
		name     string
		location string
	}{
		{"plain directory", dir},
		{"kubeconform template", filepath.Join(dir, "{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json")},
	}
	doc := map[string]any{"apiVersion": "example.com/v1", "kind": "Gadget", "metadata": map[string]any{"name": "g"},
		"spec": map[string]any{"size": "big", "mood": "fast"}}
	want := []string{
		`unknown-field spec.mood: unknown field "mood" (did you mean "mode"?)`,
		`wrong-type spec.size: expected integer, got string "big"`,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := New(Options{SchemaLocations: []string{tt.location}})
			var got []string
			for _, e := range v.Validate(doc) {
				got = append(got, e.Kind.String()+" "+e.Error())
			}
			if !slices.Equal(got, want) {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if n, ok := v.Lookup("example.com/v1", "Gadget", []string{"spec", "size"}); !ok || n.Description != "How big." {
				t.Errorf("Lookup = %+v, %v", n, ok)
			}
		})
	}
	if errs := New(Options{SchemaLocations: []string{dir}}).Validate(map[string]any{"apiVersion": "example.com/v2", "kind": "Gadget"}); len(errs) != 1 || errs[0].Kind != UnknownKind {
		t.Errorf("a version without a schema file gave %v, want one UnknownKind", errs)
	}
}
