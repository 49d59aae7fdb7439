package render

import (
	"regexp"
	"sync"
	"text/template"
)

// regexFuncs are sprig's regular expression functions, with each expression
// compiled once per process rather than at every call: charts call them in
// helpers that every template includes (bitnami's image names), where
// compiling was most of their cost. Results, errors and panics are
// sprig's: an expression that does not compile is compiled again at each
// call, through the same regexp function sprig calls.
func regexFuncs() template.FuncMap {
	return template.FuncMap{
		"regexMatch": func(regex, s string) bool {
			r, err := compileRegexp(regex)
			return err == nil && r.MatchString(s)
		},
		"mustRegexMatch": func(regex, s string) (bool, error) {
			return withRegexp(regex, false, func(r *regexp.Regexp) bool { return r.MatchString(s) })
		},
		"regexFindAll": func(regex, s string, n int) []string { return mustCompileRegexp(regex).FindAllString(s, n) },
		"mustRegexFindAll": func(regex, s string, n int) ([]string, error) {
			return withRegexp(regex, []string{}, func(r *regexp.Regexp) []string { return r.FindAllString(s, n) })
		},
		"regexFind": func(regex, s string) string { return mustCompileRegexp(regex).FindString(s) },
		"mustRegexFind": func(regex, s string) (string, error) {
			return withRegexp(regex, "", func(r *regexp.Regexp) string { return r.FindString(s) })
		},
		"regexReplaceAll": func(regex, s, repl string) string {
			return mustCompileRegexp(regex).ReplaceAllString(s, repl)
		},
		"mustRegexReplaceAll": func(regex, s, repl string) (string, error) {
			return withRegexp(regex, "", func(r *regexp.Regexp) string { return r.ReplaceAllString(s, repl) })
		},
		"regexReplaceAllLiteral": func(regex, s, repl string) string {
			return mustCompileRegexp(regex).ReplaceAllLiteralString(s, repl)
		},
		"mustRegexReplaceAllLiteral": func(regex, s, repl string) (string, error) {
			return withRegexp(regex, "", func(r *regexp.Regexp) string { return r.ReplaceAllLiteralString(s, repl) })
		},
		"regexSplit": func(regex, s string, n int) []string { return mustCompileRegexp(regex).Split(s, n) },
		"mustRegexSplit": func(regex, s string, n int) ([]string, error) {
			return withRegexp(regex, []string{}, func(r *regexp.Regexp) []string { return r.Split(s, n) })
		},
	}
}

// withRegexp is what sprig's must* functions return: use(r) for the
// expression compiled, or failed and the compiler's error.
func withRegexp[T any](regex string, failed T, use func(r *regexp.Regexp) T) (T, error) {
	r, err := compileRegexp(regex)
	if err != nil {
		return failed, err
	}
	return use(r), nil
}

// maxCachedRegexps bounds the expressions kept compiled: a template may
// build them from values, and the language server runs for days.
const maxCachedRegexps = 512

// regexps are the expressions compiled, by their text. A compiled
// expression is safe for concurrent use.
var regexps struct {
	sync.Mutex
	compiled map[string]*regexp.Regexp
}

// compileRegexp is regexp.Compile, once per expression.
func compileRegexp(expr string) (*regexp.Regexp, error) {
	if r := cachedRegexp(expr); r != nil {
		return r, nil
	}
	r, err := regexp.Compile(expr)
	if err == nil {
		cacheRegexp(expr, r)
	}
	return r, err
}

// mustCompileRegexp is regexp.MustCompile, once per expression.
func mustCompileRegexp(expr string) *regexp.Regexp {
	if r := cachedRegexp(expr); r != nil {
		return r
	}
	r := regexp.MustCompile(expr)
	cacheRegexp(expr, r)
	return r
}

func cachedRegexp(expr string) *regexp.Regexp {
	regexps.Lock()
	defer regexps.Unlock()
	return regexps.compiled[expr]
}

func cacheRegexp(expr string, r *regexp.Regexp) {
	regexps.Lock()
	defer regexps.Unlock()
	if regexps.compiled == nil {
		regexps.compiled = map[string]*regexp.Regexp{}
	}
	if len(regexps.compiled) < maxCachedRegexps {
		regexps.compiled[expr] = r
	}
}
