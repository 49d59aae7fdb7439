package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPathAt(t *testing.T) {
	text, err := os.ReadFile(filepath.Join(testdata, "pathat", "deployment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name             string
		marker           string // replaced by "" and located; or a plain substring to find
		apiVersion, kind string
		path             string
	}{
		{"templated apiVersion", `kind: Deploy`, `{{ include "app.deployment.apiVersion" . }}`, "Deployment", "kind"},
		{"key under action line", `replicas:`, `{{ include "app.deployment.apiVersion" . }}`, "Deployment", "spec.replicas"},
		{"value with action", `{{ .Values.image.repository`, `{{ include "app.deployment.apiVersion" . }}`, "Deployment", "spec.template.spec.containers.0.image"},
		{"block scalar text", `ports: not a key`, `{{ include "app.deployment.apiVersion" . }}`, "Deployment", "spec.template.spec.containers.0.command"},
		{"nested list item key", `containerPort`, `{{ include "app.deployment.apiVersion" . }}`, "Deployment", "spec.template.spec.containers.0.ports.0.containerPort"},
		{"new key in item", `@IMAGEPULL@`, `{{ include "app.deployment.apiVersion" . }}`, "Deployment", "spec.template.spec.containers.0"},
		{"second item", `@SIDECAR@`, `{{ include "app.deployment.apiVersion" . }}`, "Deployment", "spec.template.spec.containers.1"},
		{"after list", `volumes`, `{{ include "app.deployment.apiVersion" . }}`, "Deployment", "spec.template.spec.volumes"},
		{"second document enum value", `@TYPE@`, "v1", "Service", "spec.type"},
		{"compact list", `@TARGET@`, "v1", "Service", "spec.ports.0.targetPort"},
	}
	// The same with CRLF and with lone CRs, which YAML reads as line ends too.
	for newline, name := range map[string]string{"\n": "LF", "\r\n": "CRLF", "\r": "CR"} {
		text := bytes.ReplaceAll(text, []byte("\n"), []byte(newline))
		for _, tt := range tests {
			t.Run(tt.name+" "+name, func(t *testing.T) {
				offset := bytes.Index(text, []byte(tt.marker))
				if offset < 0 {
					t.Fatalf("marker %q not found", tt.marker)
				}
				if strings.HasPrefix(tt.marker, "@") {
					offset += len(tt.marker)
				}
				apiVersion, kind, path := PathAt(text, offset)
				if apiVersion != tt.apiVersion || kind != tt.kind || strings.Join(path, ".") != tt.path {
					t.Errorf("PathAt = %q, %q, %q; want %q, %q, %q", apiVersion, kind, strings.Join(path, "."), tt.apiVersion, tt.kind, tt.path)
				}
			})
		}
	}
}

func TestPathAtEdges(t *testing.T) {
	tests := []struct {
		text   string
		offset int
		path   string
	}{
		{"", 0, ""},
		{"a:\n  b: 1\n", 100, ""},
		{"a:\n  b: 1\n  ", 12, "a"},
		{"a:\n  b:\n    c: 1\n", 13, "a.b.c"},
		{"a:\n- x\n- y\n", 9, "a.1"},
	}
	for _, tt := range tests {
		_, _, path := PathAt([]byte(tt.text), tt.offset)
		if got := strings.Join(path, "."); got != tt.path {
			t.Errorf("PathAt(%q, %d) = %q, want %q", tt.text, tt.offset, got, tt.path)
		}
	}
}
