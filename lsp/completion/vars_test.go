package completion

import (
	"slices"
	"testing"
)

func TestVariables(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(shopTemplate, "{{ $img := .Values.image }}{{ range $i, $e := .Values.env }}{{ $‸ }}{{ end }}", Options{})
	wantLabels(t, items, "$", "$e", "$i", "$img")
	check(t, items, "$img", ".Values.image", "$img", "$", "Declared at `$img := .Values.image`.")
	check(t, items, "$e", ".Values.env.*", "$e", "$", "Declared at `range $i, $e := .Values.env`.")
	check(t, items, "$i", "", "$i", "$", "")
	check(t, items, "$", "top-level object", "$", "$", "The data the template was executed with")

	items = f.complete(shopTemplate, "{{ with .Values.image }}{{ $v := 1 }}{{ end }}{{ $i‸mg }}", Options{})
	wantLabels(t, items, "$")
	check(t, items, "$", "top-level object", "$", "$img", "")

	items = f.complete(shopTemplate, "{{ $x := 1 }}{{ define \"d\" }}{{ $‸ }}{{ end }}", Options{})
	wantLabels(t, items, "$")
}

// Where an argument may begin and nothing is typed, the dot's fields come
// with their dot, beside the variables and the functions, not the keywords.
func TestArgumentsWhereNothingIsTyped(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(shopTemplate, "{{ $n := 1 }}{{ quote ‸ }}", Options{})
	check(t, items, ".Values", "built-in object", ".Values", "", "The chart's values")
	check(t, items, "$n", "", "$n", "", "")
	item(t, items, "default")
	for _, label := range []string{"if", "Values"} {
		if slices.Contains(labels(items), label) {
			t.Errorf("%q proposed as an argument", label)
		}
	}

	items = f.complete(shopTemplate, "{{ with .Values.image }}{{ .Values.x | default ‸ }}{{ end }}", Options{})
	check(t, items, ".repository", "string = ghcr.io/example/shop", ".repository", "", "Image repository")
}
