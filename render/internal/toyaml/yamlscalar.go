package toyaml

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chartwright/chartwright/internal/yamlmap"
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
// string (so it may write it plain): yamlmap's resolver, except that the
// encoder quotes timestamps, which decoding leaves as text. sure is false
// for strings yaml.v2 also tests against sexagesimal notation, which are
// left to it.
func readsAsString(s string) (str, sure bool) {
	if s != "" && (s[0] == '+' || s[0] == '-' || '0' <= s[0] && s[0] <= '9') {
		if isTimestamp(s) {
			return false, true
		}
		if strings.IndexByte(s, ':') >= 0 && yamlmap.ResolvesToString(s) {
			return true, false // maybe sexagesimal
		}
	}
	return yamlmap.ResolvesToString(s), true
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
