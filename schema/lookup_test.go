package schema

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	v := New(Options{})
	tests := []struct {
		apiVersion, kind string
		path             []string
		typ              string
		required         bool
		descPrefix       string
		enum             string
		field            string // a key expected among Fields
	}{
		{"apps/v1", "Deployment", nil, "object", false, "Deployment enables declarative updates", "", "spec"},
		{"apps/v1", "Deployment", []string{"spec", "selector"}, "object", true, "Label selector for pods.", "", "matchLabels"},
		{"apps/v1", "Deployment", []string{"spec", "template", "spec", "containers", "0", "imagePullPolicy"}, "string", false, "Image pull policy.", `"Always","Never","IfNotPresent"`, ""},
		{"apps/v1", "Deployment", []string{"spec", "template", "spec", "containers", "name"}, "string", true, "Name of the container", "", ""},
		{"v1", "Service", []string{"spec", "ports", "0", "targetPort"}, "int-or-string", false, "Number or name of the port", "", ""},
		{"v1", "ConfigMap", []string{"data", "anykey"}, "string", false, "", "", ""},
		{"v1", "Pod", []string{"metadata"}, "object", false, "Standard object's metadata.", "", "labels"},
	}
	for _, tt := range tests {
		t.Run(tt.kind+"/"+strings.Join(tt.path, "."), func(t *testing.T) {
			n, ok := v.Lookup(tt.apiVersion, tt.kind, tt.path)
			if !ok {
				t.Fatal("not found")
			}
			if n.Type != tt.typ || n.Required != tt.required {
				t.Errorf("type, required = %q, %v; want %q, %v", n.Type, n.Required, tt.typ, tt.required)
			}
			if !strings.HasPrefix(n.Description, tt.descPrefix) {
				t.Errorf("description = %.80q, want prefix %q", n.Description, tt.descPrefix)
			}
			if got := strings.Join(n.Enum, ","); got != tt.enum {
				t.Errorf("enum = %s, want %s", got, tt.enum)
			}
			if tt.field != "" && !hasField(n, tt.field) {
				t.Errorf("fields lack %q: %v", tt.field, n.Fields)
			}
		})
	}
	if _, ok := v.Lookup("apps/v1", "Deployment", []string{"spec", "nope"}); ok {
		t.Error("Lookup of an unknown field succeeded")
	}
	if _, ok := v.Lookup("example.com/v1", "Gadget", nil); ok {
		t.Error("Lookup of an unknown kind succeeded")
	}
}

func hasField(n *Node, name string) bool {
	for _, f := range n.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// Lookup describes a custom resource field's format, pattern and limits, which
// hover shows beside its type.
func TestLookupLimits(t *testing.T) {
	v := New(Options{})
	crd := testCRD(map[string]any{
		"type": "object",
		"properties": map[string]any{
			"name":   map[string]any{"type": "string", "pattern": "^[a-z]+$", "minLength": 1, "maxLength": 16},
			"size":   map[string]any{"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 2.5, "multipleOf": 0.5},
			"since":  map[string]any{"type": "string", "format": "date-time"},
			"hosts":  map[string]any{"type": "array", "maxItems": 3, "items": map[string]any{"type": "string"}},
			"labels": map[string]any{"type": "object", "minProperties": 2},
			"free":   map[string]any{"type": "string"},
		},
	})
	if err := v.AddCRD(crd); err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{
		"name":   "matching `^[a-z]+$`; at least 1 character; at most 16 characters",
		"size":   "> 0; <= 2.5; a multiple of 0.5",
		"since":  "format `date-time`",
		"hosts":  "at most 3 items",
		"labels": "at least 2 properties",
		"free":   "",
	} {
		n, ok := v.Lookup("example.com/v1", "Widget", []string{"spec", field})
		if !ok {
			t.Fatalf("%s: not found", field)
		}
		if got := strings.Join(n.Limits, "; "); got != want {
			t.Errorf("%s: limits %q, want %q", field, got, want)
		}
	}
}
