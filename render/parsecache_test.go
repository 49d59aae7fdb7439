package render

import (
	"context"
	"hash/maphash"
	"maps"
	"reflect"
	"slices"
	"sync"
	"testing"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// TestParseCacheSharedByRenders checks that renders sharing a parse cache
// parse each template file once and produce exactly what renders parsing
// on their own produce: files, source maps, manifests, errors and
// messages, in both Helm modes (Helm 4's functions fail Helm 3's parse).
func TestParseCacheSharedByRenders(t *testing.T) {
	charts := map[string]func(helm3 bool) *chart.Chart{
		"webapp":    loadTestChart("../testdata/charts/webapp"),
		"rt-broken": loadTestChart("../testdata/charts/rt-broken"),
		"rt-deps":   loadTestChart("../testdata/charts/rt-deps"),
		"rt-funcs":  loadTestChart("../testdata/charts/rt-funcs"),
		"in-memory": func(bool) *chart.Chart {
			return memoryChart(map[string]string{
				"templates/unknown.yaml": "a: {{ nosuchfunc 1 }}\n",
				"templates/helm4.yaml":   "a: {{ durationSeconds `1m` }}\n",
				"templates/_helpers.tpl": `{{ define "h" }}h: {{ .Values.x | quote }}{{ end }}`,
				"templates/fine.yaml":    `{{ include "h" . }}` + "\n",
			})
		},
	}
	for name, load := range charts {
		for _, helm3 := range []bool{false, true} {
			t.Run(name+map[bool]string{false: "/helm4", true: "/helm3"}[helm3], func(t *testing.T) {
				c := load(helm3)
				opts := Options{Helm3: helm3, LintMode: true, SourceMap: true}
				alone, aloneErr := Template(context.Background(), c, opts)
				opts.Parses = NewParseCache(helm3)
				first, firstErr := Template(context.Background(), c, opts)
				parsed := maps.Clone(opts.Parses.entries)
				second, secondErr := Template(context.Background(), c, opts)
				// Only what Template prefetched from the chart as loaded may
				// be new: names the render does not use.
				used := map[string]bool{}
				if first != nil && first.Output != nil {
					for _, name := range first.Output.names {
						used[name] = true
					}
				}
				for key := range opts.Parses.entries {
					if _, old := parsed[key]; !old && used[key.name] {
						t.Errorf("the second render parsed %s again", key.name)
					}
				}
				if len(parsed) == 0 {
					t.Error("the first render parsed nothing through the cache")
				}
				for i, rel := range []*Release{first, second} {
					if err := []error{firstErr, secondErr}[i]; !reflect.DeepEqual(rel, alone) || !reflect.DeepEqual(err, aloneErr) {
						t.Errorf("render %d with the cache differs from one without: %v, want %v", i+1, err, aloneErr)
					}
				}
			})
		}
	}
}

// TestParseCacheChecksFunctions checks that a cache checks function names
// as Helm does in its mode.
func TestParseCacheChecksFunctions(t *testing.T) {
	f := source.NewFile("templates/helm4.yaml", []byte("a: {{ durationSeconds `1m` }}\n"))
	if _, err := NewParseCache(false).Parse("mem/templates/helm4.yaml", f); err != nil {
		t.Errorf("Helm 4: %v", err)
	}
	_, err := NewParseCache(true).Parse("mem/templates/helm4.yaml", f)
	if want := `template: mem/templates/helm4.yaml:1: function "durationSeconds" not defined`; err == nil || err.Error() != want {
		t.Errorf("Helm 3: error %v, want %s", err, want)
	}
}

// TestParseCacheMode checks that an engine refuses a cache made for the
// other Helm mode, whose function names differ.
func TestParseCacheMode(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a Helm 3 cache in a Helm 4 engine")
		}
	}()
	Engine{Parses: NewParseCache(true)}.Render(context.Background(), memoryChart(nil), map[string]any{})
}

func loadTestChart(dir string) func(helm3 bool) *chart.Chart {
	return func(helm3 bool) *chart.Chart {
		c, err := chart.Load(dir, chart.Options{FirstValuesDocument: helm3})
		if err != nil {
			panic(err)
		}
		return c
	}
}

// memoryChart is a chart named mem with the template texts keyed by file name.
func memoryChart(templates map[string]string) *chart.Chart {
	c := &chart.Chart{Metadata: &chart.Metadata{Name: "mem", APIVersion: chart.APIVersionV2, Version: "1.0.0"}, Values: map[string]any{"x": 1}}
	for _, name := range slices.Sorted(maps.Keys(templates)) {
		c.Templates = append(c.Templates, source.NewFile(name, []byte(templates[name])))
	}
	return c
}

// TestParseCacheByContent checks that the cache knows files by name and
// content: another source.File with the same text is not parsed again, an
// edited one is, and a bounded cache forgets the least recently used.
func TestParseCacheByContent(t *testing.T) {
	c := NewBoundedParseCache(false, 64)
	text := []byte(`{{ define "a" }}{{ .Values.x }}{{ end }}`) // 40 bytes
	first, _ := c.Parse("m/templates/a.tpl", source.NewFile("templates/a.tpl", text))
	again, _ := c.Parse("m/templates/a.tpl", source.NewFile("templates/a.tpl", slices.Clone(text)))
	if first["a"] != again["a"] || c.parsed.Load() != 1 {
		t.Errorf("the same content was parsed again (%d parses)", c.parsed.Load())
	}
	if other, _ := c.Parse("m/charts/x/templates/a.tpl", source.NewFile("templates/a.tpl", text)); other["a"] == first["a"] {
		t.Error("another template name shares the trees")
	}
	edited, _ := c.Parse("m/templates/a.tpl", source.NewFile("templates/a.tpl", []byte(`{{ define "a" }}{{ .Values.y }}{{ end }}`)))
	if edited["a"] == first["a"] {
		t.Error("edited content has the old trees")
	}
	// Three sources of 40 bytes passed the bound of 64: only the latest
	// is kept.
	if len(c.entries) != 1 || c.bytes != 40 {
		t.Errorf("the bounded cache holds %d entries, %d bytes; want the latest one", len(c.entries), c.bytes)
	}
	if _, ok := c.entries[parseKey{"m/templates/a.tpl", maphash.Bytes(hashSeed, text)}]; ok {
		t.Error("the least recently used entry was kept")
	}
	if len(c.byData) != 1 {
		t.Errorf("%d entries are found by address, want the one kept", len(c.byData))
	}
}

// TestParseCacheByAddress checks that a lookup with the very bytes an entry
// holds finds it without a parse, and that bytes at another address with
// another content are never taken for it.
func TestParseCacheByAddress(t *testing.T) {
	c := NewParseCache(false)
	buf := []byte(`{{ define "a" }}{{ .Values.x }}{{ end }}{{ define "b" }}{{ end }}`)
	whole, _ := c.Parse("m/templates/a.tpl", source.NewFile("templates/a.tpl", buf))
	again, _ := c.Parse("m/templates/a.tpl", source.NewFile("templates/a.tpl", buf))
	if again["a"] != whole["a"] || c.parsed.Load() != 1 {
		t.Errorf("the same bytes were parsed again (%d parses)", c.parsed.Load())
	}
	prefix, _ := c.Parse("m/templates/a.tpl", source.NewFile("templates/a.tpl", buf[:40]))
	if c.parsed.Load() != 2 || prefix["b"] != nil {
		t.Errorf("a prefix of the bytes, at their address, took the whole file's trees (%d parses)", c.parsed.Load())
	}
}

// TestParseCacheReuses checks that a cache keeps what it parsed: asking
// again for a file under the same name gives the same trees, also from
// concurrent callers; another name or another file is a parse of its own;
// and a render through the cache leaves each rendered template's trees in
// it, where the next render finds them.
func TestParseCacheReuses(t *testing.T) {
	f := source.NewFile("templates/cm.yaml", []byte(`{{ define "d" }}x{{ end }}a: {{ .Values.x }}`+"\n"))
	c := NewParseCache(false)
	first, err := c.Parse("mem/templates/cm.yaml", f)
	if err != nil {
		t.Fatal(err)
	}
	trees := make(chan map[string]*parse.Tree, 8)
	var wg sync.WaitGroup
	for range cap(trees) {
		wg.Go(func() {
			again, _ := c.Parse("mem/templates/cm.yaml", f)
			trees <- again
		})
	}
	wg.Wait()
	close(trees)
	for again := range trees {
		if again["mem/templates/cm.yaml"] != first["mem/templates/cm.yaml"] || again["d"] != first["d"] {
			t.Fatal("a second Parse of the same file parsed it again")
		}
	}
	aliased, _ := c.Parse("alias/templates/cm.yaml", f)
	if aliased["d"] == first["d"] {
		t.Error("another name shares the trees of the first parse")
	}

	opts := Options{Parses: NewParseCache(false)}
	rel, err := Template(context.Background(), loadTestChart("../testdata/charts/webapp")(false), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, tmpl := range treeTemplates(rel.Chart, nil) { // the charts rendered
		e := opts.Parses.entries[parseKey{tmpl.Name, maphash.Bytes(hashSeed, tmpl.File.Data)}]
		if e == nil || e.trees[tmpl.Name] == nil {
			t.Fatalf("%s: not in the cache after a render", tmpl.Name)
		}
		if again, _ := opts.Parses.Parse(tmpl.Name, tmpl.File); again[tmpl.Name] != e.trees[tmpl.Name] {
			t.Errorf("%s: parsed again after a render", tmpl.Name)
		}
	}
}
