package schema

import (
	"fmt"
	"unicode/utf8"
)

// bounds are the limits a custom resource schema sets on a value, which
// the API server checks before it accepts the object: a string's length in
// characters, a number's minimum and maximum, how many items an array and
// how many properties an object has. A count not limited is -1.
type bounds struct {
	minLength, maxLength               int64
	minItems, maxItems                 int64
	minProperties, maxProperties       int64
	minimum, maximum                   *float64
	exclusiveMinimum, exclusiveMaximum bool
}

// boundsOf reads the limits of a schema object; nil when it sets none.
// exclusiveMinimum and exclusiveMaximum are OpenAPI 3.0's flags (a CRD's),
// or a JSON schema's own limits (draft 6 and later).
func boundsOf(s map[string]any) *bounds {
	b := &bounds{minLength: count(s, "minLength"), maxLength: count(s, "maxLength"), minItems: count(s, "minItems"),
		maxItems: count(s, "maxItems"), minProperties: count(s, "minProperties"), maxProperties: count(s, "maxProperties")}
	b.minimum, b.exclusiveMinimum = limit(s, "minimum", "exclusiveMinimum")
	b.maximum, b.exclusiveMaximum = limit(s, "maximum", "exclusiveMaximum")
	if *b == (bounds{-1, -1, -1, -1, -1, -1, nil, nil, false, false}) {
		return nil
	}
	return b
}

// count is the non-negative integer s sets at key, -1 for none.
func count(s map[string]any, key string) int64 {
	if n, ok := number(s[key]); ok && n >= 0 {
		return int64(n)
	}
	return -1
}

// limit is the limit s sets at key and whether it is exclusive: the
// boolean at exclusiveKey, or a number there, which is the limit itself.
func limit(s map[string]any, key, exclusiveKey string) (*float64, bool) {
	if n, ok := number(s[exclusiveKey]); ok {
		return &n, true
	}
	if n, ok := number(s[key]); ok {
		return &n, s[exclusiveKey] == true
	}
	return nil, false
}

// check reports what of val breaks b. The empty string of a required
// property under a minLength is left to the check of required properties
// (see sprop.requiredProblem).
func (b *bounds) check(w *walker, val any, required bool) {
	switch x := val.(type) {
	case string:
		n := int64(utf8.RuneCountInString(x))
		b.checkCount(w, val, n, b.minLength, b.maxLength, "characters", required && x == "")
	case []any:
		b.checkCount(w, val, int64(len(x)), b.minItems, b.maxItems, "items", false)
	case map[string]any:
		b.checkCount(w, val, int64(len(x)), b.minProperties, b.maxProperties, "properties", false)
	default:
		if n, ok := number(val); ok {
			b.checkNumber(w, val, n)
		}
	}
}

// checkCount reports n (characters, items or properties of val) below
// least or above most, each -1 when not limited; skipLeast leaves the
// minimum alone.
func (b *bounds) checkCount(w *walker, val any, n, least, most int64, what string, skipLeast bool) {
	switch {
	case least >= 0 && n < least && !skipLeast:
		w.report(InvalidValue, "", "invalid value %s: %d %s, fewer than the %d its schema asks for", describeCounted(val), n, what, least)
	case most >= 0 && n > most:
		w.report(InvalidValue, "", "invalid value %s: %d %s, more than the %d its schema allows", describeCounted(val), n, what, most)
	}
}

// checkNumber reports n (the number val) outside the minimum and maximum.
func (b *bounds) checkNumber(w *walker, val any, n float64) {
	switch {
	case b.minimum != nil && (n < *b.minimum || b.exclusiveMinimum && n == *b.minimum):
		w.report(InvalidValue, "", "invalid value %s: must be %s %s", describeValue(val), bound(">", b.exclusiveMinimum), describeValue(*b.minimum))
	case b.maximum != nil && (n > *b.maximum || b.exclusiveMaximum && n == *b.maximum):
		w.report(InvalidValue, "", "invalid value %s: must be %s %s", describeValue(val), bound("<", b.exclusiveMaximum), describeValue(*b.maximum))
	}
}

// bound is the comparison a limit asks for: op, or op= when inclusive.
func bound(op string, exclusive bool) string {
	if exclusive {
		return op
	}
	return op + "="
}

// describeCounted describes a string by its value, a list or an object by
// its type.
func describeCounted(val any) string {
	if s, ok := val.(string); ok {
		return describeValue(s)
	}
	return fmt.Sprintf("(%s)", describe(val))
}
