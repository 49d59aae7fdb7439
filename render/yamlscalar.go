package render

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// scalarStyle is how yaml.v2 writes a string.
type scalarStyle uint8

const (
	styleUnsupported scalarStyle = iota // left to yaml.v2
	stylePlain
	styleSingleQuoted
	styleDoubleQuoted
	styleLiteral // "|" block
)

// stringStyle returns the style yaml.v2 writes s in, as a map key or as a
// value, or styleUnsupported when this emitter leaves s to yaml.v2: it
// writes only strings of printable characters and line feeds, never
// escapes, and writes line feeds only in literal blocks.
//
// yaml.v2's choice: a string with a line feed is a literal block if the
// block can hold it, a string that written plain would read back as
// something else (null, a bool, a number, a timestamp) is double-quoted,
// one whose characters forbid the plain style is single-quoted, the rest
// plain.
func stringStyle(s string, key bool) scalarStyle {
	newline, escaped, ok := scanChars(s)
	switch {
	case !ok:
		return styleUnsupported
	case newline:
		if key || !literalAllowed(s) {
			return styleUnsupported
		}
		return styleLiteral
	}
	switch str, sure := readsAsString(s); {
	case !sure:
		return styleUnsupported
	case !str && escaped:
		return styleUnsupported
	case !str:
		return styleDoubleQuoted
	}
	if plainAllowed(s) {
		return stylePlain
	}
	return styleSingleQuoted
}

// scanChars reports whether s has a line feed and whether it has a
// character double quotes would escape. ok is false when s has a
// character yaml.v2 escapes or treats as a line break (controls other
// than line feed, tab, CR, DEL, C1 controls, NEL, U+2028/9, the BOM,
// non-characters, anything beyond U+FFFF) or is not UTF-8.
func scanChars(s string) (newline, escaped, ok bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				newline = true
			case c < ' ' || c == 0x7f:
				return false, false, false
			case c == '"' || c == '\\':
				escaped = true
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if w == 1 || !printableRune(r) {
			return false, false, false
		}
		i += w
	}
	return newline, escaped, true
}

// printableRune reports whether yaml.v2 writes the non-ASCII rune r as it
// is inside any scalar style.
func printableRune(r rune) bool {
	switch {
	case r == 0xFEFF, r == 0x2028, r == 0x2029:
		return false
	}
	return r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD
}

// literalAllowed reports whether yaml.v2 keeps a multi-line string in a
// literal block: not when a line ends in a space.
func literalAllowed(s string) bool {
	return s[len(s)-1] != ' ' && !strings.Contains(s, " \n")
}

// plainAllowed reports whether yaml.v2's emitter lets the non-empty,
// single-line s stand plain in block context: no leading or trailing
// space, no document marker or indicator character at the start, no ": "
// or " #" inside.
func plainAllowed(s string) bool {
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		return false
	}
	switch s[0] {
	case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '?', ':', '-':
		if blankOrEnd(s, 1) {
			return false
		}
	}
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == ':' && blankOrEnd(s, i+1):
			return false
		case s[i] == '#' && s[i-1] == ' ':
			return false
		}
	}
	return true
}

func blankOrEnd(s string, i int) bool {
	return i >= len(s) || s[i] == ' ' || s[i] == '\t'
}

// readsAsString reports whether yaml.v2 resolves s, written plain, as a
// string (so it may write it plain), following its resolver: the first
// character decides whether s may be a special word, a float, or a number
// or timestamp. sure is false for strings yaml.v2 also tests against
// sexagesimal notation, which are left to it.
func readsAsString(s string) (str, sure bool) {
	if s == "" {
		return false, true // null
	}
	switch c := s[0]; {
	case c == '.':
		return !specialWord(s) && !parsesAsFloat(s), true
	case c == '+' || c == '-' || '0' <= c && c <= '9':
		return readsAsNumberOrTime(s)
	case strings.IndexByte("yYnNtTfFoO~", c) >= 0:
		return !specialWord(s), true
	}
	return true, true
}

// specialWord reports whether s is one of the words yaml.v2 resolves to a
// bool, null, infinity or NaN.
func specialWord(s string) bool {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
		"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
		"~", "null", "Null", "NULL",
		".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
		"+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return true
	}
	return false
}

// readsAsNumberOrTime is readsAsString for s starting with a sign or a
// digit: yaml.v2 tries a timestamp, then (underscores dropped) an int, a
// uint, a float and binary notation.
func readsAsNumberOrTime(s string) (str, sure bool) {
	if specialWord(s) || isTimestamp(s) {
		return false, true
	}
	if strings.IndexByte(s, ':') >= 0 {
		return true, false // maybe sexagesimal
	}
	plain := strings.ReplaceAll(s, "_", "")
	switch {
	case mayBeInt(plain) && (parsesAsInt(plain, 0) || parsesAsUint(plain, 0)):
		return false, true
	case parsesAsFloat(plain):
		return false, true
	case strings.HasPrefix(plain, "0b"):
		return !parsesAsInt(plain[2:], 2) && !parsesAsUint(plain[2:], 2), true
	case strings.HasPrefix(plain, "-0b"):
		return !parsesAsInt("-"+plain[3:], 2), true
	}
	return true, true
}

// timestampFormats are the layouts yaml.v2 tries on plain scalars that
// start with four digits and a dash.
var timestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

func isTimestamp(s string) bool {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, layout := range timestampFormats {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
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
		if !isHexDigit(s[i]) && strings.IndexByte("xXoO", s[i]) < 0 {
			return false
		}
	}
	return true
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func parsesAsInt(s string, base int) bool {
	_, err := strconv.ParseInt(s, base, 64)
	return err == nil
}

func parsesAsUint(s string, base int) bool {
	_, err := strconv.ParseUint(s, base, 64)
	return err == nil
}

// parsesAsFloat reports whether s matches yaml.v2's float syntax,
// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, and strconv reads
// it without error. For s starting with a dot the syntax admits all that
// strconv reads.
func parsesAsFloat(s string) bool {
	if !floatSyntax(s) {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

func floatSyntax(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	intDigits := digitPrefix(s)
	s = s[intDigits:]
	fracDigits := 0
	if s != "" && s[0] == '.' {
		fracDigits = digitPrefix(s[1:])
		if intDigits == 0 && fracDigits == 0 {
			return false
		}
		s = s[1+fracDigits:]
	} else if intDigits == 0 {
		return false
	}
	if s != "" && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s != "" && (s[0] == '+' || s[0] == '-') {
			s = s[1:]
		}
		exp := digitPrefix(s)
		if exp == 0 {
			return false
		}
		s = s[exp:]
	}
	return s == ""
}

// digitPrefix returns how many ASCII digits start s.
func digitPrefix(s string) int {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}
