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
