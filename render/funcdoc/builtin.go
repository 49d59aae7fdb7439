package funcdoc

import "sync"

// builtin describes a function text/template predefines; sig is a nil
// function of its signature, whose types the catalogue reads.
type builtin struct {
	described
	sig any
}

// builtins are text/template's predefined functions, described after Go's
// documentation of text/template. slice is not among them: sprig's
// replaces it in Helm. Like the other tables of descriptions, it is made
// when first read, not at every process start: a lint never reads them.
var builtins = sync.OnceValue(func() map[string]builtin {
	return map[string]builtin{
		"and": {described{
			name: "and", origin: Builtin, params: []string{"arg0", "args"},
			summary: "Returns the boolean AND of its arguments: the first empty argument, or the last one. " +
				"`and x y` behaves as `if x then y else x`; evaluation stops at the first empty argument.",
			example: `and .Values.ingress.enabled .Values.ingress.tls`,
		}, (func(any, ...any) any)(nil)},
		"or": {described{
			name: "or", origin: Builtin, params: []string{"arg0", "args"},
			summary: "Returns the boolean OR of its arguments: the first non-empty argument, or the last one. " +
				"`or x y` behaves as `if x then x else y`; evaluation stops at the first non-empty argument.",
			example: `or .Values.image.tag .Chart.AppVersion`,
		}, (func(any, ...any) any)(nil)},
		"not": {described{
			name: "not", origin: Builtin, params: []string{"arg"},
			summary: "Returns the boolean negation of its argument: true when it is empty (false, 0, nil, an empty string, list or map).",
			example: `not .Values.persistence.enabled`,
		}, (func(any) bool)(nil)},
		"len": {described{
			name: "len", origin: Builtin, params: []string{"item"},
			summary: "Returns the length of a string, list, map or array; fails on any other value.",
			example: `len .Values.replicas`,
		}, (func(any) (int, error))(nil)},
		"index": {described{
			name: "index", origin: Builtin, params: []string{"item", "keys"},
			summary: "Indexes its first argument by the following ones: `index x 1 2 3` is `x[1][2][3]` in Go. " +
				"Each indexed value must be a map, list or array; a key missing from a map gives no value. " +
				"It reads keys that are not identifiers, such as `index .Values \"my-key\"`.",
			example: `index .Values.labels "app.kubernetes.io/name"`,
		}, (func(any, ...any) (any, error))(nil)},
		"print": {described{
			name: "print", origin: Builtin, params: []string{"args"},
			summary: "Formats its arguments as Go's `fmt.Sprint` does: adds spaces between operands when neither is a string.",
			example: `print .Release.Name "-" .Chart.Name`,
		}, (func(...any) string)(nil)},
		"printf": {described{
			name: "printf", origin: Builtin, params: []string{"format", "args"},
			summary: "Formats its arguments according to a format, as Go's `fmt.Sprintf` does: `%s` for strings, `%d` for integers, `%v` for any value.",
			example: `printf "%s-%s" .Release.Name .Chart.Name`,
		}, (func(string, ...any) string)(nil)},
		"println": {described{
			name: "println", origin: Builtin, params: []string{"args"},
			summary: "Formats its arguments as Go's `fmt.Sprintln` does: spaces between all operands and a newline at the end.",
			example: `println .Release.Name`,
		}, (func(...any) string)(nil)},
		"html": {described{
			name: "html", origin: Builtin, params: []string{"args"},
			summary: "Returns the escaped HTML equivalent of the textual representation of its arguments.",
			example: `html .Values.banner`,
		}, (func(...any) string)(nil)},
		"js": {described{
			name: "js", origin: Builtin, params: []string{"args"},
			summary: "Returns the escaped JavaScript equivalent of the textual representation of its arguments.",
			example: `js .Values.message`,
		}, (func(...any) string)(nil)},
		"urlquery": {described{
			name: "urlquery", origin: Builtin, params: []string{"args"},
			summary: "Returns the textual representation of its arguments escaped for embedding in a URL query.",
			example: `urlquery .Values.search`,
		}, (func(...any) string)(nil)},
		"call": {described{
			name: "call", origin: Builtin, params: []string{"fn", "args"},
			summary: "Calls its first argument, which must be a function, with the remaining arguments; " +
				"fails when the function returns a non-nil error as its second result.",
			example: `call .Values.fn "arg"`,
		}, (func(any, ...any) (any, error))(nil)},
		"eq": {described{
			name: "eq", origin: Builtin, params: []string{"arg1", "args"},
			summary: "Returns the boolean truth of `arg1 == arg2`; with more arguments, whether arg1 equals any of them " +
				"(`eq x y z` is `x == y || x == z`). Comparing values of different kinds, such as an integer and a float, fails.",
			example: `eq .Values.service.type "NodePort"`,
		}, (func(any, ...any) (bool, error))(nil)},
		"ne": {described{
			name: "ne", origin: Builtin, params: []string{"arg1", "arg2"},
			summary: "Returns the boolean truth of `arg1 != arg2`.",
			example: `ne .Values.service.type "ClusterIP"`,
		}, (func(any, any) (bool, error))(nil)},
		"lt": {described{
			name: "lt", origin: Builtin, params: []string{"arg1", "arg2"},
			summary: "Returns the boolean truth of `arg1 < arg2`, for numbers and strings of the same kind.",
			example: `lt (len .Values.hosts) 2`,
		}, (func(any, any) (bool, error))(nil)},
		"le": {described{
			name: "le", origin: Builtin, params: []string{"arg1", "arg2"},
			summary: "Returns the boolean truth of `arg1 <= arg2`, for numbers and strings of the same kind.",
			example: `le .Values.replicaCount 1`,
		}, (func(any, any) (bool, error))(nil)},
		"gt": {described{
			name: "gt", origin: Builtin, params: []string{"arg1", "arg2"},
			summary: "Returns the boolean truth of `arg1 > arg2`, for numbers and strings of the same kind.",
			example: `gt .Values.replicaCount 1`,
		}, (func(any, any) (bool, error))(nil)},
		"ge": {described{
			name: "ge", origin: Builtin, params: []string{"arg1", "arg2"},
			summary: "Returns the boolean truth of `arg1 >= arg2`, for numbers and strings of the same kind.",
			example: `ge (len .Values.hosts) 1`,
		}, (func(any, any) (bool, error))(nil)},
	}
})
