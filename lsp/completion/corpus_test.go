package completion

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/lsp/cache"
)

// corpusChart opens a corpus chart as a workspace, its index computed as
// the server computes it once the chart is open.
func corpusChart(tb testing.TB, name string) (*cache.Workspace, string) {
	tb.Helper()
	folder := corpus.ChartPath(tb, corpus.Dir(tb), name)
	ws := cache.NewWorkspace(rules.All())
	s := ws.SetFolders([]string{folder})
	if s.Root(filepath.Join(folder, "Chart.yaml")).Index() == nil {
		tb.Fatalf("%s has no index", name)
	}
	return ws, folder
}

// insertLine returns the file's text with line inserted after the line
// where the first occurrence of after ends.
func insertLine(tb testing.TB, path, after, line string) string {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, after)
	if i < 0 {
		tb.Fatalf("%q not in %s", after, path)
	}
	i += len(after)
	i += strings.IndexByte(text[i:], '\n') + 1
	return text[:i] + line + "\n" + text[i:]
}

// completeIn opens the file at path with text, in which cursor marks the
// cursor, and completes there.
func completeIn(tb testing.TB, ws *cache.Workspace, path, text string) []Item {
	tb.Helper()
	offset := strings.Index(text, cursor)
	text = text[:offset] + text[offset+len(cursor):]
	snap := ws.Open(path, 1, []byte(text))
	doc, err := snap.Document(path)
	if err != nil {
		tb.Fatal(err)
	}
	list, err := Complete(context.Background(), snap, doc, offset, Options{Snippets: true})
	if err != nil {
		tb.Fatal(err)
	}
	return list.Items
}

// kubePrometheusTemplate is the template of kube-prometheus-stack the
// corpus tests and benchmarks complete in.
const kubePrometheusTemplate = "templates/prometheus/prometheus.yaml"

// kubePrometheusCases are where they complete: a line inserted in the
// template after a line holding the text; typed is the line with one more
// character typed, for the benchmarks of completion after an edit.
var kubePrometheusCases = []struct{ name, after, line, typed string }{
	{"values", "{{- if not .Values.prometheus.agentMode }}",
		"  x: {{ .Values.prometheus.prometheusSpec.re‸ }}", "  x: {{ .Values.prometheus.prometheusSpec.ret‸ }}"},
	{"function", "{{- if not .Values.prometheus.agentMode }}",
		"  x: {{ .Values.prometheus.prometheusSpec.retention | ‸ }}", "  x: {{ .Values.prometheus.prometheusSpec.retention | q‸ }}"},
	{"include", "{{- if not .Values.prometheus.agentMode }}",
		`  x: {{ include "kube-prometheus-stack.‸`, `  x: {{ include "kube-prometheus-stack.f‸`},
	{"kubernetes", "\nspec:", "  sh‸", "  s‸"},
}

// TestCorpusCompletion completes in kube-prometheus-stack, the largest
// corpus chart, and in a bitnami chart whose helpers come from the common
// library chart.
func TestCorpusCompletion(t *testing.T) {
	ws, folder := corpusChart(t, "prometheus-community__kube-prometheus-stack")
	path := filepath.Join(folder, kubePrometheusTemplate)
	want := map[string]func(items []Item){
		"values": func(items []Item) {
			check(t, items, "retention", "string = 10d", "retention", "re", "How long to retain metrics")
			check(t, items, "retentionSize", `string = ""`, "retentionSize", "re", "")
		},
		"function": func(items []Item) {
			check(t, items, "quote", "quote(str ...any) string", "quote", "", "")
		},
		"include": func(items []Item) {
			check(t, items, "kube-prometheus-stack.fullname", "templates/_helpers.tpl", `kube-prometheus-stack.fullname"`, "kube-prometheus-stack.", "")
		},
		"kubernetes": func(items []Item) {
			// The keys written in the spec are not proposed.
			wantLabels(t, items, "baseImage", "rules", "sha", "tag")
			check(t, items, "sha", "string", "sha: ", "sh", "sha is deprecated: use 'spec.image' instead.")
		},
	}
	for _, c := range kubePrometheusCases {
		want[c.name](completeIn(t, ws, path, insertLine(t, path, c.after, c.line)))
	}

	ws, folder = corpusChart(t, "bitnami__nginx")
	path = filepath.Join(folder, "templates/deployment.yaml")
	items := completeIn(t, ws, path, insertLine(t, path, "kind: Deployment", `x: {{ include "common.‸`))
	var defines []string
	for _, d := range ws.Snapshot().Root(path).Index().Defines() {
		if !d.File && strings.HasPrefix(d.Span.File.Path, "charts/common/") {
			defines = append(defines, d.Name)
		}
	}
	if len(defines) < 50 {
		t.Fatalf("only %d defines in common", len(defines))
	}
	got := map[string]bool{}
	for _, it := range items {
		got[it.Label] = true
	}
	for _, name := range defines {
		if !got[name] {
			t.Errorf("%s, a define of common, is not proposed", name)
		}
	}
	check(t, items, "common.names.fullname", "charts/common/templates/_names.tpl", `common.names.fullname"`, "common.",
		"Create a default fully qualified app name.")
}
