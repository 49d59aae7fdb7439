package completion

import (
	"strings"
	"testing"
)

func TestTemplateNames(t *testing.T) {
	f := newFixture(t, "shop")
	names := []string{"common.labels", "shop.fullname", "shop.labels"}
	items := f.complete(shopTemplate, `{{ include "‸" . }}`, Options{})
	wantLabels(t, items, names...)
	check(t, items, "shop.fullname", "templates/_helpers.tpl", "shop.fullname", "",
		"The release-qualified name of the shop, at most 63 characters.\n\nDefined in `templates/_helpers.tpl`.")
	check(t, items, "common.labels", "charts/common-1.0.0.tgz/templates/_labels.tpl", "common.labels", "",
		"Standard labels of an object: name, instance and managed-by.")

	items = f.complete(shopTemplate, `{{ include "shop.fu‸llname" . }}`, Options{})
	check(t, items, "shop.labels", "templates/_helpers.tpl", "shop.labels", "shop.fullname", "")

	items = f.complete(shopTemplate, `{{ include "sho‸ }}`, Options{})
	check(t, items, "shop.labels", "templates/_helpers.tpl", `shop.labels"`, "sho", "")

	items = f.complete(shopTemplate, `{{- template "‸`, Options{})
	wantLabels(t, items, names...)

	items = f.complete(shopTemplate, `{{ include ‸ }}`, Options{})
	check(t, items, "shop.labels", "templates/_helpers.tpl", `"shop.labels"`, "", "")

	items = f.complete(shopTemplate, `{{ tpl "‸`, Options{})
	wantLabels(t, items)
}

// TestTemplateNamesTyped checks that the defines of the file being edited
// are read from its text as it is.
func TestTemplateNamesTyped(t *testing.T) {
	f := newFixture(t, "shop")
	helpers := f.read("shop/templates/_helpers.tpl")
	text := strings.Replace(helpers, `"shop.labels"`, `"shop.tags"`, 1) +
		"\n{{/*\n  Fresh:\n  typed just now.\n*/}}\n{{ define \"shop.fresh\" }}x{{ end }}\n{{ include \"‸"
	items := f.complete("shop/templates/_helpers.tpl", text, Options{})
	wantLabels(t, items, "common.labels", "shop.fresh", "shop.fullname", "shop.tags")
	check(t, items, "shop.fresh", "templates/_helpers.tpl", `shop.fresh"`, "", "Fresh:\ntyped just now.\n\nDefined in")
}
