package lsp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// gadgetsCRD is the template of the gadgets chart that renders its CRD,
// as cert-manager's do, unless crds.enabled is turned off.
const gadgetsCRD = `{{- if .Values.crds.enabled }}
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  names:
    kind: Gadget
    plural: gadgets
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size:
                type: integer
                description: How many gadgets.
                minimum: 1
                maximum: 9
              color:
                type: string
                enum: [red, green]
{{- end }}
`

// gadgetsFiles are the files of the gadgets chart: a Gadget whose size has
// the wrong type (line 6), whose color is not of the enum (line 7) and
// with a field the CRD does not have (colour, line 8).
var gadgetsFiles = map[string]string{
	"gadgets/Chart.yaml":            "apiVersion: v2\nname: gadgets\nversion: 0.1.0\n",
	"gadgets/values.yaml":           "crds:\n  # Render the Gadget CRD.\n  enabled: true\n",
	"gadgets/templates/crd.yaml":    gadgetsCRD,
	"gadgets/templates/gadget.yaml": "apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  size: \"3\"\n  color: blue\n  colour: red\n",
}

// gadgetsSession starts the server on the gadgets chart, opens the Gadget
// and waits for the whole lint's diagnostics of it: the rendered CRD is
// then known. It returns the folder and the Gadget's path and text.
func gadgetsSession(t *testing.T) (c *lsptest.Client, folder, path, text string) {
	t.Helper()
	folder = t.TempDir()
	for name, text := range gadgetsFiles {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(folder, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(folder, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c = sessionIn(t, map[string]any{}, folder)
	path = filepath.Join(folder, "gadgets/templates/gadget.yaml")
	text = openDocument(t, c, path)
	waitGadgetDiagnostics(t, c, path, func(p lsptest.Published) bool { return hasDiagnostic(p, "manifest-schema", 7) })
	return c, folder, path, text
}

// waitGadgetDiagnostics waits for diagnostics of the Gadget satisfying ok.
func waitGadgetDiagnostics(t *testing.T, c *lsptest.Client, path string, ok func(lsptest.Published) bool) {
	t.Helper()
	uri := lsptest.URI(path)
	if _, err := c.WaitDiagnostics(withTimeout(t), uri, ok); err != nil {
		t.Fatalf("%v (last %+v)", err, c.Diagnostics(uri))
	}
}

// TestCompletionOfRenderedCRD checks that a custom resource's fields are
// proposed from a CRD the chart renders from templates/.
func TestCompletionOfRenderedCRD(t *testing.T) {
	c, _, path, _ := gadgetsSession(t)
	list := completeAt(t, c, path, 2, "apiVersion: example.com/v1\nkind: Gadget\nspec:\n  ‸\n")
	if it := proposal(t, list, "size"); it.Detail != "integer" || it.Documentation == nil || !strings.Contains(it.Documentation.Value, "How many gadgets.") {
		t.Errorf("size: %+v", it)
	}
	list = completeAt(t, c, path, 3, "apiVersion: example.com/v1\nkind: Gadget\nspec:\n  color: ‸\n")
	proposal(t, list, "green")
}

// TestHoverOfRenderedCRD checks that hover on a custom resource's field
// shows its description and limits from a CRD the chart renders.
func TestHoverOfRenderedCRD(t *testing.T) {
	c, _, path, text := gadgetsSession(t)
	var got *struct {
		Contents struct{ Value string } `json:"contents"`
	}
	if err := c.Call(withTimeout(t), "textDocument/hover", navParams(path, navPosition(t, text, "  siz")), &got); err != nil {
		t.Fatal(err)
	}
	want := "**`size`**: `integer`, >= 1, <= 9\n\nHow many gadgets.\n\nexample.com/v1 Gadget"
	if got == nil || got.Contents.Value != want {
		t.Errorf("hover %+v, want %q", got, want)
	}
}

// TestDiagnosticsOfRenderedCRD checks that the editor's diagnostics of a
// custom resource whose CRD the chart renders are those of `chartwright
// lint`: a wrong type, a value outside the enum, an unknown field.
func TestDiagnosticsOfRenderedCRD(t *testing.T) {
	c, folder, _, _ := gadgetsSession(t)
	dir := filepath.Join(folder, "gadgets")
	want := lintFindings(t, dir)["templates/gadget.yaml"]
	if len(want) != 3 {
		t.Fatalf("chartwright lint finds in the Gadget:\n%s", joinFindings(want))
	}
	waitSameFindings(t, c, dir, "templates/gadget.yaml", want)
}

// TestRenderedCRDAfterEdit edits the CRD template: while it does not parse,
// the CRD rendered before stays known; once it has a new field, the field
// is proposed in a new Gadget.
func TestRenderedCRDAfterEdit(t *testing.T) {
	c, folder, path, _ := gadgetsSession(t)
	crd := filepath.Join(folder, "gadgets/templates/crd.yaml")
	openDocument(t, c, crd)
	if err := c.Change(crd, 2, nil, strings.Replace(gadgetsCRD, "{{- end }}", "{{- end", 1)); err != nil {
		t.Fatal(err)
	}
	// Nothing renders: the Gadget's schema findings go.
	waitGadgetDiagnostics(t, c, path, func(p lsptest.Published) bool { return !hasDiagnostic(p, "manifest-schema", 5) })
	gadget := "apiVersion: example.com/v1\nkind: Gadget\nspec:\n  ‸\n"
	probe := filepath.Join(folder, "gadgets/templates/probe.yaml")
	if err := c.Open(probe, "helm", ""); err != nil {
		t.Fatal(err)
	}
	proposal(t, completeAt(t, c, probe, 2, gadget), "size")

	withColour := strings.Replace(gadgetsCRD, "              color:\n", "              colour:\n                type: string\n              color:\n", 1)
	if err := c.Change(crd, 3, nil, withColour); err != nil {
		t.Fatal(err)
	}
	// The Gadget's colour is no longer an unknown field.
	waitGadgetDiagnostics(t, c, path, func(p lsptest.Published) bool {
		return hasDiagnostic(p, "manifest-schema", 5) && !hasDiagnostic(p, "manifest-schema", 7)
	})
	proposal(t, completeAt(t, c, probe, 3, gadget), "colour")
}

// TestDiagnosticsOfInvalidCRDs checks that the editor shows what
// `chartwright lint` finds in CustomResourceDefinitions the API server
// rejects, in crds/ and rendered from templates/ (the crd-invalid
// scenario's chart).
func TestDiagnosticsOfInvalidCRDs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "chart")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "testdata", "lint", "crd-invalid", "chart"))); err != nil {
		t.Fatal(err)
	}
	c := sessionIn(t, map[string]any{}, dir)
	found := lintFindings(t, dir)
	for _, file := range []string{"crds/broken.yaml", "templates/gizmos.yaml"} {
		if len(found[file]) == 0 {
			t.Fatalf("chartwright lint finds nothing in %s", file)
		}
		openDocument(t, c, filepath.Join(dir, filepath.FromSlash(file)))
		waitSameFindings(t, c, dir, file, found[file])
	}
}
