package yamlmap

import (
	"strconv"
	"strings"
)

// plainScalar resolves a plain scalar as yaml.v2 does (YAML 1.1) and gives
// what the JSON round trip makes of the result: nil, a bool, a float64 or
// the text itself. ok is false for the infinities and NaN, which the round
// trip refuses.
//
// yaml.v2 also reads timestamps, but gives their text when decoding into an
// interface; a timestamp starts with four digits and a '-', so it is never
// a number either, and is left as text here.
func plainScalar(s string) (any, bool) {
	switch c := s[0]; {
	case c == '+' || c == '-' || '0' <= c && c <= '9':
		return number(s)
	case c == '.':
		return dotted(s)
	case c == '~' || strings.IndexByte("yYnNtTfFoO", c) >= 0:
		return word(s), true
	}
	return s, true
}

// ResolvesToString reports whether yaml.v2 resolves the plain scalar s to
// a string (a timestamp included: decoded into an interface, it stays
// text), rather than to null, a bool, a number, an infinity or NaN.
func ResolvesToString(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c == '+' || c == '-' || c == '.' || c == '~' || '0' <= c && c <= '9' || strings.IndexByte("yYnNtTfFoO", c) >= 0 {
		v, ok := plainScalar(s)
		_, isString := v.(string)
		return ok && isString
	}
	return true
}

// word resolves a scalar starting like one of YAML 1.1's words for
// booleans and null.
func word(s string) any {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		return true
	case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		return false
	case "~", "null", "Null", "NULL":
		return nil
	}
	return s
}

// dotted resolves a scalar starting with a '.': NaN or infinity (refused),
// a float, or text.
func dotted(s string) (any, bool) {
	if nonFinite(s) {
		return nil, false
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f, true
	}
	return s, true
}

// nonFinite reports whether s is one of YAML 1.1's spellings of infinity or
// NaN.
func nonFinite(s string) bool {
	switch s {
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
		return true
	}
	return false
}

// number resolves a scalar starting with a sign or a digit as yaml.v2 does,
// underscores ignored: an int (decimal, 0x, 0o, 0b, or leading-0 octal), an
// uint64 beyond int64, a float, or else text.
func number(s string) (any, bool) {
	if nonFinite(s) {
		return nil, false
	}
	plain := s
	if strings.IndexByte(s, '_') >= 0 {
		plain = strings.ReplaceAll(s, "_", "")
	}
	if mayBeInt(plain) {
		if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return float64(i), true
		}
		if u, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return float64(u), true
		}
	}
	if yamlFloat(plain) {
		if f, err := strconv.ParseFloat(plain, 64); err == nil {
			return f, true
		}
	}
	if digits, ok := strings.CutPrefix(plain, "0b"); ok {
		if i, err := strconv.ParseInt(digits, 2, 64); err == nil {
			return float64(i), true
		}
		if u, err := strconv.ParseUint(digits, 2, 64); err == nil {
			return float64(u), true
		}
	} else if digits, ok := strings.CutPrefix(plain, "-0b"); ok {
		if i, err := strconv.ParseInt("-"+digits, 2, 64); err == nil {
			return float64(i), true
		}
	}
	return s, true
}

// mayBeInt is a quick test that s might parse as an integer in any base
// strconv reads: an optional sign, a digit, then digits, hex letters and
// base prefixes only. It spares strconv's error values on words like
// "512Mi" or "1.2.3".
func mayBeInt(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if hexDigit(s[i]) < 0 && strings.IndexByte("xXoO", s[i]) < 0 {
			return false
		}
	}
	return true
}

// yamlFloat reports whether s has the shape yaml.v2 accepts for floats:
// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
func yamlFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if i < len(s) && s[i] == '.' {
		if i = digitsFrom(s, i+1); i < 0 {
			return false
		}
	} else {
		if i = digitsFrom(s, i); i < 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			for i < len(s) && '0' <= s[i] && s[i] <= '9' {
				i++
			}
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i = digitsFrom(s, i); i < 0 {
			return false
		}
	}
	return i == len(s)
}

// digitsFrom returns the offset after the digits starting at i, or -1 when
// there are none.
func digitsFrom(s string, i int) int {
	j := i
	for j < len(s) && '0' <= s[j] && s[j] <= '9' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}
