package funcdoc

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/funcdoc/internal/sprigdoc"
)

// TestSprigDataIsFresh regenerates sprig.json and the license copy in
// memory and compares them with the committed files.
func TestSprigDataIsFresh(t *testing.T) {
	dir, version, err := sprigdoc.Module()
	if err != nil {
		t.Fatal(err)
	}
	outputs, err := sprigdoc.Generate(dir, version)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outputs {
		committed, err := os.ReadFile(o.Path)
		if err != nil {
			t.Errorf("%s: %v", o.Path, err)
			continue
		}
		if !bytes.Equal(committed, o.Data) {
			t.Errorf("%s is stale: regenerate it with `go generate ./render/funcdoc`", o.Path)
		}
	}
}

// modes are Helm 4 and Helm 3, as Lookup's helm3 argument.
var modes = []bool{false, true}

// TestEveryFunctionIsDescribed checks that every function a template of
// each mode can call has an entry whose parameters match the function's,
// with a summary and an example.
func TestEveryFunctionIsDescribed(t *testing.T) {
	for _, helm3 := range modes {
		names := render.BuiltinFuncs()
		fm := render.FuncMap(helm3)
		for name := range fm {
			names = append(names, name)
		}
		for _, name := range names {
			f, ok := Lookup(name, helm3)
			if !ok {
				t.Errorf("helm3=%v: %s has no entry", helm3, name)
				continue
			}
			if f.Name != name || f.Summary == "" || f.Doc == "" || f.Example == "" || f.Result == "" {
				t.Errorf("helm3=%v: %s is incomplete: %+v", helm3, name, f)
			}
			if fn, ok := fm[name]; ok && len(f.Params) != reflect.TypeOf(fn).NumIn() {
				t.Errorf("helm3=%v: %s has %d parameters, its function %d", helm3, name, len(f.Params), reflect.TypeOf(fn).NumIn())
			}
			for i, p := range f.Params {
				if p.Name == "" || p.Type == "" || slices.ContainsFunc(f.Params[:i], func(q Param) bool { return q.Name == p.Name }) {
					t.Errorf("helm3=%v: %s: parameter %d is %+v", helm3, name, i, p)
				}
			}
		}
		if got := len(All(helm3)); got != len(uniq(names)) {
			t.Errorf("helm3=%v: All has %d functions, the templates %d", helm3, got, len(uniq(names)))
		}
	}
}

func uniq(names []string) []string {
	s := slices.Clone(names)
	slices.Sort(s)
	return slices.Compact(s)
}

// TestNoEntryForAMissingFunction checks that every hand-written entry and
// every entry of sprig.json names a function of a mode it claims: Helm's
// of both, Helm 4's of Helm 4 only, unless sprig has one of that name.
func TestNoEntryForAMissingFunction(t *testing.T) {
	helm4, helm3 := render.FuncMap(false), render.FuncMap(true)
	sprigDocs := sprigEntries()
	for name, d := range helmFuncs() {
		_, in4 := helm4[name]
		_, in3 := helm3[name]
		_, sprigHas := sprigDocs[name]
		if d.name != name || !in4 || in3 != (d.origin == Helm || sprigHas) {
			t.Errorf("%s (%v): in Helm 4 %v, in Helm 3 %v", name, d.origin, in4, in3)
		}
	}
	for name, b := range builtins() {
		if b.name != name || !slices.Contains(render.BuiltinFuncs(), name) {
			t.Errorf("%s is no builtin of text/template", name)
		}
		if _, replaced := helm4[name]; replaced {
			t.Errorf("builtin %s is replaced by the function map: its entry is never used", name)
		}
	}
	var file sprigFile
	if err := json.Unmarshal(sprigJSON, &file); err != nil {
		t.Fatal(err)
	}
	for _, f := range file.Functions {
		_, in4 := helm4[f.Name]
		_, in3 := helm3[f.Name]
		if !in4 && !in3 {
			t.Errorf("sprig.json describes %s, which Helm does not have", f.Name)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name      string
		helm3     bool
		signature string
		origin    Origin
		fails     bool
	}{
		{"include", false, "include(name string, data any) string", Helm, true},
		{"indent", false, "indent(spaces int, s string) string", Sprig, false},
		{"printf", true, "printf(format string, args ...any) string", Builtin, false},
		{"default", false, "default(defaultValue any, value ...any) any", Sprig, false},
		{"mustToJson", false, "mustToJson(value any) string", Helm4, true},
		{"mustToJson", true, "mustToJson(v any) string", Sprig, true},
		{"slice", false, "slice(list any, indices ...any) any", Sprig, false},
		{"durationRoundTo", false, "durationRoundTo(duration any, multiple any) time.Duration", Helm4, false},
		{"lookup", true, "lookup(apiVersion string, kind string, namespace string, name string) map[string]any", Helm, true},
		{"toYaml", true, "toYaml(value any) string", Helm, false},
	}
	for _, tt := range tests {
		f, ok := Lookup(tt.name, tt.helm3)
		if !ok {
			t.Errorf("%s (helm3=%v): not found", tt.name, tt.helm3)
			continue
		}
		if got := f.Signature(); got != tt.signature || f.Origin != tt.origin || f.Fails != tt.fails {
			t.Errorf("%s (helm3=%v): %s, %v, fails %v; want %s, %v, fails %v", tt.name, tt.helm3, got, f.Origin, f.Fails, tt.signature, tt.origin, tt.fails)
		}
	}
}

func TestHelm3OmitsHelm4Functions(t *testing.T) {
	for _, name := range []string{"mustToYaml", "mustToToml", "mustToDuration", "durationSeconds", "durationTruncateTo"} {
		if _, ok := Lookup(name, true); ok {
			t.Errorf("%s is in Helm 3's catalogue", name)
		}
		if f, ok := Lookup(name, false); !ok || f.Origin != Helm4 {
			t.Errorf("%s in Helm 4: %+v, %v", name, f, ok)
		}
	}
	if _, ok := Lookup("env", false); ok {
		t.Error("env, which Helm removes, is in the catalogue")
	}
}

func TestSprigDescriptions(t *testing.T) {
	tests := []struct{ name, summary, example, aliasOf string }{
		{"trimAll", "Remove given characters from the front or back of a string:", `trimAll "$" "$5.00"`, ""},
		{"trimall", "Another name for `trimAll`. Remove given characters from the front or back of a string:", `trimall "$" "$5.00"`, "trimAll"},
		{"atoi", "Convert a string to an integer.", `atoi "42"`, ""},
		{"kindIs", "There are two Kind functions: `kindOf` returns the kind of an object.", `kindIs "int" 123`, ""},
		{"hasSuffix", "The `hasPrefix` and `hasSuffix` functions test whether a string has a given prefix or suffix:", `hasSuffix "cat" "catch"`, ""},
	}
	for _, tt := range tests {
		f, _ := Lookup(tt.name, false)
		if f == nil || f.Summary != tt.summary || f.Example != tt.example || f.AliasOf != tt.aliasOf {
			t.Errorf("%s: %+v", tt.name, f)
		}
	}
	if f, _ := Lookup("trimall", false); !f.Deprecated {
		t.Error("trimall is not deprecated")
	}
	if f, _ := Lookup("include", true); !strings.HasPrefix(f.Doc, f.Summary+"\n\nFails when no template has the name.") {
		t.Errorf("include's doc: %q", f.Doc)
	}
}
