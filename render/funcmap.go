package render

import (
	"slices"
	"text/template"
)

// FuncMap returns Helm's function map for the mode (Helm 3 when helm3 is
// set, else Helm 4) as templates are parsed with it: sprig without env and
// expandenv, Helm's functions, and for include, tpl, required and lookup
// placeholders with the signatures of the functions a render binds. The
// map is the caller's: every call returns a new one.
func FuncMap(helm3 bool) template.FuncMap { return funcMap(helm3) }

// BuiltinFuncs returns the names of text/template's predefined functions
// (and, or, not, len, index, ...), sorted.
func BuiltinFuncs() []string {
	names := make([]string, 0, len(builtinFuncs))
	for name := range builtinFuncs {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
