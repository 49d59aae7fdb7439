package completion

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
)

func TestTemplateEdges(t *testing.T) {
	f := newFixture(t, "shop")
	for _, text := range []string{"{{/* {{ .Values.‸ */}}", "{{- /* .Values.‸ */ -}}", "text ‸ outside", "{{ \"‸\" }}"} {
		if items := f.complete("shop/templates/NOTES.txt", text, Options{}); len(items) > 0 {
			t.Errorf("%q: %q", text, labels(items))
		}
	}
	items := f.complete(shopTemplate, "{{- .Values.ima‸ -}}", Options{})
	check(t, items, "image", "map", "image", "ima", "")
	items = f.complete(shopTemplate, "{{ .Values.‸", Options{}) // the end of the file
	wantLabels(t, items, shopKeys...)
	items = f.complete(shopTemplate, "# «Ünïcödé» 👋 {{ .Values.ima‸ }}", Options{})
	check(t, items, "image", "map", "image", "ima", "")
	items = f.complete(shopTemplate, "a: 1\r\n{{ .Values.ima‸ }}\r\n", Options{})
	check(t, items, "image", "map", "image", "ima", "")
	items = f.complete(shopTemplate, "{{ (fromYaml .Values.x).‸ }}", Options{})
	wantLabels(t, items)
	items = f.complete(shopTemplate, "{{ (.Values.image).‸ }}", Options{})
	wantLabels(t, items)
}

// TestChartThatDoesNotLoad checks that a template of a chart whose
// Chart.yaml is broken still gets functions and built-in objects.
func TestChartThatDoesNotLoad(t *testing.T) {
	f := newFixtureWith(t, map[string]string{"shop/Chart.yaml": "apiVersion: v2\nname: [\n"}, "shop")
	items := f.complete(shopTemplate, "{{ inc‸ }}", Options{})
	check(t, items, "include", "include(name string, data any) string", "include", "inc", "")
	items = f.complete(shopTemplate, "{{ .‸ }}", Options{})
	wantLabels(t, items, "Capabilities", "Chart", "Files", "Release", "Subcharts", "Template", "Values")
	items = f.complete(shopTemplate, "{{ .Values.‸ }}", Options{})
	wantLabels(t, items)
	items = f.complete(shopTemplate, "{{ .Release.‸ }}", Options{})
	check(t, items, "Name", "string", "Name", "", "The release name (`helm install NAME`).")
}

// TestHugeValues checks that a values file with many keys gives a bounded
// list, the keys matching what is typed first.
func TestHugeValues(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "key%04d: %d\n", i, i)
	}
	f := newFixtureWith(t, map[string]string{"shop/values.yaml": b.String()}, "shop")
	snap, doc, offset := f.edit(shopTemplate, "{{ .Values.key4999‸ }}")
	list, err := Complete(context.Background(), snap, doc, offset, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != maxItems || !list.Incomplete {
		t.Fatalf("%d proposals, incomplete %v", len(list.Items), list.Incomplete)
	}
	if list.Items[0].Label != "key4999" {
		t.Errorf("first proposal %q, want key4999", list.Items[0].Label)
	}
}

// TestCancelled checks that a cancelled request answers with its error.
func TestCancelled(t *testing.T) {
	f := newFixture(t, "shop")
	snap, doc, offset := f.edit(shopTemplate, "{{ ‸ }}")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Complete(ctx, snap, doc, offset, Options{}); err != context.Canceled {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

// FuzzComplete completes at any offset of any text, as a template, a
// values file and Chart.yaml: nothing may panic.
func FuzzComplete(f *testing.F) {
	for _, seed := range []string{
		"{{ .Values.image.", "{{ include \"", "{{ $x := .Values.a }}{{ $x.", "apiVersion: v1\nkind: Service\nspec:\n  ",
		"{{ range $i, $e := .Values.env }}{{ $e.", "{{ index .Values \"a\" \"", "{{/* ", "{{ with $ }}{{ . | ", "- - a: {{",
	} {
		f.Add(seed, uint(len(seed)), uint8(0))
	}
	folder := f.TempDir()
	if err := copyShop(folder); err != nil {
		f.Fatal(err)
	}
	ws := cache.NewWorkspace(nil)
	ws.SetFolders([]string{folder})
	files := []string{shopTemplate, "shop/values.yaml", "shop/Chart.yaml", ordersTemplate, "shop/.chartwright.yaml"}
	f.Fuzz(func(t *testing.T, text string, offset uint, which uint8) {
		path := filepath.Join(folder, files[int(which)%len(files)])
		snap := ws.Open(path, 1, []byte(text))
		doc, err := snap.Document(path)
		if err != nil {
			t.Fatal(err)
		}
		at := int(offset % uint(len(text)+1))
		if _, err := Complete(context.Background(), snap, doc, at, Options{Snippets: true}); err != nil {
			t.Fatal(err)
		}
		SignatureAt(context.Background(), snap, doc, at)
	})
}
