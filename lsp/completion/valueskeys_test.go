package completion

import (
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
)

func TestValuesFileKeys(t *testing.T) {
	f := newFixture(t, "webapp", "shop")
	values := f.read("webapp/values.yaml")
	text := strings.Replace(values, "  tag: \"\"\n", "  ‸\n", 1)
	items := f.complete("webapp/values.yaml", text, Options{})
	wantLabels(t, items, "tag")
	check(t, items, "tag", "string", "tag: ", "", "Declared in values.schema.json; no values file sets it.")

	items = f.complete("webapp/values.yaml", withCursor(t, values, "pullPolicy: "), Options{})
	wantLabels(t, items, "Always", "IfNotPresent", "Never")
	check(t, items, "Never", "", "Never", "IfNotPresent", "")

	shop := f.read("shop/values.yaml")
	items = f.complete("shop/values.yaml", strings.Replace(shop, "  storage: 5Gi\n", "  storage: 5Gi\n  ‸\n", 1), Options{})
	wantLabels(t, items, "global", "user")
	check(t, items, "user", "string = admin", "user: ", "", "Database user.\n\nSet in `charts/db-folder/values.yaml`: `admin`")
}

func TestExtraValuesFileKeys(t *testing.T) {
	f := newFixtureWith(t, map[string]string{"webapp/values-prod.yaml": "replicaCount: 3\n"}, "webapp")
	f.ws.SetSettings(cache.Settings{ValuesFiles: map[string][]string{"webapp": {"values-prod.yaml"}}})
	items := f.complete("webapp/values-prod.yaml", "replicaCount: 3\n‸\n", Options{})
	wantLabels(t, items, "config", "global", "image", "redis", "resources", "service")
	check(t, items, "image", "map", "image:", "", "")
	items = f.complete("webapp/values-prod.yaml", "replicaCount: 3\nimage:\n  ‸\n", Options{})
	wantLabels(t, items, "pullPolicy", "repository", "tag")
	check(t, items, "repository", "string = ghcr.io/example/webapp", "repository: ", "", "Image repository of the web server.")
	items = f.complete("webapp/values-prod.yaml", "replicaCount: 3\nredis:\n  ‸\n", Options{})
	check(t, items, "maxMemory", "string = 64mb", "maxMemory: ", "", "Set in `charts/cache/values.yaml`: `32mb`; `values.yaml`: `64mb`")
}
