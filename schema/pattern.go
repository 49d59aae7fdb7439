package schema

import (
	"regexp"
	"sync"
)

// pattern is the regular expression a custom resource schema sets on a
// string, which the API server matches values against with Go's regexp,
// as here. It is compiled the first time a value meets it: a definition
// sets hundreds (each duration field of prometheus-operator's), of which a
// chart's documents reach a few.
type pattern struct {
	text string
	once sync.Once
	re   *regexp.Regexp // nil when Go does not compile it (see rejects)
}

// patternOf is the pattern of a schema object, nil without one.
func patternOf(s map[string]any) *pattern {
	text, _ := s["pattern"].(string)
	if text == "" {
		return nil
	}
	return &pattern{text: text}
}

// rejects reports whether the API server rejects val for not matching p.
// A pattern that Go's regexp does not compile rejects nothing: the API
// server refuses such a definition, which is the definition's problem.
func (p *pattern) rejects(val string) bool {
	p.once.Do(func() { p.re, _ = regexp.Compile(p.text) })
	return p.re != nil && !p.re.MatchString(val)
}
