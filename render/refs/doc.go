// Package refs is the cross-reference index of a chart tree's templates,
// computed once and read by the linter, the language server and the
// renderer: which .Values paths each template reads, where each define is,
// and who includes it.
//
// [Build] parses every template of the tree as Helm does (text/template,
// Helm's parse order, defines global across the tree) and analyses it
// statically into an [Index]: [Read] (a values path a template reads,
// with its chart, span, guard and whole-subtree flags and the include
// chain that led to it), [Define] (a define or block) and [Call] (an
// include, template or tpl call). Problems the index sees on the way —
// unknown functions, wrong argument counts, parse errors — are [Issue]s.
// [BuildWith] takes the trees from a [Parser] where they parse there, so
// that an index and the renders of the same chart (render.ParseCache)
// parse each file once.
//
// For the language server, [Index.At] says what a name written in a
// template is (a [Target]: a values path element, a built-in object's
// field, a define or called name, a function, a variable), and
// [Index.DotAt] what . stands for at an offset ([Dot]); [Index.ValuesNames]
// and [Index.ReadsUnder] say where a path of the root chart's values is
// written and who reads it, from a trie built when first asked for.
//
// For templates as they are while typed, which do not parse, [Lex] reads
// the tokens of actions tolerantly and [CursorAt] reads what sits at an
// offset: the word being typed, the call it is an argument of, the blocks
// and variables in scope.
//
// The analysis follows the data: the context passed to include and
// template, with and range, variables, $, dicts built for helpers and
// subchart scoping, and the text tpl runs: constants, values strings and
// chart files (.Files.Get, .Files.Glob; every file a computed path may
// name). It never guesses: a dynamic include name or tpl text is recorded
// as such. The package never reads the file system and never
// executes templates.
package refs
