package lsp_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lsp/lsptest"
)

// cursor marks the cursor in the texts of the end-to-end tests.
const cursor = "‸"

// completionItem is the part of a completion item the tests read.
type completionItem struct {
	Label            string `json:"label"`
	Kind             int    `json:"kind"`
	Detail           string `json:"detail"`
	InsertTextFormat int    `json:"insertTextFormat"`
	Documentation    *struct {
		Kind  string `json:"kind"`
		Value string `json:"value"`
	} `json:"documentation"`
	TextEdit *struct {
		Range   lsptest.Range `json:"range"`
		NewText string        `json:"newText"`
	} `json:"textEdit"`
	Tags []int `json:"tags"`
}

type completionList struct {
	IsIncomplete bool             `json:"isIncomplete"`
	Items        []completionItem `json:"items"`
}

// atCursor removes the cursor mark from text and returns the text and the
// cursor's position.
func atCursor(t *testing.T, text string) (string, lsptest.Position) {
	t.Helper()
	i := strings.Index(text, cursor)
	if i < 0 {
		t.Fatalf("no cursor in %q", text)
	}
	text = text[:i] + text[i+len(cursor):]
	p := source.NewFile("", []byte(text)).UTF16(i)
	return text, lsptest.Position{Line: p.Line, Character: p.Character}
}

// completeAt sets the open document at path to text, in which cursor marks
// the cursor, and asks for completion there.
func completeAt(t *testing.T, c *lsptest.Client, path string, version int, text string) completionList {
	t.Helper()
	text, pos := atCursor(t, text)
	if err := c.Change(path, version, nil, text); err != nil {
		t.Fatal(err)
	}
	var list completionList
	if err := c.Call(withTimeout(t), "textDocument/completion", map[string]any{
		"textDocument": map[string]any{"uri": lsptest.URI(path)}, "position": pos,
	}, &list); err != nil {
		t.Fatalf("completion: %v", err)
	}
	return list
}

// proposal returns the item labelled label.
func proposal(t *testing.T, list completionList, label string) completionItem {
	t.Helper()
	for _, it := range list.Items {
		if it.Label == label {
			return it
		}
	}
	var got []string
	for _, it := range list.Items {
		got = append(got, it.Label)
	}
	t.Fatalf("no %q among %q", label, got)
	return completionItem{}
}

// wantEdit checks that an item replaces the range from start to end of
// line (UTF-16 characters) with newText.
func wantEdit(t *testing.T, it completionItem, line, start, end int, newText string) {
	t.Helper()
	want := lsptest.Range{Start: lsptest.Position{Line: line, Character: start}, End: lsptest.Position{Line: line, Character: end}}
	if it.TextEdit == nil || it.TextEdit.Range != want || it.TextEdit.NewText != newText {
		t.Errorf("%s: edit %+v, want %q over %+v", it.Label, it.TextEdit, newText, want)
	}
}

// openDocument opens the file at path with its text on disk.
func openDocument(t *testing.T, c *lsptest.Client, path string) string {
	t.Helper()
	text := read(t, path)
	if err := c.Open(path, "helm", text); err != nil {
		t.Fatal(err)
	}
	return text
}

// TestCompletionInTemplates checks the main proposals in templates of the
// shop chart, with non-ASCII text before the cursor: .Values paths with
// their defaults and comments, a subchart's values, template names, and
// functions as snippets.
func TestCompletionInTemplates(t *testing.T) {
	c, folder := session(t, map[string]any{}, "shop")
	path := filepath.Join(folder, "shop/templates/deployment.yaml")
	text := openDocument(t, c, path)

	line := "  «Ünïcödé» 👋: {{ .Values.ima‸ }}\n"
	list := completeAt(t, c, path, 2, line+text)
	it := proposal(t, list, "replicaCount")
	if it.Detail != "int = 2" || it.Documentation == nil || !strings.Contains(it.Documentation.Value, "Number of shop pods.") {
		t.Errorf("replicaCount: %+v", it)
	}
	// 27 UTF-16 units before "ima", 44 bytes: the emoji counts two.
	wantEdit(t, proposal(t, list, "image"), 0, 27, 30, "image")
	if n := len(list.Items); n != 8 {
		t.Errorf("%d values keys, want 8", n)
	}

	list = completeAt(t, c, path, 3, `{{ include "sho‸`)
	wantEdit(t, proposal(t, list, "shop.fullname"), 0, 12, 15, `shop.fullname"`)
	if it := proposal(t, list, "common.labels"); it.Detail != "charts/common-1.0.0.tgz/templates/_labels.tpl" || !strings.Contains(it.Documentation.Value, "Standard labels") {
		t.Errorf("common.labels: %+v", it)
	}

	list = completeAt(t, c, path, 4, "{{ .Values.greeting | ind‸ }}")
	it = proposal(t, list, "indent")
	wantEdit(t, it, 0, 22, 25, "indent ${1:spaces}")
	if it.InsertTextFormat != 2 || it.Detail != "indent(spaces int, s string) string" {
		t.Errorf("indent: %+v", it)
	}

	sub := filepath.Join(folder, "shop/charts/db-folder/templates/statefulset.yaml")
	openDocument(t, c, sub)
	list = completeAt(t, c, sub, 2, "{{ .Values.‸ }}")
	if it := proposal(t, list, "storage"); it.Detail != "string = 5Gi" || !strings.Contains(it.Documentation.Value, "Size of the database volume.") {
		t.Errorf("storage: %+v", it)
	}
}

// TestCompletionRightAfterEdit types in a template, one character at a
// time, asking for completion after each change without waiting: each
// answer is the one for the text as changed.
func TestCompletionRightAfterEdit(t *testing.T) {
	c, folder := session(t, map[string]any{}, "webapp")
	path := filepath.Join(folder, "webapp/templates/deployment.yaml")
	text := openDocument(t, c, path)
	typed := "{{ .Values.image.p"
	for i := range typed {
		list := completeAt(t, c, path, i+2, typed[:i+1]+cursor+"\n"+text)
		switch typed[:i+1] {
		case "{{ .Values.":
			proposal(t, list, "replicaCount")
		case "{{ .Values.image.p":
			it := proposal(t, list, "pullPolicy")
			if it.Detail != "string = IfNotPresent" || !strings.Contains(it.Documentation.Value, "One of `Always`, `IfNotPresent`, `Never`") {
				t.Errorf("pullPolicy: %+v", it)
			}
			wantEdit(t, it, 0, 17, 18, "pullPolicy")
		}
	}
}

// TestCompletionInYAML checks Kubernetes fields in a manifest, values in
// values.yaml from values.schema.json, Chart.yaml's condition paths and
// .chartwright.yaml's rule IDs.
func TestCompletionInYAML(t *testing.T) {
	c, folder := session(t, map[string]any{}, "webapp")
	service := filepath.Join(folder, "webapp/templates/service.yaml")
	openDocument(t, c, service)
	list := completeAt(t, c, service, 2, "apiVersion: v1\nkind: Service\nspec:\n  type: ‸\n")
	wantEdit(t, proposal(t, list, "NodePort"), 3, 8, 8, "NodePort")
	if len(list.Items) != 4 {
		t.Errorf("%d service types, want 4", len(list.Items))
	}
	list = completeAt(t, c, service, 3, "apiVersion: apps/v1\nkind: Deployment\nspec:\n  ‸\n")
	if it := proposal(t, list, "selector"); it.Detail != "object (required)" || it.TextEdit.NewText != "selector:" {
		t.Errorf("selector: %+v", it)
	}

	values := filepath.Join(folder, "webapp/values.yaml")
	valuesText := openDocument(t, c, values)
	list = completeAt(t, c, values, 2, strings.Replace(valuesText, "pullPolicy: IfNotPresent", "pullPolicy: ‸", 1))
	proposal(t, list, "Always")
	if len(list.Items) != 3 {
		t.Errorf("%d pull policies, want 3", len(list.Items))
	}

	chartYAML := filepath.Join(folder, "webapp/Chart.yaml")
	chartText := openDocument(t, c, chartYAML)
	list = completeAt(t, c, chartYAML, 2, strings.Replace(chartText, "condition: redis.enabled", "condition: ‸", 1))
	if it := proposal(t, list, "redis.enabled"); it.Detail != "bool in values.yaml" {
		t.Errorf("redis.enabled: %+v", it)
	}

	config := filepath.Join(folder, ".chartwright.yaml")
	if err := c.Open(config, "yaml", ""); err != nil {
		t.Fatal(err)
	}
	list = completeAt(t, c, config, 2, "rules:\n  values-und‸")
	if it := proposal(t, list, "values-undefined"); it.Detail != "default warning" || it.TextEdit.NewText != "values-undefined: " {
		t.Errorf("values-undefined: %+v", it)
	}
}

// TestCompletionOnCorpus completes in kube-prometheus-stack, the largest
// corpus chart, and in a bitnami chart whose helpers come from the common
// library chart.
func TestCompletionOnCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	for _, tc := range []struct {
		chart, template, text, label, detail string
	}{
		{"prometheus-community__kube-prometheus-stack", "templates/prometheus/prometheus.yaml",
			"{{ .Values.prometheus.prometheusSpec.retent‸ }}", "retention", "string = 10d"},
		{"bitnami__nginx", "templates/deployment.yaml",
			`{{ include "common.names.full‸`, "common.names.fullname", "charts/common/templates/_names.tpl"},
	} {
		t.Run(tc.chart, func(t *testing.T) {
			folder := corpus.ChartPath(t, dir, tc.chart)
			c := sessionIn(t, map[string]any{}, folder)
			path := filepath.Join(folder, tc.template)
			openDocument(t, c, path)
			list := completeAt(t, c, path, 2, tc.text)
			if it := proposal(t, list, tc.label); it.Detail != tc.detail {
				t.Errorf("%s: detail %q, want %q", tc.label, it.Detail, tc.detail)
			}
		})
	}
}

// TestCompletionWhileValuesDoNotParse breaks values.yaml as it is while
// typing a value: completion in a template still proposes the keys of the
// last values that loaded, instead of none.
func TestCompletionWhileValuesDoNotParse(t *testing.T) {
	c, folder := session(t, map[string]any{}, "webapp")
	service := filepath.Join(folder, "webapp/templates/service.yaml")
	text := openDocument(t, c, service)
	proposal(t, completeAt(t, c, service, 2, "{{ .Values.service.‸ }}\n"+text), "port")

	values := filepath.Join(folder, "webapp/values.yaml")
	valuesText := openDocument(t, c, values)
	if err := c.Change(values, 2, nil, strings.Replace(valuesText, "port: 8080", "port: [8080", 1)); err != nil {
		t.Fatal(err)
	}
	list := completeAt(t, c, service, 3, "{{ .Values.service.‸ }}\n"+text)
	proposal(t, list, "port")
	proposal(t, list, "type")
}
