package completion

import "testing"

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
