package completion

import (
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render/funcdoc"
)

func TestFunctions(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(shopTemplate, "{{ ‸ }}", Options{Snippets: true})
	if want := len(funcdoc.All(false)) + len(keywords) + len(topObjects()) + 1; len(items) != want {
		t.Errorf("%d proposals in an empty action, want %d: every function and keyword, the top-level objects and $", len(items), want)
	}
	check(t, items, "include", "include(name string, data any) string", "include ${1:name} ${2:data}", "", "Executes the named template")
	check(t, items, "range", "", "range", "", "for each element")
	check(t, items, "printf", "printf(format string, args ...any) string", "printf ${1:format}", "", "```\nprintf \"%s-%s\" .Release.Name .Chart.Name\n```")
	check(t, items, "now", "now() time.Time", "now", "", "")
	if it := item(t, items, "include"); !it.Snippet || it.Kind != Function {
		t.Errorf("include: %+v", it)
	}
	if it := item(t, items, "now"); it.Snippet {
		t.Error("now, without parameters, is a snippet")
	}

	items = f.complete(shopTemplate, "{{ .Values.greeting | ‸ }}", Options{Snippets: true})
	if len(items) != len(funcdoc.All(false)) {
		t.Errorf("%d proposals after a pipe, want the functions only", len(items))
	}
	check(t, items, "indent", "indent(spaces int, s string) string", "indent ${1:spaces}", "", "")
	check(t, items, "quote", "quote(str ...any) string", "quote", "", "")

	items = f.complete(shopTemplate, "{{ .Values.greeting | ind‸ent 4 }}", Options{})
	check(t, items, "nindent", "nindent(spaces int, s string) string", "nindent", "indent", "")

	items = f.complete(shopTemplate, "{{ default (inc‸) }}", Options{})
	check(t, items, "include", "include(name string, data any) string", "include", "inc", "")

	items = f.complete(shopTemplate, "{{ if ‸ }}", Options{})
	if want := len(funcdoc.All(false)) + len(topObjects()) + 1; len(items) != want {
		t.Errorf("%d proposals after if, want %d: the functions, the top-level objects and $", len(items), want)
	}
	items = f.complete(shopTemplate, "{{ include \"x\" . ‸ }}", Options{})
	wantLabels(t, items)
}

func TestFunctionsOfHelmVersions(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(shopTemplate, "{{ mustTo‸ }}", Options{})
	check(t, items, "mustToYaml", "mustToYaml(value any) string", "mustToYaml", "mustTo", "Helm 4 only.")
	if it := item(t, items, "trimall"); !it.Deprecated || it.Doc == "" {
		t.Errorf("trimall: %+v", it)
	}
	f.ws.SetSettings(cache.Settings{HelmVersion: "3"})
	items = f.complete(shopTemplate, "{{ mustTo‸ }}", Options{})
	for _, it := range items {
		if it.Label == "mustToYaml" || it.Label == "durationSeconds" {
			t.Errorf("Helm 3 is offered %s", it.Label)
		}
	}
	check(t, items, "mustToJson", "mustToJson(v any) string", "mustToJson", "mustTo", "")
}
