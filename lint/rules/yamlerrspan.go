package rules

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// yamlErrorPatterns are the parts of sigs.k8s.io/yaml's messages that say
// where a decoding error is: yaml.v2's line, or, for the errors of its JSON
// stage, which name no line, the key or value they are about.
type yamlErrorPatterns struct {
	line, unknownField, fieldType, rootType, nullKey, unsupportedFloat *regexp.Regexp
	infinity, notANumber                                               *regexp.Regexp // YAML's spellings
}

var yamlErrors = sync.OnceValue(func() *yamlErrorPatterns {
	return &yamlErrorPatterns{
		line:             regexp.MustCompile(`line (\d+)`),
		unknownField:     regexp.MustCompile(`json: unknown field "([^"]*)"`),
		fieldType:        regexp.MustCompile(`into Go struct field \w+\.(\S+) of type`),
		rootType:         regexp.MustCompile(`into Go value of type`),
		nullKey:          regexp.MustCompile(`unsupported map key of type: %!s\(<nil>\)`),
		unsupportedFloat: regexp.MustCompile(`json: unsupported value: ([-+]Inf|NaN)`),
		infinity:         regexp.MustCompile(`^(?:!!float\s+)?([-+]?)\.(?:inf|Inf|INF)$`),
		notANumber:       regexp.MustCompile(`^(?:!!float\s+)?\.(?:nan|NaN|NAN)$`),
	}
})

// errorSpan is where a YAML decoding error of f (sigs.k8s.io/yaml's) is:
// the line its message names, else the key or value it is about, else the
// start of the file.
func errorSpan(f *source.File, err error) source.Span {
	msg := err.Error()
	if m := yamlErrors().line.FindStringSubmatch(msg); m != nil {
		if n, e := strconv.Atoi(m[1]); e == nil {
			off := f.LineOffset(n)
			return source.Span{File: f, Start: off, End: off}
		}
	}
	if idx, _ := chart.IndexYAMLKeys(f); idx != nil && len(idx.Keys) > 0 {
		if s, ok := jsonErrorSpan(idx, msg); ok {
			return s
		}
	}
	return fileStart(f)
}

// jsonErrorSpan is where an error of sigs.k8s.io/yaml's JSON stage is:
// the unknown field, the field of the wrong type, the null key, the
// infinity or NaN (which JSON cannot hold); the first key when the
// document's root has the wrong type.
func jsonErrorSpan(idx *chart.KeyIndex, msg string) (source.Span, bool) {
	p := yamlErrors()
	text := func(s source.Span) string { return string(idx.File.Data[s.Start:s.End]) }
	var k *chart.Key
	if m := p.unknownField.FindStringSubmatch(msg); m != nil {
		k = firstKey(idx, func(k *chart.Key) bool { return k.Path[len(k.Path)-1] == m[1] })
	} else if m := p.fieldType.FindStringSubmatch(msg); m != nil {
		fields := strings.Split(m[1], ".")
		k = firstKey(idx, func(k *chart.Key) bool { return slices.Equal(fieldPath(k.Path), fields) })
	} else if p.rootType.MatchString(msg) {
		k = idx.Keys[0]
	} else if p.nullKey.MatchString(msg) {
		k = firstKey(idx, func(k *chart.Key) bool { return isNullKey(text(k.Key)) })
	} else if m := p.unsupportedFloat.FindStringSubmatch(msg); m != nil {
		k = firstValue(idx, func(k *chart.Key) bool { return isFloat(m[1], text(k.Value)) })
		if k != nil {
			return k.Value, true
		}
	}
	if k == nil {
		return source.Span{}, false
	}
	return k.Key, true
}

// isFloat reports whether a scalar as written is the float encoding/json
// names: "+Inf", "-Inf" or "NaN".
func isFloat(name, text string) bool {
	p := yamlErrors()
	if name == "NaN" {
		return p.notANumber.MatchString(text)
	}
	m := p.infinity.FindStringSubmatch(text)
	return m != nil && (m[1] == "-") == (name == "-Inf")
}

// firstKey is the first mapping key, depth first in file order, that match
// accepts (sequence items are walked through, not matched).
func firstKey(idx *chart.KeyIndex, match func(*chart.Key) bool) *chart.Key {
	return firstOf(idx, match, false)
}

// firstValue is firstKey for the values of mapping keys and of sequence
// items alike.
func firstValue(idx *chart.KeyIndex, match func(*chart.Key) bool) *chart.Key {
	return firstOf(idx, match, true)
}

func firstOf(idx *chart.KeyIndex, match func(*chart.Key) bool, withItems bool) *chart.Key {
	var walk func(keys []*chart.Key, items bool) *chart.Key
	walk = func(keys []*chart.Key, items bool) *chart.Key {
		for _, k := range keys {
			if (withItems || !items) && match(k) {
				return k
			}
			if found := walk(k.Children, false); found != nil {
				return found
			}
			if found := walk(k.Items, true); found != nil {
				return found
			}
		}
		return nil
	}
	return walk(idx.Keys, false)
}

// fieldPath is a key's path as encoding/json names a struct field: without
// the indexes of sequence items.
func fieldPath(path []string) []string {
	var out []string
	for _, e := range path {
		if _, err := strconv.Atoi(e); err != nil {
			out = append(out, e)
		}
	}
	return out
}

// isNullKey reports whether a mapping key as written is YAML's null.
func isNullKey(text string) bool {
	switch strings.TrimSpace(strings.TrimPrefix(text, "?")) {
	case "", "~", "null", "Null", "NULL":
		return true
	}
	return false
}
