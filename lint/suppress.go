package lint

import (
	"bytes"
	"regexp"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart/source"
)

// Inline suppressions. In a template, a comment action
//
//	{{/* chartwright:ignore values-undefined */}}
//
// silences the named rules (comma or space separated; none means every
// rule) on its own line and on the next line. In a YAML file (values.yaml,
// Chart.yaml), a comment does the same:
//
//	# chartwright:ignore values-unused
var ignoreMarker = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`chartwright:ignore\b([ \t,A-Za-z0-9-]*)`) })

// suppressions are the ignore markers of one file, by 1-based line.
type suppressions map[int][]RuleID

// all is the rule list of a marker without rule names.
const all RuleID = "*"

func parseSuppressions(f *source.File) suppressions {
	if !bytes.Contains(f.Data, []byte("chartwright:ignore")) {
		return nil
	}
	s := suppressions{}
	for _, m := range ignoreMarker().FindAllSubmatchIndex(f.Data, -1) {
		line := f.Position(m[0]).Line
		ids := strings.FieldsFunc(string(f.Data[m[2]:m[3]]), func(r rune) bool {
			return r == ' ' || r == '\t' || r == ','
		})
		if len(ids) == 0 {
			ids = []string{string(all)}
		}
		for _, id := range ids {
			s[line] = append(s[line], RuleID(id))
		}
	}
	return s
}

// covers reports whether a marker on line or the line before silences rule.
func (s suppressions) covers(line int, rule RuleID) bool {
	for _, l := range []int{line, line - 1} {
		for _, id := range s[l] {
			if id == rule || id == all {
				return true
			}
		}
	}
	return false
}

// suppressor caches the parsed markers of each file.
type suppressor map[*source.File]suppressions

func (sp suppressor) suppressed(f Finding) bool {
	file := f.Span.File
	if file == nil {
		return false
	}
	s, ok := sp[file]
	if !ok {
		s = parseSuppressions(file)
		sp[file] = s
	}
	return s != nil && s.covers(file.Position(f.Span.Start).Line, f.Rule)
}

// SuppressedRuleAt returns the rule ID written at offset in a
// chartwright:ignore marker of data (a template or YAML file), with its
// byte range; ok is false when offset is on no such ID.
func SuppressedRuleAt(data []byte, offset int) (id RuleID, start, end int, ok bool) {
	offset = max(0, min(offset, len(data)))
	lineStart := bytes.LastIndexByte(data[:offset], '\n') + 1
	lineEnd := len(data)
	if i := bytes.IndexByte(data[offset:], '\n'); i >= 0 {
		lineEnd = offset + i
	}
	for _, m := range ignoreMarker().FindAllSubmatchIndex(data[lineStart:lineEnd], -1) {
		ids := data[lineStart+m[2] : lineStart+m[3]]
		for i := 0; i < len(ids); {
			j := i
			for j < len(ids) && ids[j] != ' ' && ids[j] != '\t' && ids[j] != ',' {
				j++
			}
			if s, e := lineStart+m[2]+i, lineStart+m[2]+j; j > i && s <= offset && offset <= e {
				return RuleID(ids[i:j]), s, e, true
			}
			i = j + 1
		}
	}
	return "", 0, 0, false
}
