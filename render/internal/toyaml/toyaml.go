// Package toyaml writes values as Helm's toYaml does, byte for byte, most
// of them without Helm's trip through JSON.
package toyaml

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chartwright/chartwright/render/internal/chartutil"
	"github.com/chartwright/chartwright/render/internal/common"
	yamlv2 "go.yaml.in/yaml/v2"
	"sigs.k8s.io/yaml"
)

// Encode is Helm's toYaml: sigs.k8s.io/yaml.Marshal, trailing newline
// dropped, "" on error. That Marshal encodes the value as JSON, decodes the
// JSON with yaml.v2 and encodes the result with yaml.v2. For what templates
// mostly hand it (values: maps, lists, strings, numbers, booleans) the trip
// through JSON only turns integral numbers into integers and nil maps and
// lists into nulls: emitYAML writes most such values directly, as yaml.v2
// would; the rest jsonShape shapes for yaml.v2; other values take the
// trip.
func Encode(v any) string {
	if s, ok := emitYAML(v); ok {
		return strings.TrimSuffix(s, "\n")
	}
	if shaped, _, ok := jsonShape(v); ok {
		return marshalYAML(yamlv2.Marshal, shaped)
	}
	return marshalYAML(yaml.Marshal, v)
}

// marshalYAML is marshal(v) as a string without its final newline, or ""
// on error.
func marshalYAML(marshal func(any) ([]byte, error), v any) string {
	b, err := marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(b), "\n")
}

// jsonShape returns v as yaml.v2 decodes json.Marshal(v), and whether that
// differs from v (then it is a new value; v is never modified). ok is false
// for values it does not vouch for.
func jsonShape(v any) (shaped any, changed, ok bool) { return shapeAt(v, 0) }

// maxDepth is the nesting past which neither jsonShape nor emitYAML
// vouches for a value: deeper ones take Helm's own path, whose JSON stage
// fails on a value that holds itself (toYaml then gives "", as Helm's).
const maxDepth = 1000

// shapeAt is jsonShape of a value nested depth deep.
func shapeAt(v any, depth int) (shaped any, changed, ok bool) {
	if depth > maxDepth {
		return nil, false, false
	}
	switch v := v.(type) {
	case nil, bool, int, int64:
		return v, false, true
	case string:
		return v, false, jsonSafeString(v)
	case float64:
		return jsonShapeFloat(v)
	case []string:
		return jsonShapeStrings(v)
	case []any:
		return jsonShapeList(v, depth+1)
	case map[string]any:
		return jsonShapeMap(v, depth+1)
	case common.Values:
		return jsonShapeMap(v, depth+1)
	case chartutil.Values:
		return jsonShapeMap(v, depth+1)
	}
	return nil, false, false
}

// jsonShapeFloat returns f as it comes back from JSON (see jsonNumber).
func jsonShapeFloat(f float64) (any, bool, bool) {
	n, isInt, ok := jsonNumber(f)
	switch {
	case !ok:
		return nil, false, false
	case isInt:
		return int(n), true, true
	}
	return f, false, true
}

// jsonNumber says what yaml.v2 reads from json.Marshal(f): the integer n
// (isInt), f itself (!isInt), or nothing it vouches for (!ok).
// json.Marshal prints an integral float64 below 1e21 as the digits of the
// shortest decimal that reads back as f (beyond 2^53 that need not be
// f's exact value: 2^62 prints as 4611686018427388000), which yaml.v2
// reads back as an int when it fits; other finite floats read back as the
// same float64. NaN and infinities make json.Marshal fail.
func jsonNumber(f float64) (n int64, isInt, ok bool) {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return 0, false, false
	case f != math.Trunc(f) || math.Abs(f) >= 1e21:
		return 0, false, true
	case math.Abs(f) <= 1<<53:
		return int64(f), true, true
	case math.Abs(f) < 1<<63:
		n, err := strconv.ParseInt(strconv.FormatFloat(f, 'f', -1, 64), 10, 64)
		return n, true, err == nil
	}
	return 0, false, false // read back as a uint64 or a float (even -2^63): rare
}

func jsonShapeStrings(l []string) (any, bool, bool) {
	if l == nil {
		return nil, true, true
	}
	for _, s := range l {
		if !jsonSafeString(s) {
			return nil, false, false
		}
	}
	return l, false, true
}

func jsonShapeList(l []any, depth int) (any, bool, bool) {
	if l == nil {
		return nil, true, true
	}
	var out []any // a copy, made at the first change
	for i, e := range l {
		shaped, changed, ok := shapeAt(e, depth)
		if !ok {
			return nil, false, false
		}
		if changed && out == nil {
			out = append(make([]any, 0, len(l)), l[:i]...)
		}
		if out != nil {
			out = append(out, shaped)
		}
	}
	if out == nil {
		return l, false, true
	}
	return out, true, true
}

// maxShapedKey bounds the keys jsonShapeMap vouches for. yaml.v2 fails
// to read a JSON key of more than 1024 characters with its quotes (YAML's
// limit on implicit keys), so Helm's toYaml gives "" for such a map;
// json.Marshal writes at most 6 characters per byte of a key.
const maxShapedKey = (1024 - 2) / 6

func jsonShapeMap(m map[string]any, depth int) (any, bool, bool) {
	if m == nil {
		return nil, true, true
	}
	var changes map[string]any
	for k, e := range m {
		if len(k) > maxShapedKey || !jsonSafeString(k) {
			return nil, false, false
		}
		shaped, changed, ok := shapeAt(e, depth)
		if !ok {
			return nil, false, false
		}
		if changed {
			if changes == nil {
				changes = map[string]any{}
			}
			changes[k] = shaped
		}
	}
	if changes == nil {
		return m, false, true
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		out[k] = e
	}
	for k, e := range changes {
		out[k] = e
	}
	return out, true, true
}

// jsonSafeString reports whether s comes back from the trip unchanged and
// without error: json.Marshal replaces invalid UTF-8 and writes other
// characters than controls, quotes, backslashes, <, >, & and U+2028/9 as
// they are, and yaml.v2 refuses those that YAML does not allow raw.
func jsonSafeString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == 0x7f {
			return false
		} else if c >= 0x80 {
			return utf8.ValidString(s[i:]) && printableForYAML(s[i:])
		}
	}
	return true
}

// printableForYAML rejects DEL and the non-ASCII characters yaml.v2's
// reader refuses raw: C1 controls, the BOM, non-characters.
func printableForYAML(s string) bool {
	for _, r := range s {
		switch {
		case r == 0x7f, r >= 0x80 && r <= 0x9f, r == 0xFEFF, r == 0xFFFE, r == 0xFFFF:
			return false
		}
	}
	return true
}
