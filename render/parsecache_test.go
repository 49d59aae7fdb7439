package render

import (
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
				alone, aloneErr := Template(c, opts)
				opts.Parses = NewParseCache(helm3)
				first, firstErr := Template(c, opts)
				parsed := maps.Clone(opts.Parses.entries)
				second, secondErr := Template(c, opts)
				// Only what Template prefetched from the chart as loaded may
				// be new: names the render does not use.
				for key := range opts.Parses.entries {
					if _, old := parsed[key]; !old && first != nil && first.Output != nil && first.Output.names[key.file] == key.name {
						t.Errorf("the second render parsed %s again", key.name)
					}
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
	Engine{Parses: NewParseCache(true)}.Render(memoryChart(nil), map[string]any{})
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
	copied, _ := c.Parse("mem/templates/cm.yaml", source.NewFile(f.Name, f.Data))
	if aliased["d"] == first["d"] || copied["d"] == first["d"] {
		t.Error("another name or another file shares the trees of the first parse")
	}

	opts := Options{Parses: NewParseCache(false)}
	rel, err := Template(loadTestChart("../testdata/charts/webapp")(false), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, tmpl := range treeTemplates(rel.Chart, nil) { // the charts rendered
		e := opts.Parses.entries[parseKey{tmpl.File, tmpl.Name}]
		if e == nil || e.trees[tmpl.Name] == nil {
			t.Fatalf("%s: not in the cache after a render", tmpl.Name)
		}
		if again, _ := opts.Parses.Parse(tmpl.Name, tmpl.File); again[tmpl.Name] != e.trees[tmpl.Name] {
			t.Errorf("%s: parsed again after a render", tmpl.Name)
		}
	}
}
