package schema

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// bounds are the limits a custom resource schema sets on a value, which
// the API server checks before it accepts the object: a string's length in
// characters, a number's minimum and maximum, how many items an array and
// how many properties an object has, the number a number must be a
// multiple of. A count not limited is -1, a multipleOf not set 0.
type bounds struct {
	minLength, maxLength         int64
	minItems, maxItems           int64
	minProperties, maxProperties int64
	minimum, maximum             numberLimit
	multipleOf                   float64
}

// numberLimit is a minimum or a maximum, if set, and whether the value
// may not equal it.
type numberLimit struct {
	set, exclusive bool
	value          float64
}

// noBounds is a schema without limits: boundsOf allocates only others.
var noBounds = bounds{-1, -1, -1, -1, -1, -1, numberLimit{}, numberLimit{}, 0}

// boundsOf reads the limits of a schema object; nil when it sets none.
// exclusiveMinimum and exclusiveMaximum are OpenAPI 3.0's flags (a CRD's),
// or a JSON schema's own limits (draft 6 and later).
func boundsOf(s map[string]any) *bounds {
	b := bounds{minLength: count(s, "minLength"), maxLength: count(s, "maxLength"), minItems: count(s, "minItems"),
		maxItems: count(s, "maxItems"), minProperties: count(s, "minProperties"), maxProperties: count(s, "maxProperties"),
		minimum: limit(s, "minimum", "exclusiveMinimum"), maximum: limit(s, "maximum", "exclusiveMaximum"),
		multipleOf: positive(s, "multipleOf")}
	if b == noBounds {
		return nil
	}
	return &b
}

// count is the non-negative integer s sets at key, -1 for none.
func count(s map[string]any, key string) int64 {
	if n, ok := number(s[key]); ok && n >= 0 {
		return int64(n)
	}
	return -1
}

// positive is the number above 0 s sets at key, 0 for none: the API
// server refuses a definition whose multipleOf is not above 0.
func positive(s map[string]any, key string) float64 {
	if n, ok := number(s[key]); ok && n > 0 {
		return n
	}
	return 0
}

// limit is the limit s sets at key, exclusive when the boolean at
// exclusiveKey says so, or the number there, which is the limit itself.
func limit(s map[string]any, key, exclusiveKey string) numberLimit {
	if n, ok := number(s[exclusiveKey]); ok {
		return numberLimit{set: true, exclusive: true, value: n}
	}
	if n, ok := number(s[key]); ok {
		return numberLimit{set: true, exclusive: s[exclusiveKey] == true, value: n}
	}
	return numberLimit{}
}

// check reports what of val breaks b. The empty string of a required
// property under a minLength is left to the check of required properties
// (see sprop.requiredProblem).
func (b *bounds) check(w *walker, val any, required bool) {
	switch x := val.(type) {
	case string:
		n := int64(utf8.RuneCountInString(x))
		checkCount(w, val, n, b.minLength, b.maxLength, "characters", required && x == "")
	case []any:
		checkCount(w, val, int64(len(x)), b.minItems, b.maxItems, "items", false)
	case map[string]any:
		checkCount(w, val, int64(len(x)), b.minProperties, b.maxProperties, "properties", false)
	default:
		if n, ok := number(val); ok {
			b.checkNumber(w, val, n)
		}
	}
}

// checkCount reports n (characters, items or properties of val) below
// least or above most, each -1 when not limited; skipLeast leaves the
// minimum alone.
func checkCount(w *walker, val any, n, least, most int64, what string, skipLeast bool) {
	switch {
	case least >= 0 && n < least && !skipLeast:
		w.report(InvalidValue, "", "invalid value %s: %d %s, fewer than the %d its schema asks for", describeCounted(val), n, what, least)
	case most >= 0 && n > most:
		w.report(InvalidValue, "", "invalid value %s: %d %s, more than the %d its schema allows", describeCounted(val), n, what, most)
	}
}

// checkNumber reports n (the number val) outside the minimum and maximum,
// or not a multiple of multipleOf.
func (b *bounds) checkNumber(w *walker, val any, n float64) {
	switch lo, hi := b.minimum, b.maximum; {
	case lo.set && (n < lo.value || lo.exclusive && n == lo.value):
		w.report(InvalidValue, "", "invalid value %s: must be %s %s", describeValue(val), lo.comparison(">"), describeValue(lo.value))
	case hi.set && (n > hi.value || hi.exclusive && n == hi.value):
		w.report(InvalidValue, "", "invalid value %s: must be %s %s", describeValue(val), hi.comparison("<"), describeValue(hi.value))
	}
	if b.multipleOf > 0 && notMultiple(n, b.multipleOf) {
		w.report(InvalidValue, "", "invalid value %s: must be a multiple of %s", describeValue(val), describeValue(b.multipleOf))
	}
}

// maxExactInteger is the largest integer that a float64 and every integer
// below it hold exactly (2^53-1), the largest the API server's multipleOf
// check of a fraction takes as an integer.
const maxExactInteger = 1<<53 - 1

// notMultiple reports whether the API server (kube-openapi's validator)
// rejects n for not being a multiple of factor. A whole n reaches it as an
// int64 (Helm sends 3.0 as 3), which it divides by the factor converted to
// an int64: checked only for a whole factor, as a fraction is truncated
// there (by 0.5 every integer is rejected, by 2.5 each even one passes).
// A fraction n is divided by the factor, or multiplied by its inverse when
// it is below 1, and must give an integer to within a relative 1e-9
// (rounding errors: 0.3 is a multiple of 0.1). Numbers too large for
// either to be exact are left alone.
func notMultiple(n, factor float64) bool {
	if math.Abs(n) > maxExactInteger || factor > maxExactInteger {
		return false
	}
	if n == math.Trunc(n) {
		return factor == math.Trunc(factor) && math.Mod(n, factor) != 0
	}
	q := n / factor
	if factor < 1 {
		q = 1 / factor * n
	}
	return !nearInteger(q)
}

// nearInteger reports whether q is an integer to within a relative 2e-9:
// kube-openapi's bound is 1e-9 of the integer (go-openapi/swag's
// IsFloat64AJSONInteger), older versions' 1e-9 of twice it; the looser is
// taken, so that no version accepts what is reported. A q too large to
// tell is taken as one.
func nearInteger(q float64) bool {
	if math.Abs(q) > maxExactInteger {
		return true
	}
	rounded := math.Round(q)
	return q == rounded || rounded != 0 && math.Abs(q-rounded) < 2e-9*math.Abs(rounded)
}

// comparison is what l asks of a value: op, or op= when l is inclusive.
func (l numberLimit) comparison(op string) string {
	if l.exclusive {
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

// limits describes n's format, pattern and limits, for hover: nil
// without any.
func (n *snode) limits() []string {
	var out []string
	if n.format != nil {
		out = append(out, "format `"+n.format.name+"`")
	}
	if n.pattern != nil {
		out = append(out, "matching `"+n.pattern.text+"`")
	}
	if b := n.bounds; b != nil {
		out = appendCounts(out, b.minLength, b.maxLength, "character")
		out = appendCounts(out, b.minItems, b.maxItems, "item")
		out = appendCounts(out, b.minProperties, b.maxProperties, "property")
		for _, l := range []struct {
			limit numberLimit
			op    string
		}{{b.minimum, ">"}, {b.maximum, "<"}} {
			if l.limit.set {
				out = append(out, l.limit.comparison(l.op)+" "+describeValue(l.limit.value))
			}
		}
		if b.multipleOf > 0 {
			out = append(out, "a multiple of "+describeValue(b.multipleOf))
		}
	}
	return out
}

// appendCounts describes a least and a most count of what (-1: none).
func appendCounts(out []string, least, most int64, what string) []string {
	if least >= 0 {
		out = append(out, "at least "+counted(least, what))
	}
	if most >= 0 {
		out = append(out, "at most "+counted(most, what))
	}
	return out
}

// counted is n of what, plural unless n is 1 ("property": "properties").
func counted(n int64, what string) string {
	switch {
	case n == 1:
	case what == "property":
		what = "properties"
	default:
		what += "s"
	}
	return strconv.FormatInt(n, 10) + " " + what
}
