package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestRenderedCRDs checks what a lint returns of the CRDs its renders
// produced: each text once over the values sets, none from a values set
// that turns them off, and a render stopped by an error marked partial.
func TestRenderedCRDs(t *testing.T) {
	const crd = "{{- if .Values.crds }}\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n" +
		"metadata:\n  name: gizmos.example.com\nspec:\n  group: example.com\n  names: {kind: Gizmo, plural: gizmos}\n{{- end }}\n"
	dir := t.TempDir()
	for name, text := range map[string]string{
		"Chart.yaml":               "apiVersion: v2\nname: gizmos\nversion: 0.1.0\n",
		"values.yaml":              "crds: true\nbroken: false\n",
		"templates/crd.yaml":       crd,
		"templates/configmap.yaml": "{{- if .Values.broken }}{{ .Values.no.such }}{{ end }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name    string
		sets    []lint.ValuesSet
		texts   int
		partial bool
	}{
		{"defaults twice", []lint.ValuesSet{{Name: "a"}, {Name: "b"}}, 1, false},
		{"turned off", []lint.ValuesSet{{Name: "off", Values: map[string]any{"crds": false}}}, 0, false},
		{"failed render", []lint.ValuesSet{{Name: "broken", Values: map[string]any{"broken": true}}}, 1, true},
	} {
		res, err := lint.Run(context.Background(), dir, lint.Options{Rules: rules.All(), ValuesSets: tt.sets, RenderedCRDs: rules.RenderedCRDs})
		if err != nil {
			t.Fatal(err)
		}
		got := res.RenderedCRDs
		if len(got.Texts) != tt.texts || got.Partial != tt.partial {
			t.Errorf("%s: %d CRDs, partial %v; want %d, %v", tt.name, len(got.Texts), got.Partial, tt.texts, tt.partial)
		}
		for _, text := range got.Texts {
			if !strings.Contains(text, "kind: CustomResourceDefinition") {
				t.Errorf("%s: not a CRD: %q", tt.name, text)
			}
		}
	}
}
