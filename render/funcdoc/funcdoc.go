// Package funcdoc is the catalogue of the functions a chart template can
// call, in Helm 4 and in Helm 3: text/template's builtins, sprig's
// functions as Helm keeps them, and Helm's own. For each, [Func] gives its
// parameters and result (their types read from the function values of
// render's function map), a one-paragraph summary, its documentation and
// an example. The language server's completion, signature help and hover
// read it through [Lookup] and [All].
//
// Sprig's descriptions are not written here: gen.go extracts them from
// the documentation in sprig's module into sprig.json (MIT licensed; its
// license is kept beside it, sprig-LICENSE.txt), and TestSprigDataIsFresh
// fails when that file is stale. Helm's functions and the builtins, which
// have no such source, are described by hand in helm.go and builtin.go.
package funcdoc

//go:generate go run gen.go

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/render"
)

// Origin says where a function comes from.
type Origin uint8

// Origins of functions.
const (
	// Builtin is a function predefined by text/template.
	Builtin Origin = iota + 1
	// Sprig is a function of sprig v3.3.0 that Helm keeps as it is.
	Sprig
	// Helm is a function of Helm 3 and Helm 4 (some replace sprig's).
	Helm
	// Helm4 is a function Helm 4 added, which Helm 3 does not know.
	Helm4
)

var originNames = [...]string{"", "builtin", "sprig", "Helm", "Helm 4"}

// String names the origin.
func (o Origin) String() string {
	if int(o) < len(originNames) {
		return originNames[o]
	}
	return fmt.Sprintf("Origin(%d)", o)
}

// Param is a parameter of a function.
type Param struct {
	Name string
	// Type is the Go type, "any" for interface{}; a variadic parameter's is
	// its elements' type.
	Type string
}

// Func is a function a template can call.
type Func struct {
	Name   string
	Origin Origin
	Params []Param
	// Variadic is set when the last parameter takes any number of
	// arguments, none included.
	Variadic bool
	// Result is the Go type of the result.
	Result string
	// Fails is set when the function can fail, which stops the render.
	Fails bool
	// Summary is one paragraph of Markdown saying what the function does;
	// Doc is all its documentation (Markdown), Example a call.
	Summary, Doc, Example string
	// AliasOf names the function this one is another name for.
	AliasOf string
	// Deprecated is set for names kept for compatibility only.
	Deprecated bool
}

// Signature is the function's signature as Go would write it:
// "indent(spaces int, s string) string".
func (f *Func) Signature() string {
	var b strings.Builder
	b.WriteString(f.Name)
	b.WriteByte('(')
	for i := range f.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.ParamLabel(i))
	}
	b.WriteString(") ")
	b.WriteString(f.Result)
	return b.String()
}

// ParamLabel is parameter i as the signature writes it: "spaces int",
// "args ...any".
func (f *Func) ParamLabel(i int) string {
	p := f.Params[i]
	if f.Variadic && i == len(f.Params)-1 {
		return p.Name + " ..." + p.Type
	}
	return p.Name + " " + p.Type
}

// Lookup returns the function a template calls by name in Helm 3 (helm3)
// or Helm 4.
func Lookup(name string, helm3 bool) (*Func, bool) {
	f, ok := catalogue(helm3).byName[name]
	return f, ok
}

// All returns every function of the mode, sorted by name. The slice is
// shared: callers must not modify it.
func All(helm3 bool) []*Func { return catalogue(helm3).all }

// funcs is the catalogue of one mode.
type funcs struct {
	all    []*Func
	byName map[string]*Func
}

var (
	helm4Catalogue = sync.OnceValue(func() *funcs { return build(false) })
	helm3Catalogue = sync.OnceValue(func() *funcs { return build(true) })
)

func catalogue(helm3 bool) *funcs {
	if helm3 {
		return helm3Catalogue()
	}
	return helm4Catalogue()
}

// build makes the catalogue of a mode: every function of render's
// function map, described by hand when Helm's, else by sprig's
// documentation, and the builtins the map does not replace.
func build(helm3 bool) *funcs {
	c := &funcs{byName: map[string]*Func{}}
	sprigDocs := sprigEntries()
	add := func(f *Func) {
		c.byName[f.Name] = f
		c.all = append(c.all, f)
	}
	for name, fn := range render.FuncMap(helm3) {
		if h, ok := helmEntry(name, helm3); ok {
			add(h.describe(fn))
		} else if s, ok := sprigDocs[name]; ok {
			add(s.describe(fn))
		}
	}
	for _, name := range render.BuiltinFuncs() {
		if b, ok := builtins()[name]; ok && c.byName[name] == nil {
			add(b.describe(b.sig))
		}
	}
	slices.SortFunc(c.all, func(a, b *Func) int { return strings.Compare(a.Name, b.Name) })
	return c
}

// described is what a description gives, before the types of the
// function value are read: sprig's give all their documentation as doc,
// hand-written ones a summary and, in more, what else there is to say.
type described struct {
	name                        string
	origin                      Origin
	params                      []string
	summary, doc, more, example string
	aliasOf                     string
	deprecated                  bool
	// panics is set for functions that fail by panicking, which
	// text/template turns into an error: their types do not say so.
	panics bool
}

// describe makes the Func of a function value: its types, with the
// description's names.
func (d described) describe(fn any) *Func {
	t := reflect.TypeOf(fn)
	f := &Func{
		Name: d.name, Origin: d.origin, Variadic: t.IsVariadic(),
		Summary: d.summary, Doc: d.doc, Example: d.example, AliasOf: d.aliasOf, Deprecated: d.deprecated,
	}
	for i := range t.NumIn() {
		in := t.In(i)
		if f.Variadic && i == t.NumIn()-1 {
			in = in.Elem()
		}
		name := fmt.Sprintf("arg%d", i)
		if i < len(d.params) {
			name = d.params[i]
		}
		f.Params = append(f.Params, Param{Name: name, Type: typeName(in)})
	}
	if t.NumOut() > 0 {
		f.Result = typeName(t.Out(0))
	}
	f.Fails = d.panics || t.NumOut() == 2 && t.Out(1) == reflect.TypeFor[error]()
	if f.Doc == "" {
		f.Doc = strings.TrimSpace(f.Summary + "\n\n" + d.more)
	}
	return f
}

// typeName writes a type as Go does, interface{} as any.
func typeName(t reflect.Type) string {
	return strings.ReplaceAll(t.String(), "interface {}", "any")
}
