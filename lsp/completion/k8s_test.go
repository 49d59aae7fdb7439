package completion

import (
	"strings"
	"testing"
)

const serviceTemplate = "shop/templates/service.yaml"

func TestKubeFields(t *testing.T) {
	f := newFixture(t, "shop")
	service := "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  type: ClusterIP\n  ‸\n  ports: []\n"
	items := f.complete(serviceTemplate, service, Options{})
	for _, it := range items {
		if it.Label == "type" || it.Label == "ports" {
			t.Errorf("%s, written beside the cursor, is proposed", it.Label)
		}
	}
	check(t, items, "selector", "object", "selector:", "", "Route service traffic to pods with label keys and values matching this selector.")
	check(t, items, "clusterIP", "string", "clusterIP: ", "", "")

	items = f.complete(serviceTemplate, strings.Replace(service, "  ‸\n", "  cluster‸IP\n", 1), Options{})
	check(t, items, "clusterIPs", "array", "clusterIPs:", "clusterIP", "")

	items = f.complete(serviceTemplate, "apiVersion: v1\nkind: Service\nspec:\n  type: ‸\n", Options{})
	wantLabels(t, items, "ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
	check(t, items, "NodePort", "", "NodePort", "", "")

	items = f.complete(serviceTemplate, "apiVersion: v1\nkind: Service\nspec:\n  type: Node‸Port # the port\n", Options{})
	check(t, items, "LoadBalancer", "", "LoadBalancer", "NodePort", "")

	items = f.complete(serviceTemplate, "apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 80\n      ‸\n", Options{})
	check(t, items, "protocol", "string", "protocol: ", "", "")
	for _, it := range items {
		if it.Label == "port" {
			t.Error("port, written in the same item, is proposed")
		}
	}
	items = f.complete(serviceTemplate, "apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 80\n    - ‸\n", Options{})
	check(t, items, "port", "integer (required)", "port: ", "", "")
}

func TestKubeDocumentStart(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(serviceTemplate, "‸", Options{})
	wantLabels(t, items, "apiVersion", "kind", "metadata")
	items = f.complete(serviceTemplate, "apiVersion: ‸", Options{})
	check(t, items, "apps/v1", "", "apps/v1", "", "")
	items = f.complete(serviceTemplate, "apiVersion: apps/v1\nkind: Deployment\nspec:\n  ‸", Options{})
	check(t, items, "selector", "object (required)", "selector:", "", "")
	check(t, items, "replicas", "integer", "replicas: ", "", "Number of desired pods.")
	items = f.complete(serviceTemplate, "apiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: Deployment\n‸", Options{})
	check(t, items, "spec", "object", "spec:", "", "Specification of the desired behavior of the Deployment.")
}

// TestKubeFieldsAfterALoneCR: a lone carriage return ends a line, in YAML
// as in LSP: what follows it is a key of its own, replaced on its line.
func TestKubeFieldsAfterALoneCR(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(serviceTemplate, "apiVersion: v1\rki‸\r\n", Options{})
	check(t, items, "kind", "string", "kind: ", "ki", "")
}

func TestKubeFieldsNot(t *testing.T) {
	f := newFixture(t, "shop")
	for name, c := range map[string]struct{ rel, text string }{
		"in an action":   {serviceTemplate, "apiVersion: v1\nkind: Service\nspec:\n  type: {{ ‸ }}\n"},
		"in a comment":   {serviceTemplate, "apiVersion: v1\nkind: Service\nspec:\n  # ty‸\n"},
		"in NOTES.txt":   {"shop/templates/NOTES.txt", "spec:\n  ‸"},
		"in a partial":   {"shop/templates/_helpers.tpl", "apiVersion: v1\nkind: Service\nspec:\n  ‸"},
		"an unknown key": {serviceTemplate, "apiVersion: v1\nkind: Service\nnope:\n  ‸"},
	} {
		items := f.complete(c.rel, c.text, Options{})
		if name != "in an action" && len(items) > 0 {
			t.Errorf("%s: %q", name, labels(items))
		}
		if name == "in an action" && len(items) == 0 {
			t.Errorf("%s: nothing proposed", name)
		}
	}
}

func TestKubeCRLF(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(serviceTemplate, "apiVersion: v1\r\nkind: Service\r\nspec:\r\n  type: Cluster‸IP\r\n", Options{})
	check(t, items, "NodePort", "", "NodePort", "ClusterIP", "")
	items = f.complete(serviceTemplate, "apiVersion: v1\r\nkind: Service\r\nspec:\r\n  type: ClusterIP\r\n  ‸\r\n", Options{})
	check(t, items, "selector", "object", "selector:", "", "")
}

// crd is a CustomResourceDefinition of the kind Widget.
const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
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
              required: [size]
              properties:
                size:
                  type: string
                  description: How big the widget is.
                  enum: [small, large]
`

func TestKubeFieldsOfCRDs(t *testing.T) {
	f := newFixtureWith(t, map[string]string{"shop/crds/widget.yaml": crd}, "shop")
	items := f.complete(serviceTemplate, "apiVersion: example.com/v1\nkind: Widget\nspec:\n  ‸", Options{})
	wantLabels(t, items, "size")
	check(t, items, "size", "string (required)", "size: ", "", "How big the widget is.")
	items = f.complete(serviceTemplate, "apiVersion: example.com/v1\nkind: Widget\nspec:\n  size: ‸", Options{})
	wantLabels(t, items, "large", "small")
}
