// Package yamlmap decodes YAML documents into maps exactly as
// sigs.k8s.io/yaml (Helm's YAML reader) does, several times faster.
//
// sigs.k8s.io/yaml decodes with yaml.v2, converts the result for JSON,
// encodes it as JSON and decodes that JSON. This package first tries its own
// reader of the YAML charts are written in (fast.go): block mappings and
// sequences, plain, quoted and block scalars, comments, one-line flow
// collections, with yaml.v2's YAML 1.1 resolution of plain scalars. It gives
// what the JSON round trip would (float64 numbers) and declines anything it
// cannot vouch for: anchors, aliases, tags, merge and complex keys, keys that
// are not strings, repeated keys, directives, several documents, tabs,
// control characters, a root that is not a mapping, and shapes it does not
// read. It answers for nearly every values file and rendered manifest; tests
// compare it with yaml.v2 and sigs.k8s.io/yaml on the whole corpus, on
// mutations and generated documents, and under fuzzing.
//
// Declined documents go to yaml.v2, called as sigs.k8s.io/yaml calls it, and
// its result is converted directly to what the JSON round trip gives (string
// keys made as sigs.k8s.io/yaml makes them, float64 numbers). Documents the
// round trip would reject or change (errors, a root that is not a mapping,
// non-finite numbers, invalid UTF-8, keys that collide once made strings)
// are handed to sigs.k8s.io/yaml itself, so results and errors are always
// its own.
package yamlmap

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	yamlv2 "go.yaml.in/yaml/v2"
	"sigs.k8s.io/yaml"
)

// Unmarshal decodes a document as sigs.k8s.io/yaml.Unmarshal does into a
// nil map[string]any: the same map (nil for an empty document) and the
// same error.
func Unmarshal(data []byte) (map[string]any, error) {
	m, _, err := Decode(data)
	return m, err
}

// Decode is Unmarshal that also reports uniqueKeys: whether no mapping of
// the document can repeat a key, not even textually (a quoted and a plain
// "1"). It is set when every key is a string, none repeats and there is no
// merge key: always when the fast path answers, which declines the others;
// when yaml.v2 decides, when its strict decoding finds no repeated key,
// every key is a string and the text holds no "<<".
func Decode(data []byte) (m map[string]any, uniqueKeys bool, err error) {
	if m, uniqueKeys, ok := decode(data); ok {
		return m, uniqueKeys, nil
	}
	err = yaml.Unmarshal(data, &m)
	return m, false, err
}

// DecodeText is Decode of a text that stays unmodified, without copying
// it: the strings of the result are substrings of text where the fast
// reader answers (only declined texts are copied, for yaml.v2).
func DecodeText(text string) (m map[string]any, uniqueKeys bool, err error) {
	if m, ok := DecodePlainText(text); ok {
		return m, true, nil
	}
	return decodeDeclined(text)
}

// decodeDeclined is DecodeText of a text the fast reader declined.
func decodeDeclined(text string) (m map[string]any, uniqueKeys bool, err error) {
	data := []byte(text)
	if m, uniqueKeys, ok := decodeV2(data); ok {
		return m, uniqueKeys, nil
	}
	err = yaml.Unmarshal(data, &m)
	return m, false, err
}

// Scratch is the working memory of the fast reader (the entries of the
// collections being read, the text of scalars that are not substrings of
// the document), kept from one document to the next by DecodeTextWith: a
// decoding grows it from empty, so that decoding many documents with one
// Scratch allocates it about once rather than once per document. The
// zero Scratch is ready for use; it is not safe for concurrent use.
type Scratch struct {
	s scratch
}

// DecodeTextWith is DecodeText working in s.
func DecodeTextWith(s *Scratch, text string) (m map[string]any, uniqueKeys bool, err error) {
	if plainText(unsafe.Slice(unsafe.StringData(text), len(text))) { // only read
		d := fastDecoder{src: text, scratch: s.s}
		m, ok := d.document()
		s.s = d.scratch.emptied()
		if ok {
			return m, true, nil
		}
	}
	return decodeDeclined(text)
}

// DecodePlainText decodes text with the package's own reader alone, which
// answers only for the plain YAML it can vouch for: one document whose
// keys are all strings, spelled as they are in the map (no anchor, alias,
// merge key, tag or repeated key). ok is false for anything else, errors
// included; Decode then gives the result. The text is not copied: the
// strings of the result are substrings of it.
func DecodePlainText(text string) (m map[string]any, ok bool) {
	if !plainText(unsafe.Slice(unsafe.StringData(text), len(text))) { // only read
		return nil, false
	}
	d := fastDecoder{src: text}
	return d.document()
}

// Selection selects values of a mapping for DecodeSelected: the value of
// a key listed with nil whole; of a key listed with a Selection, the
// values that one selects when the value is a mapping, else the value
// whole.
type Selection map[string]Selection

// DecodeSelected is DecodePlainText that need only make the values sel selects
// of the root mapping: the others are read as DecodePlainText reads them but
// (block collections and scalars) not made, and mapped to nil. ok is true
// exactly when DecodePlainText's is: the document then decodes without error,
// to a map with the same keys and the same selected values. The text is
// not copied: the map's strings are substrings of it.
func DecodeSelected(text string, sel Selection) (m map[string]any, ok bool) {
	var s Scratch
	return DecodeSelectedWith(&s, text, sel)
}

// DecodeSelectedWith is DecodeSelected working in s.
func DecodeSelectedWith(s *Scratch, text string, sel Selection) (m map[string]any, ok bool) {
	if !plainText(unsafe.Slice(unsafe.StringData(text), len(text))) { // only read
		return nil, false
	}
	d := fastDecoder{src: text, selecting: true, keep: sel, scratch: s.s}
	m, ok = d.document()
	s.s = d.scratch.emptied()
	return m, ok
}

// IsPlain reports whether DecodePlainText answers for data, reading it as
// DecodePlainText does without making anything: true means one document of
// plain YAML that decodes without error and repeats no key in a mapping.
func IsPlain(data []byte) bool {
	_, ok := DecodeSelected(unsafe.String(unsafe.SliceData(data), len(data)), nil) // data is only read
	return ok
}

// decode is the direct path; ok is false when sigs.k8s.io/yaml must decide.
// The fast path answers for most documents; yaml.v2 decides the others.
func decode(data []byte) (m map[string]any, uniqueKeys, ok bool) {
	if m, ok := fastDecode(data); ok {
		return m, true, true // every key a string, none repeated, no merge key
	}
	return decodeV2(data)
}

// decodeV2 decodes with yaml.v2 and converts the result. yaml.v2's strict
// mode only adds the check for repeated keys.
func decodeV2(data []byte) (m map[string]any, uniqueKeys, ok bool) {
	var v any
	if yamlv2.UnmarshalStrict(data, &v) != nil {
		return nil, false, false
	}
	if v == nil {
		return nil, true, true
	}
	if _, isMap := v.(map[any]any); !isMap {
		return nil, false, false
	}
	c := converter{stringKeys: true}
	obj, ok := c.value(v)
	if !ok {
		return nil, false, false
	}
	return obj.(map[string]any), c.stringKeys && !strings.Contains(string(data), "<<"), true
}

// converter converts what yaml.v2 decodes to what encoding it as JSON and
// decoding it back gives.
type converter struct {
	stringKeys bool // every key met was a string
}

// value converts a decoded value; ok is false when the JSON round trip
// would fail or change it.
func (c *converter) value(v any) (any, bool) {
	switch v := v.(type) {
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			key, ok := c.key(k)
			if _, dup := m[key]; !ok || dup {
				return nil, false
			}
			if m[key], ok = c.value(e); !ok {
				return nil, false
			}
		}
		return m, true
	case []any:
		s := make([]any, len(v))
		for i, e := range v {
			var ok bool
			if s[i], ok = c.value(e); !ok {
				return nil, false
			}
		}
		return s, true
	case string:
		return v, utf8.ValidString(v)
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint64:
		return float64(v), true
	case float64:
		return v, !math.IsInf(v, 0) && !math.IsNaN(v)
	case bool, nil:
		return v, true
	}
	return nil, false
}

// key is the string sigs.k8s.io/yaml makes of a mapping key.
func (c *converter) key(k any) (string, bool) {
	if s, ok := k.(string); ok {
		return s, utf8.ValidString(s)
	}
	c.stringKeys = false
	switch k := k.(type) {
	case int:
		return strconv.Itoa(k), true
	case int64:
		return strconv.FormatInt(k, 10), true
	case float64:
		switch s := strconv.FormatFloat(k, 'g', -1, 32); s {
		case "+Inf":
			return ".inf", true
		case "-Inf":
			return "-.inf", true
		case "NaN":
			return ".nan", true
		default:
			return s, true
		}
	case bool:
		return strconv.FormatBool(k), true
	}
	return "", false
}
