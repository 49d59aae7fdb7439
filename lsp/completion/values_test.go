package completion

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
)

const (
	shopTemplate   = "shop/templates/deployment.yaml"
	ordersTemplate = "shop/charts/db-folder/templates/statefulset.yaml"
	webTemplate    = "webapp/templates/deployment.yaml"
)

var shopKeys = []string{"common", "env", "global", "greeting", "image", "orders", "replicaCount", "service"}

func TestValuesPaths(t *testing.T) {
	f := newFixture(t, "shop")
	opts := Options{}

	items := f.complete(shopTemplate, "{{ .Values.ima‸ }}", opts)
	wantLabels(t, items, shopKeys...)
	check(t, items, "image", "map", "image", "ima", "Set in `values.yaml`")
	check(t, items, "replicaCount", "int = 2", "replicaCount", "ima", "Number of shop pods.\n\nSet in `values.yaml`: `2`")
	check(t, items, "orders", "map", "orders", "ima", "The values of subchart database (`charts/db-folder`).")

	items = f.complete(shopTemplate, "{{ .Values.image.‸ }}", opts)
	wantLabels(t, items, "repository", "tag")
	check(t, items, "repository", "string = ghcr.io/example/shop", "repository", "", "Image repository of the shop front.")

	items = f.complete(shopTemplate, "{{ .Values.image.re‸pository }}", opts)
	check(t, items, "tag", `string = ""`, "tag", "repository", "Image tag; defaults to the chart's appVersion.")

	items = f.complete(shopTemplate, "{{- with .Values.orders }}{{ $.Values.‸ }}{{ end }}", opts)
	wantLabels(t, items, shopKeys...)
}

func TestValuesInBlocks(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(shopTemplate, "{{ with .Values.orders }}{{ .‸ }}{{ end }}", Options{})
	wantLabels(t, items, "enabled", "global", "storage", "user")
	check(t, items, "storage", "string = 5Gi", "storage", "",
		"Size of the database volume.\n\nSet in `charts/db-folder/values.yaml`: `1Gi`; `values.yaml`: `5Gi`")

	items = f.complete(shopTemplate, "{{ range .Values.env }}{{ .‸ }}{{ end }}", Options{})
	wantLabels(t, items, "name", "value")
	check(t, items, "name", "string = LOG_LEVEL", "name", "", "")

	// The block does not parse yet: its pipeline is read as typed.
	items = f.complete(shopTemplate, "{{ with .Values.image }}{{ if .‸", Options{})
	wantLabels(t, items, "repository", "tag")
	// In the else branch of a with, . is what it was outside.
	items = f.complete(shopTemplate, "{{ with .Values.image }}{{ else }}{{ .Values.‸ }}{{ end }}", Options{})
	wantLabels(t, items, shopKeys...)
}

func TestValuesOfSubchart(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(ordersTemplate, "{{ .Values.‸ }}", Options{})
	wantLabels(t, items, "enabled", "global", "storage", "user")
	check(t, items, "user", "string = admin", "user", "", "Database user.\n\nSet in `charts/db-folder/values.yaml`: `admin`")
	check(t, items, "enabled", "bool = true", "enabled", "", "Set in `values.yaml`: `true`")
	check(t, items, "global", "map", "global", "", "Set in `values.yaml`")

	items = f.complete(ordersTemplate, "{{ .Values.global.‸ }}", Options{})
	wantLabels(t, items, "region")
	check(t, items, "region", "string = eu-west-1", "region", "", "Region every object is labelled with.")
}

func TestValuesVariables(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(shopTemplate, "{{ $img := .Values.image }}{{ $img.‸ }}", Options{})
	wantLabels(t, items, "repository", "tag")
	check(t, items, "tag", `string = ""`, "tag", "", "")

	items = f.complete(shopTemplate, "{{ range $i, $e := .Values.env }}{{ $e.‸ }}{{ end }}", Options{})
	wantLabels(t, items, "name", "value")

	items = f.complete(shopTemplate, "{{ $o := .Values.orders }}{{ $s := $o }}{{ $s.st‸ }}", Options{})
	check(t, items, "storage", "string = 5Gi", "storage", "st", "")

	items = f.complete(shopTemplate, "{{ range $i, $e := .Values.env }}{{ $i.‸ }}{{ end }}", Options{})
	wantLabels(t, items)
}

func TestValuesIndex(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(shopTemplate, `{{ index .Values "image" "‸" }}`, Options{})
	wantLabels(t, items, "repository", "tag")
	check(t, items, "repository", "string = ghcr.io/example/shop", "repository", "", "")

	items = f.complete(shopTemplate, `{{ index .Values "image" "t‸`, Options{})
	check(t, items, "tag", `string = ""`, `tag"`, "t", "")

	items = f.complete(shopTemplate, `{{ index .Values "gree‸ting" }}`, Options{})
	check(t, items, "greeting", `string = "Grüß Gott 👋"`, "greeting", "greeting", "«bienvenue»")
}

func TestValuesKeysThatAreNotNames(t *testing.T) {
	f := newFixtureWith(t, map[string]string{
		"shop/values.yaml": "labels:\n  # Part of what.\n  app.kubernetes.io/part-of: shop\n  tier: front\n",
	}, "shop")
	items := f.complete(shopTemplate, "{{ .Values.labels.‸ | quote }}", Options{})
	wantLabels(t, items, "app.kubernetes.io/part-of", "tier")
	check(t, items, "app.kubernetes.io/part-of", "string = shop", `(index .Values.labels "app.kubernetes.io/part-of")`, ".Values.labels.", "Part of what.")
	if it := item(t, items, "app.kubernetes.io/part-of"); it.Filter != ".Values.labels.app.kubernetes.io/part-of" {
		t.Errorf("filter %q", it.Filter)
	}
	check(t, items, "tier", "string = front", "tier", "", "")
}

func TestValuesFromExtraFiles(t *testing.T) {
	f := newFixtureWith(t, map[string]string{
		"shop/values-prod.yaml": "replicaCount: 5\n# Only in production.\nextraKey: true\nbig: 1000000\n",
	}, "shop")
	f.ws.SetSettings(cache.Settings{ValuesFiles: map[string][]string{"shop": {"values-prod.yaml"}}})
	items := f.complete(shopTemplate, "{{ .Values.‸ }}", Options{})
	wantLabels(t, items, append([]string{"big", "extraKey"}, shopKeys...)...)
	check(t, items, "extraKey", "bool = true", "extraKey", "", "Only in production.\n\nSet in `values-prod.yaml`: `true`")
	check(t, items, "replicaCount", "int = 5", "replicaCount", "", "Set in `values.yaml`: `2`; `values-prod.yaml`: `5`")
	check(t, items, "big", "int = 1000000", "big", "", "")
}

func TestValuesOnlyInSchema(t *testing.T) {
	f := newFixtureWith(t, map[string]string{
		"webapp/values.schema.json": `{"type": "object", "properties": {
			"logLevel": {"type": "string", "enum": ["debug", "info"], "default": "info", "description": "How much the server logs."},
			"image": {"type": "object", "properties": {"pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]}, "digest": {"type": "string"}}}
		}}`,
	}, "webapp")
	items := f.complete(webTemplate, "{{ .Values.‸ }}", Options{})
	check(t, items, "logLevel", "string = info", "logLevel", "", "How much the server logs.\n\nOne of `debug`, `info` (values.schema.json).\n\nDeclared in values.schema.json; no values file sets it.")
	check(t, items, "replicaCount", "int = 2", "replicaCount", "", "Number of web pods.")

	items = f.complete(webTemplate, "{{ .Values.image.‸ }}", Options{})
	wantLabels(t, items, "digest", "pullPolicy", "repository", "tag")
	check(t, items, "pullPolicy", "string = IfNotPresent", "pullPolicy", "", "One of `Always`, `IfNotPresent`, `Never` (values.schema.json).")
	check(t, items, "digest", "string", "digest", "", "Declared in values.schema.json")
}

// TestValuesInDefineAfterEdit types in a define so that its file no
// longer parses: what . stands for there — the context the define is
// included with — comes from the index computed before the edit.
func TestValuesInDefineAfterEdit(t *testing.T) {
	helpers := "{{- define \"shop.image\" -}}\n{{ .repository }}:{{ .tag }}\n{{- end -}}\n"
	f := newFixtureWith(t, map[string]string{
		"shop/templates/_image.tpl": helpers,
		"shop/templates/image.yaml": "image: {{ include \"shop.image\" .Values.image }}\n",
	}, "shop")
	path := filepath.Join(f.folder, "shop/templates/_image.tpl")
	if f.ws.Snapshot().Root(path).Index() == nil {
		t.Fatal("the chart has no index")
	}
	items := f.complete("shop/templates/_image.tpl", strings.Replace(helpers, "{{ .tag }}", "{{ .tag }}{{ .‸", 1), Options{})
	wantLabels(t, items, "repository", "tag")
}

// TestValuesAfterSchemaEdit edits values.schema.json after the index was
// computed: the keys it declares now are proposed, though what . stands
// for comes from the earlier index.
func TestValuesAfterSchemaEdit(t *testing.T) {
	f := newFixture(t, "webapp")
	path := filepath.Join(f.folder, webTemplate)
	if f.ws.Snapshot().Root(path).Index() == nil {
		t.Fatal("the chart has no index")
	}
	schemaPath := filepath.Join(f.folder, "webapp/values.schema.json")
	f.ws.Open(schemaPath, 1, []byte(`{"type": "object", "properties": {"fresh": {"type": "boolean", "description": "Just declared."}}}`))
	items := f.complete(webTemplate, f.read(webTemplate)+"{{ .Values.‸ }}", Options{})
	check(t, items, "fresh", "boolean", "fresh", "", "Just declared.")
}

// TestValuesAsMap checks that .Values.AsMap, a method of Helm's Values, is
// the values themselves, and that a key it hides is inserted as an index.
func TestValuesAsMap(t *testing.T) {
	f := newFixtureWith(t, map[string]string{"shop/values.yaml": "AsMap: hidden\ngreeting: hi\n"}, "shop")
	items := f.complete(shopTemplate, "{{ .Values.AsMap.‸ }}", Options{})
	wantLabels(t, items, "AsMap", "common", "greeting", "orders")
	items = f.complete(shopTemplate, "{{ $v := .Values.AsMap }}{{ $v.gr‸ }}", Options{})
	check(t, items, "greeting", "string = hi", "greeting", "gr", "Set in `values.yaml`: `hi`")
	items = f.complete(shopTemplate, "{{ .Values.A‸ }}", Options{})
	check(t, items, "AsMap", "string = hidden", `(index .Values "AsMap")`, ".Values.A", "Set in `values.yaml`: `hidden`")
}
