// Package sprigfuncs holds sprig's template functions, built once per
// process: sprig.TxtFuncMap builds a new map of its ~200 functions on every
// call, and the render and the reads index each need them.
package sprigfuncs

import (
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

// Map is sprig's text template function map. Callers read it and never
// write it: a function map to change is a copy (maps.Clone).
var Map template.FuncMap = sprig.TxtFuncMap()
