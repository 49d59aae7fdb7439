package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

// describeRange writes an LSP range as "line:char-line:char".
func describeRange(r protocol.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character)
}

// describeSymbols writes symbols as "name (detail) kind range select", the
// children indented below their parent.
func describeSymbols(symbols []protocol.DocumentSymbol, indent string) []string {
	var out []string
	for _, s := range symbols {
		out = append(out, fmt.Sprintf("%s%s (%s) %s %s %s", indent, s.Name, s.Detail, s.Kind,
			describeRange(s.Range), describeRange(s.SelectionRange)))
		out = append(out, describeSymbols(s.Children, indent+"  ")...)
	}
	return out
}

func TestDocumentSymbolsShop(t *testing.T) {
	_, snap, folder := outlineWorkspace(t, "shop", "webapp")
	tests := []struct {
		file string
		want []string
	}{
		{"shop/templates/deployment.yaml", []string{
			`Deployment {{ include "shop.fullname" . }} (apps/v1) Class 0:0-35:22 4:8-4:39`}},
		{"shop/templates/_helpers.tpl", []string{
			"shop.fullname (The release-qualified name of the shop, at most 63 characte…) Function 1:0-3:11 1:11-1:26",
			"shop.labels (Labels shared by every object of the shop.) Function 6:0-9:11 6:11-6:24"}},
		{"shop/charts/db-folder/templates/statefulset.yaml", []string{
			"StatefulSet {{ .Release.Name }}-orders-db (apps/v1) Class 0:0-31:42 3:8-3:37"}},
		{"shop/templates/NOTES.txt", nil},
		{"shop/values.yaml", []string{
			"replicaCount (2) Number 1:0-1:15 1:0-1:12",
			"image (map) Object 3:0-7:9 3:0-3:5",
			"  repository (ghcr.io/example/shop) String 5:2-5:34 5:2-5:12",
			`  tag ("") String 7:2-7:9 7:2-7:5`,
			`greeting ("Grüß Gott 👋") String 10:0-10:24 10:0-10:8`,
			"service (map) Object 12:0-14:12 12:0-12:7",
			"  type (ClusterIP) String 13:2-13:17 13:2-13:6",
			"  port (8080) Number 14:2-14:12 14:2-14:6",
			"env (list) Array 17:0-21:14 17:0-17:3",
			"  [0] (map) Object 18:2-19:15 18:2-18:3",
			"    name (LOG_LEVEL) String 18:4-18:19 18:4-18:8",
			"    value (info) String 19:4-19:15 19:4-19:9",
			"  [1] (map) Object 20:2-21:14 20:2-20:3",
			"    name (CURRENCY) String 20:4-20:18 20:4-20:8",
			"    value (EUR) String 21:4-21:14 21:4-21:9",
			"global (map) Object 23:0-25:19 23:0-23:6",
			"  region (eu-west-1) String 25:2-25:19 25:2-25:8",
			"orders (map) Object 28:0-30:14 28:0-28:6",
			"  enabled (true) Boolean 29:2-29:15 29:2-29:9",
			"  storage (5Gi) String 30:2-30:14 30:2-30:9"}},
		{"shop/Chart.yaml", []string{
			"apiVersion (v2) String 0:0-0:14 0:0-0:10",
			"name (shop) String 1:0-1:10 1:0-1:4",
			"description (A shop front with an aliased subchart in a folder named oth…) String 2:0-2:109 2:0-2:11",
			"type (application) String 3:0-3:17 3:0-3:4",
			"version (0.3.0) String 4:0-4:14 4:0-4:7",
			`appVersion ("1.8.0") String 5:0-5:19 5:0-5:10`,
			"dependencies (list) Array 6:0-12:18 6:0-6:12",
			"  orders (database 1.2.0) Module 7:2-10:29 7:2-7:3",
			"  common (1.0.0) Module 11:2-12:18 11:2-11:3"}},
		{"webapp/templates/configmap.yaml", []string{
			`ConfigMap {{ include "webapp.fullname" . }}-config (v1) Class 0:0-7:64 3:8-3:48`}},
		{"webapp/values.schema.json", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := outlineDocument(t, snap, folder, tt.file)
			if got := describeSymbols(toDocumentSymbols(documentSymbols(doc)), ""); !slices.Equal(got, tt.want) {
				t.Errorf("symbols\n got: %q\nwant: %q", got, tt.want)
			}
		})
	}
}

// TestDocumentSymbolsText checks the outline of texts the testdata charts
// lack: several documents, resources inside defines and named by
// expressions, a half-typed template, .chartwright.yaml, flow values,
// aliases and a values file that does not parse.
func TestDocumentSymbolsText(t *testing.T) {
	tests := []struct {
		name string
		kind cache.Kind
		file string
		text string
		want []string
	}{
		{"documents, quoted names, comments", cache.KindTemplate, "templates/all.yaml",
			"# comment\n---\napiVersion: v1\nkind: \"ServiceAccount\"\nmetadata:\n  labels:\n    name: not-this\n  name: 'sa' # the account\n---\n{{- if .Values.x }}\napiVersion: v1\nkind: Secret\n{{- end }}\n",
			[]string{"ServiceAccount sa (v1) Class 2:0-7:26 7:9-7:11", "Secret (v1) Class 9:0-12:10 11:6-11:12"}},
		{"a define writing a resource is a define only", cache.KindTemplate, "templates/lib.yaml",
			"{{- define \"lib.cm\" }}\nkind: ConfigMap\n{{- end }}\n---\nkind: Pod\nmetadata:\n  name: {{ printf \"%s-x\" .Release.Name }}\n",
			[]string{"lib.cm () Function 0:0-2:10 0:11-0:19", `Pod {{ printf "%s-x" .Release.Name }} () Class 4:0-6:41 6:8-6:41`}},
		{"a define being typed runs to the end", cache.KindTemplate, "templates/_x.tpl",
			"{{/* Doc.\nMore. */}}\n{{ define \"a\" }}\nx\n{{ define `b",
			[]string{"a (Doc.) Function 2:0-4:12 2:10-2:13", "b () Function 4:0-4:12 4:10-4:12"}},
		{"settings", cache.KindConfig, ".chartwright.yaml",
			"rules:\n  values-unused: off\nvaluesSets: [ci/a.yaml, ci/b.yaml]\n",
			[]string{"rules (map) Object 0:0-1:20 0:0-0:5", "  values-unused (off) Boolean 1:2-1:20 1:2-1:15",
				"valuesSets ([ci/a.yaml, ci/b.yaml]) Array 2:0-2:34 2:0-2:10", "  [0] (ci/a.yaml) String 2:13-2:22 2:13-2:13",
				"  [1] (ci/b.yaml) String 2:24-2:33 2:24-2:24"}},
		{"aliases, block scalars, numbers, null", cache.KindValues, "values.yaml",
			"base: &b\n  x: 1\ncopy: *b\nscript: |\n  echo ü\nhex: 0x1F\nnone: ~\nempty:\n",
			[]string{"base (map) Object 0:0-1:6 0:0-0:4", "  x (1) Number 1:2-1:6 1:2-1:3", "copy (*b) Variable 2:0-2:8 2:0-2:4",
				"script (|) String 3:0-4:8 3:0-3:6", "hex (0x1F) Number 5:0-5:9 5:0-5:3", "none (~) Null 6:0-6:7 6:0-6:4",
				"empty () Null 7:0-7:6 7:0-7:5"}},
		{"CRLF and non-ASCII keys", cache.KindValues, "values.yaml",
			"größe:\r\n  ü: «x»\r\n",
			[]string{"größe (map) Object 0:0-1:8 0:0-0:5", "  ü («x») String 1:2-1:8 1:2-1:3"}},
		{"a values file being typed", cache.KindValues, "values.yaml",
			"a:\n  b: [1\nc: 2\n",
			[]string{"a (map) Object 0:0-1:7 0:0-0:1", "  b ([1) Array 1:2-1:7 1:2-1:3", "c (2) Number 2:0-2:4 2:0-2:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &cache.Document{Kind: tt.kind, File: source.NewFile(tt.file, []byte(tt.text))}
			if got := describeSymbols(toDocumentSymbols(documentSymbols(doc)), ""); !slices.Equal(got, tt.want) {
				t.Errorf("symbols of %q\n got: %q\nwant: %q", tt.text, got, tt.want)
			}
		})
	}
}

// describeWorkspaceSymbols writes symbols as "name kind container file
// range", the file relative to folder.
func describeWorkspaceSymbols(t *testing.T, symbols []protocol.SymbolInformation, folder string) []string {
	t.Helper()
	var out []string
	for _, s := range symbols {
		path, err := uriPath(s.Location.URI)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(folder, path)
		out = append(out, fmt.Sprintf("%s %s %s %s %s", s.Name, s.Kind, s.ContainerName, filepath.ToSlash(rel), describeRange(s.Location.Range)))
	}
	return out
}

func TestWorkspaceSymbols(t *testing.T) {
	_, snap, folder := outlineWorkspace(t, "shop", "webapp")
	s := New(Options{})
	tests := []struct {
		query string
		want  []string
	}{
		{"fullname", []string{
			"shop.fullname Function shop (templates/_helpers.tpl) shop/templates/_helpers.tpl 1:11-1:26",
			"webapp.fullname Function webapp (templates/_helpers.tpl) webapp/templates/_helpers.tpl 1:11-1:28",
			// then the resources whose names include it, shortest first
			`Service {{ template "shop.fullname" . }} Class shop (templates/service.yaml) shop/templates/service.yaml 3:8-3:40`,
			`Service {{ include "webapp.fullname" . }} Class webapp (templates/service.yaml) webapp/templates/service.yaml 3:8-3:41`,
			`Deployment {{ include "shop.fullname" . }} Class shop (templates/deployment.yaml) shop/templates/deployment.yaml 4:8-4:39`,
			`Pod {{ include "webapp.fullname" . }}-test Class webapp (templates/tests/test-connection.yaml) webapp/templates/tests/test-connection.yaml 3:8-3:46`,
			`Deployment {{ include "webapp.fullname" . }} Class webapp (templates/deployment.yaml) webapp/templates/deployment.yaml 3:8-3:41`,
			`Job {{ include "webapp.fullname" . }}-migrate Class webapp (templates/migrate-job.yaml) webapp/templates/migrate-job.yaml 3:8-3:49`,
			`ConfigMap {{ include "webapp.fullname" . }}-config Class webapp (templates/configmap.yaml) webapp/templates/configmap.yaml 3:8-3:48`,
			"StatefulSet {{ .Release.Name }}-orders-db Class database (charts/db-folder/templates/statefulset.yaml) shop/charts/db-folder/templates/statefulset.yaml 3:8-3:37",
			"StatefulSet {{ .Release.Name }}-{{ .Chart.Name }} Class cache (charts/cache/templates/statefulset.yaml) webapp/charts/cache/templates/statefulset.yaml 3:8-3:45"}},
		{"IMAGE.TAG", []string{
			"image.tag Property shop (values.yaml) shop/values.yaml 7:2-7:5",
			"image.tag Property webapp (values.yaml) webapp/values.yaml 7:2-7:5"}},
		{"orders.stor", []string{"orders.storage Property shop (values.yaml) shop/values.yaml 30:2-30:9"}},
		{"statefulset", []string{
			"StatefulSet {{ .Release.Name }}-orders-db Class database (charts/db-folder/templates/statefulset.yaml) shop/charts/db-folder/templates/statefulset.yaml 3:8-3:37",
			"StatefulSet {{ .Release.Name }}-{{ .Chart.Name }} Class cache (charts/cache/templates/statefulset.yaml) webapp/charts/cache/templates/statefulset.yaml 3:8-3:45"}},
		{"no such thing at all", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			found, err := s.workspaceSymbol(context.Background(), snap, &protocol.WorkspaceSymbolParams{Query: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			if got := describeWorkspaceSymbols(t, found, folder); !slices.Equal(got, tt.want) {
				t.Errorf("symbols of %q\n got: %q\nwant: %q", tt.query, got, tt.want)
			}
		})
	}
}

// TestWorkspaceSymbolsRanked checks the order of matches: the name itself,
// then names it starts, then a word inside, then elsewhere, then the
// letters in order; archives' files are left out, and the result is
// bounded.
func TestWorkspaceSymbolsRanked(t *testing.T) {
	_, snap, _ := outlineWorkspace(t, "shop", "webapp")
	found, err := workspaceSymbols(context.Background(), snap, "labels")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range found {
		names = append(names, s.Name)
		if strings.Contains(s.Path, ".tgz") {
			t.Errorf("symbol %s in an archive", s.Name)
		}
	}
	want := []string{"shop.labels", "webapp.labels"}
	if !slices.Equal(names, want) {
		t.Errorf("symbols of labels: %q, want %q", names, want)
	}
	all, err := workspaceSymbols(context.Background(), snap, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 40 || all[0].Kind != cache.SymbolDefine {
		t.Errorf("%d symbols for an empty query, first %+v", len(all), all[0])
	}
	for q, want := range map[string]int{"image": 1, "imagetag": 4, "xyz": -1, "": 0, "ImAgE.tag": 0} {
		score, ok := matchScore(strings.ToLower(q), "image.tag")
		if !ok && want >= 0 || ok && score != want {
			t.Errorf("matchScore(%q, image.tag) = %d, %v; want %d", q, score, ok, want)
		}
	}
}

// TestWorkspaceSymbolsFollowEdits edits a values file: the next query
// finds the new key, from the edited root only.
func TestWorkspaceSymbolsFollowEdits(t *testing.T) {
	ws, _, folder := outlineWorkspace(t, "shop", "webapp")
	path := filepath.Join(folder, "shop/values.yaml")
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	snap := ws.Open(path, 1, text)
	if found, _ := workspaceSymbols(context.Background(), snap, "brandNew"); len(found) != 0 {
		t.Fatalf("found %v before the edit", found)
	}
	snap, err = ws.Change(path, 2, []cache.TextChange{{Text: string(text) + "brandNewKey: 1\n"}})
	if err != nil {
		t.Fatal(err)
	}
	found, _ := workspaceSymbols(context.Background(), snap, "brandNew")
	if len(found) != 1 || found[0].Name != "brandNewKey" || found[0].Span.File.Position(found[0].Span.Start).Line != 32 {
		t.Errorf("after the edit: %+v", found)
	}
}

func BenchmarkDocumentSymbols(b *testing.B) {
	dir := kubePrometheusStackDir(b)
	values, err := os.ReadFile(filepath.Join(dir, "values.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	for _, doc := range []*cache.Document{
		{Kind: cache.KindValues, File: source.NewFile("values.yaml", values)},
		{Kind: cache.KindTemplate, File: corpusTemplates(b)[0]},
	} {
		b.Run(fmt.Sprintf("%s-%dlines", doc.Kind, doc.File.LineCount()), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				toDocumentSymbols(documentSymbols(&cache.Document{Kind: doc.Kind, File: source.NewFile(doc.File.Name, doc.File.Data)}))
			}
		})
	}
}

// BenchmarkWorkspaceSymbols queries the whole corpus opened as one
// workspace, its symbols computed once.
func BenchmarkWorkspaceSymbols(b *testing.B) {
	ws := cache.NewWorkspace(nil)
	snap := ws.SetFolders([]string{filepath.Dir(kubePrometheusStackDir(b)), filepath.Join(corpus.Dir(b), "charts")})
	if _, err := workspaceSymbols(context.Background(), snap, ""); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"", "fullname", "image.tag", "prmths"} {
		b.Run("query="+q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				workspaceSymbols(context.Background(), snap, q)
			}
		})
	}
}

// TestBestSymbols checks the order of matches — score, then kind, then
// length and name — and the bound.
func TestBestSymbols(t *testing.T) {
	match := func(name string, kind cache.SymbolKind, score int) scoredSymbol {
		return scoredSymbol{&cache.Symbol{Name: name, Kind: kind}, score}
	}
	found := []scoredSymbol{
		match("zz", cache.SymbolValuesKey, scoreEqual), match("bb", cache.SymbolDefine, scorePrefix),
		match("a", cache.SymbolDefine, scorePrefix), match("c", cache.SymbolResource, scoreEqual),
		match("long", cache.SymbolDefine, scoreEqual), match("x", cache.SymbolValuesKey, scoreLetters),
	}
	for n, want := range map[int][]string{
		3:  {"long", "c", "zz"},
		4:  {"long", "c", "zz", "a"},
		10: {"long", "c", "zz", "a", "bb", "x"},
	} {
		var got []string
		for _, s := range bestSymbols(slices.Clone(found), n) {
			got = append(got, s.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("best %d: %q, want %q", n, got, want)
		}
	}
}
