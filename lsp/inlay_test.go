package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

// describeHints writes hints as "line:char label (tooltip)".
func describeHints(doc *cache.Document, hints []valueHint) []string {
	var out []string
	for _, h := range hints {
		p := toRange(doc.File, h.Offset, h.Offset).Start
		out = append(out, fmt.Sprintf("%d:%d %s (%s)", p.Line, p.Character, h.Label, h.Tooltip))
	}
	return out
}

// allHints returns the hints of a whole document, its root indexed.
func allHints(doc *cache.Document) []string {
	doc.Root.Index()
	return describeHints(doc, valueHints(doc, 0, len(doc.File.Data)))
}

func TestInlayHintsShop(t *testing.T) {
	_, snap, folder := outlineWorkspace(t, "shop")
	for rel, want := range map[string][]string{
		"shop/templates/deployment.yaml": {
			"8:35 = 2 (.Values.replicaCount from values.yaml:2)",
			`19:45 = "ghcr.io/example/shop" (.Values.image.repository from values.yaml:6)`,
			`19:69 = "" (.Values.image.tag from values.yaml:8)`,
			"22:52 = 8080 (.Values.service.port from values.yaml:15)",
			`25:40 = "Grüß Gott 👋" (.Values.greeting from values.yaml:11)`,
			"26:33 = [2 items] (.Values.env from values.yaml:18)",
			"30:35 = {…} (.Values.orders from values.yaml:29)",
			"31:27 = true (.Values.orders.enabled from values.yaml:30)",
			`33:32 = "5Gi" (.Values.orders.storage from values.yaml:31)`,
		},
		"shop/templates/_helpers.tpl": {`8:32 = "eu-west-1" (.Values.global.region from values.yaml:26)`},
		// the subchart's own paths, under its alias in the root's values:
		// the parent's values.yaml overrides the subchart's
		"shop/charts/db-folder/templates/statefulset.yaml": {
			`5:36 = "eu-west-1" (.Values.global.region from values.yaml:26)`,
			`21:36 = "admin" (.Values.user from charts/db-folder/values.yaml:4)`,
			`31:39 = "5Gi" (.Values.storage from values.yaml:31)`,
		},
		"shop/values.yaml": nil,
	} {
		if got := allHints(outlineDocument(t, snap, folder, rel)); !slices.Equal(got, want) {
			t.Errorf("hints of %s\n got: %q\nwant: %q", rel, got, want)
		}
	}
}

// TestInlayHintsExtraValues gives webapp an extra values file: it wins,
// its numbers show as written, its null removes a subchart's value (no
// hint), and the subchart's globals come from the parent, or from the
// subchart where only it sets them.
func TestInlayHintsExtraValues(t *testing.T) {
	ws, _, folder := outlineWorkspace(t, "webapp")
	prod := filepath.Join(folder, "webapp/ci/prod.yaml")
	if err := os.MkdirAll(filepath.Dir(prod), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prod, []byte("replicaCount: 0x10\nimage:\n  tag: \"2.0\"\nredis:\n  maxMemory: null\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	snap := ws.SetSettings(cache.Settings{ValuesFiles: map[string][]string{filepath.Join(folder, "webapp"): {"ci/prod.yaml"}}})
	for rel, want := range map[string][]string{
		"webapp/templates/deployment.yaml": {
			"7:35 = 0x10 (.Values.replicaCount from prod.yaml:1)",
			`20:45 = "ghcr.io/example/webapp" (.Values.image.repository from values.yaml:6)`,
			`20:69 = "2.0" (.Values.image.tag from prod.yaml:3)`,
			`21:54 = "IfNotPresent" (.Values.image.pullPolicy from values.yaml:9)`,
			"24:52 = 8080 (.Values.service.port from values.yaml:17)",
			"26:40 = {…} (.Values.resources from values.yaml:24)",
			"27:38 = true (.Values.redis.enabled from values.yaml:30)",
		},
		"webapp/templates/configmap.yaml": {
			`5:42 = "Hello from {{ .Release.Name … (.Values.config.greeting from values.yaml:21)`,
			"6:50 = 1000000 (.Values.config.maxConnections from values.yaml:22)",
		},
		"webapp/charts/cache/templates/statefulset.yaml": {
			`5:32 = "platform" (.Values.global.team from values.yaml:13)`,
			`6:32 = "backend" (.Values.global.tier from charts/cache/values.yaml:4)`,
		},
	} {
		if got := allHints(outlineDocument(t, snap, folder, rel)); !slices.Equal(got, want) {
			t.Errorf("hints of %s\n got: %q\nwant: %q", rel, got, want)
		}
	}
}

// TestInlayHintsDefineContexts reads a values path in a define included
// by a chart and by its subchart: the hint shows both values.
func TestInlayHintsDefineContexts(t *testing.T) {
	folder := t.TempDir()
	for name, text := range map[string]string{
		"parent/Chart.yaml":                     "apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n  - name: child\n    version: 0.1.0\n",
		"parent/values.yaml":                    "name: parent-name\nchild:\n  name: child-name\n",
		"parent/templates/_helpers.tpl":         "{{- define \"p.name\" -}}\n{{ .Values.name }}\n{{- end -}}\n",
		"parent/templates/cm.yaml":              "a: {{ include \"p.name\" . }}\n",
		"parent/charts/child/Chart.yaml":        "apiVersion: v2\nname: child\nversion: 0.1.0\n",
		"parent/charts/child/values.yaml":       "name: default-child\n",
		"parent/charts/child/templates/cm.yaml": "b: {{ include \"p.name\" . }}\n",
	} {
		path := filepath.Join(folder, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	snap := cache.NewWorkspace(nil).SetFolders([]string{folder})
	want := []string{`1:15 = "child-name" | "parent-name" (.Values.name from values.yaml:3` + "\n" + `.Values.name from values.yaml:1)`}
	if got := allHints(outlineDocument(t, snap, folder, "parent/templates/_helpers.tpl")); !slices.Equal(got, want) {
		t.Errorf("hints of the define\n got: %q\nwant: %q", got, want)
	}
}

// TestInlayHintsCRLF opens shop's deployment with CRLF line ends: the
// hints are where they are with LF.
func TestInlayHintsCRLF(t *testing.T) {
	ws, snap, folder := outlineWorkspace(t, "shop")
	lf := allHints(outlineDocument(t, snap, folder, "shop/templates/deployment.yaml"))
	path := filepath.Join(folder, "shop/templates/deployment.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	snap = ws.Open(path, 1, []byte(strings.ReplaceAll(string(data), "\n", "\r\n")))
	if crlf := allHints(outlineDocument(t, snap, folder, "shop/templates/deployment.yaml")); len(lf) != 9 || !slices.Equal(crlf, lf) {
		t.Errorf("hints with CRLF\n got: %q\nwant: %q", crlf, lf)
	}
}

// TestInlayHintsRange asks for the hints of a few lines only.
func TestInlayHintsRange(t *testing.T) {
	_, snap, folder := outlineWorkspace(t, "shop")
	doc := outlineDocument(t, snap, folder, "shop/templates/deployment.yaml")
	doc.Root.Index()
	start := offsetOf(doc.File, protocol.Position{Line: 19})
	end := offsetOf(doc.File, protocol.Position{Line: 22, Character: 52})
	want := []string{
		`19:45 = "ghcr.io/example/shop" (.Values.image.repository from values.yaml:6)`,
		`19:69 = "" (.Values.image.tag from values.yaml:8)`,
		"22:52 = 8080 (.Values.service.port from values.yaml:15)",
	}
	if got := describeHints(doc, valueHints(doc, start, end)); !slices.Equal(got, want) {
		t.Errorf("hints of lines 19 to 22\n got: %q\nwant: %q", got, want)
	}
}

// TestInlayHintsAfterEdit edits a template: the first answer comes from
// the index of the snapshot before, its hints moved past the edit and the
// edited read left out; once the new index is computed, the new read has
// its hint.
func TestInlayHintsAfterEdit(t *testing.T) {
	ws, _, folder := outlineWorkspace(t, "shop")
	path := filepath.Join(folder, "shop/templates/deployment.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	snap := ws.Open(path, 1, data)
	outlineDocument(t, snap, folder, "shop/templates/deployment.yaml").Root.Index()
	edited := strings.Replace(string(data), "  replicas: {{ .Values.replicaCount }}", "  # «ü»\n  replicas: {{ .Values.service.port }}", 1)
	snap, err = ws.Change(path, 2, []cache.TextChange{{Text: edited}})
	if err != nil {
		t.Fatal(err)
	}
	doc := outlineDocument(t, snap, folder, "shop/templates/deployment.yaml")
	first := describeHints(doc, valueHints(doc, 0, len(doc.File.Data)))
	want := []string{
		`20:45 = "ghcr.io/example/shop" (.Values.image.repository from values.yaml:6)`,
		`20:69 = "" (.Values.image.tag from values.yaml:8)`,
		"23:52 = 8080 (.Values.service.port from values.yaml:15)",
	}
	if len(first) != 8 || !slices.Equal(first[:3], want) {
		t.Errorf("hints right after the edit\n got: %q\nwant %q first, 8 in all", first, want)
	}
	if then := allHints(doc); len(then) != 9 || then[0] != "9:35 = 8080 (.Values.service.port from values.yaml:15)" {
		t.Errorf("hints once indexed: %q", then)
	}
}

func TestValueLabel(t *testing.T) {
	for _, tt := range []struct {
		value   any
		written string
		want    string
	}{
		{map[string]any{}, "", "{}"},
		{map[string]any{"a": 1.0}, "", "{…}"},
		{[]any{}, "", "[]"},
		{[]any{"a"}, "", "[1 item]"},
		{[]any{"a", "b", "c"}, "", "[3 items]"},
		{"a\nb", "", `"a\nb"`},
		{nil, "", "null"},
		{nil, "~", "~"},
		{1e6, "", "1000000"},
		{1.5, "1.50", "1.50"},
		{true, "yes", "yes"},
		{false, "", "false"},
		{"x", "x", `"x"`},
		{strings.Repeat("é", 40), "", `"` + strings.Repeat("é", 28) + "…"},
	} {
		if got := valueLabel(tt.value, tt.written); got != tt.want {
			t.Errorf("valueLabel(%#v, %q) = %q, want %q", tt.value, tt.written, got, tt.want)
		}
	}
}

func TestLookupValues(t *testing.T) {
	v := map[string]any{"list": []any{map[string]any{"a": 1.0}, map[string]any{"a": 1.0}, map[string]any{"a": 2.0}},
		"same": []any{map[string]any{"a": "x"}}, "m": map[string]any{"k1": "v", "k2": "v"}}
	for _, tt := range []struct {
		path []string
		want int
	}{
		{[]string{"list", "[]", "a"}, 3},
		{[]string{"list", "1", "a"}, 1},
		{[]string{"m", "*"}, 2},
		{[]string{"missing"}, 0},
		{[]string{"m", "k1", "deeper"}, 0},
	} {
		if got := lookupValues(v, tt.path, nil); len(got) != tt.want {
			t.Errorf("lookupValues(%q) = %v, want %d values", tt.path, got, tt.want)
		}
	}
	vals := &cache.Values{Merged: v}
	for path, want := range map[string]bool{"list.[].a": false, "same.[].a": true, "m.*": true, "missing": false} {
		if _, _, ok := describeValue(vals, valuePath{Own: strings.Split(path, ".")}); ok != want {
			t.Errorf("describeValue(%s) ok = %v, want %v", path, ok, want)
		}
	}
}

// BenchmarkInlayHints asks for the hints of the kube-prometheus-stack
// template with the most reads: unchanged, and right after an edit.
func BenchmarkInlayHints(b *testing.B) {
	ws := cache.NewWorkspace(nil)
	dir := kubePrometheusStackDir(b)
	snap := ws.SetFolders([]string{dir})
	root := snap.Roots()[0]
	ix := root.Index()
	counts := map[string]int{}
	for _, r := range ix.Reads() {
		counts[r.Span.File.Path]++
	}
	busiest := ""
	for p, n := range counts {
		if n > counts[busiest] || n == counts[busiest] && p < busiest {
			busiest = p
		}
	}
	path := filepath.Join(dir, filepath.FromSlash(busiest))
	doc, err := snap.Document(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d reads, %d hints", busiest, counts[busiest], len(valueHints(doc, 0, len(doc.File.Data))))
	b.Run("unchanged", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			valueHints(doc, 0, len(doc.File.Data))
		}
	})
	b.Run("after-edit", func(b *testing.B) {
		text := doc.File.Data
		ws.Open(path, 1, text)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			edited := slices.Concat([]byte(fmt.Sprintf("# edit %d\n", i)), text)
			snap, err := ws.Change(path, int32(i+2), []cache.TextChange{{Text: string(edited)}})
			if err != nil {
				b.Fatal(err)
			}
			doc, err := snap.Document(path)
			if err != nil {
				b.Fatal(err)
			}
			valueHints(doc, 0, len(doc.File.Data))
		}
	})
}
