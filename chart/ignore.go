package chart

import (
	"bytes"
	"errors"
	"path"
	"strings"
)

// IgnoreFile is the name of the file that lists paths a chart directory excludes.
const IgnoreFile = ".helmignore"

// Ignore holds .helmignore rules with Helm's semantics, which differ from
// gitignore's: a negated rule ignores every path that reaches it and does not
// match it.
type Ignore struct {
	rules []ignoreRule
}

type ignoreRule struct {
	pattern  string
	negate   bool
	dirOnly  bool
	wholeRel bool // match the whole relative path, not the base name
	// star is the index of the pattern's only '*' when the rest of it is
	// literal, -2 for a pattern with no metacharacter at all, and -1 for
	// the others, which go to path.Match: most .helmignore lines are
	// names and *.suffix, matched against every file of the chart.
	star int
}

// simplePattern returns the star field of a rule with pattern.
func simplePattern(pattern string) int {
	star := strings.IndexByte(pattern, '*')
	if strings.ContainsAny(pattern, "?[\\") || star >= 0 && strings.IndexByte(pattern[star+1:], '*') >= 0 {
		return -1
	}
	if star < 0 {
		return -2
	}
	return star
}

// ParseIgnore reads .helmignore content. A rule with ** or a malformed
// pattern is an error, as in Helm; the default rule templates/.?* is added.
func ParseIgnore(data []byte) (*Ignore, error) {
	ig := &Ignore{}
	data = bytes.TrimPrefix(data, utf8BOM)
	for i, line := range strings.Split(string(data), "\n") {
		if err := ig.add(line); err != nil {
			return nil, &LineError{File: IgnoreFile, Line: i + 1, Err: err}
		}
	}
	ig.addDefaults()
	return ig, nil
}

// DefaultIgnore returns the rules a chart without .helmignore gets.
func DefaultIgnore() *Ignore {
	ig := &Ignore{}
	ig.addDefaults()
	return ig
}

func (ig *Ignore) addDefaults() { _ = ig.add("templates/.?*") }

func (ig *Ignore) add(line string) error {
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") {
		return nil
	}
	if strings.Contains(line, "**") {
		return errors.New("double-star (**) syntax is not supported")
	}
	if _, err := path.Match(line, "abc"); err != nil {
		return err
	}
	r := ignoreRule{}
	if rest, ok := strings.CutPrefix(line, "!"); ok {
		r.negate, line = true, rest
	}
	if rest, ok := strings.CutSuffix(line, "/"); ok {
		r.dirOnly, line = true, rest
	}
	if rest, ok := strings.CutPrefix(line, "/"); ok {
		r.wholeRel, line = true, rest
	} else if strings.Contains(line, "/") {
		r.wholeRel = true
	}
	r.pattern, r.star = line, simplePattern(line)
	ig.rules = append(ig.rules, r)
	return nil
}

// Ignored reports whether the slash-separated chart-relative path is excluded.
func (ig *Ignore) Ignored(name string, isDir bool) bool {
	if name == "" || name == "." || name == "./" {
		return false
	}
	for _, r := range ig.rules {
		if r.negate {
			if (r.dirOnly && !isDir) || !r.matches(name) {
				return true
			}
			continue
		}
		if r.dirOnly && !isDir {
			continue
		}
		if r.matches(name) {
			return true
		}
	}
	return false
}

func (r ignoreRule) matches(name string) bool {
	if !r.wholeRel {
		name = path.Base(name)
	}
	switch r.star {
	case -2:
		return name == r.pattern
	case -1:
		ok, _ := path.Match(r.pattern, name)
		return ok
	}
	// path.Match's * matches any run of characters but '/'.
	prefix, suffix := r.pattern[:r.star], r.pattern[r.star+1:]
	return len(name) >= len(prefix)+len(suffix) && strings.HasPrefix(name, prefix) && strings.HasSuffix(name, suffix) &&
		strings.IndexByte(name[len(prefix):len(name)-len(suffix)], '/') < 0
}
