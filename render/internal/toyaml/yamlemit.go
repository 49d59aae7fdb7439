package toyaml

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/chartwright/chartwright/render/internal/chartutil"
	"github.com/chartwright/chartwright/render/internal/common"
)

// This file writes what Helm's toYaml writes (yaml.v2's Marshal of the
// value after a trip through JSON, see Encode) for the values toYaml
// mostly receives, without copying the value into its JSON shape and
// without yaml.v2's per-call encoder and emitter (buffers, event queue,
// state stacks). It is not a YAML encoder: whatever it is not sure to
// write byte for byte as yaml.v2 does it refuses, and the caller takes
// the slow path.
//
// yaml.v2's layout, as this emitter reproduces it: map keys in keyLess
// order, each at its map's indentation followed by ":"; a nested map is
// indented two more, a list under a key is not indented (its dashes sit
// at the key's column); after "- " a nested map or list starts on the
// same line; empty maps and lists are "{}" and "[]"; a multi-line string
// is a literal block indented two more than its key or dash.

// maxSimpleKey is the longest key yaml.v2 writes as "key: value"; longer
// keys get the "? key" form, which this emitter refuses. It is below
// maxShapedKey: Helm's JSON trip reads such keys back.
const maxSimpleKey = 128

// maxLineWidth is the column beyond which yaml.v2 folds a long scalar at a
// space. Scalars with a space that could reach it are refused.
const maxLineWidth = 80

// yamlEmitter accumulates the document.
type yamlEmitter struct {
	out       []byte
	lineStart int // offset in out where the current line starts
}

// emitYAML returns what yamlv2.Marshal returns for v in its JSON shape
// (see jsonShape), and false when it is not sure of that.
func emitYAML(v any) (string, bool) {
	buf := emitBuffers.Get().(*[]byte)
	e := yamlEmitter{out: (*buf)[:0]}
	ok := e.node(v, atRoot, 0)
	var s string
	if ok {
		if e.column() > 0 {
			e.newline()
		}
		s = string(e.out)
	}
	if cap(e.out) <= maxPooledBuffer {
		*buf = e.out
		emitBuffers.Put(buf)
	}
	return s, ok
}

// emitBuffers holds the buffers emitYAML writes in, so that a call
// allocates little more than its result. Buffers that grew beyond
// maxPooledBuffer are dropped.
var emitBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

const maxPooledBuffer = 64 << 10

// position says what precedes a node: nothing (the document root), a key
// and its colon, or a list item's dash.
type position uint8

const (
	atRoot position = iota
	afterKey
	afterDash
)

// node writes v, whose key or dash sits at column indent. Nil maps and
// lists are nulls, as JSON has them.
func (e *yamlEmitter) node(v any, pos position, indent int) bool {
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			break
		}
		return e.mapping(v, pos, indent)
	case common.Values:
		if v == nil {
			break
		}
		return e.mapping(v, pos, indent)
	case chartutil.Values:
		if v == nil {
			break
		}
		return e.mapping(v, pos, indent)
	case []any:
		if v == nil {
			break
		}
		return e.sequence(len(v), pos, indent, func(i, indent int) bool { return e.node(v[i], afterDash, indent) })
	case []string:
		if v == nil {
			break
		}
		return e.sequence(len(v), pos, indent, func(i, indent int) bool { return e.str(v[i], afterDash, indent) })
	case string:
		return e.str(v, pos, indent)
	case nil:
	case bool:
		e.plain(strconv.FormatBool(v), pos)
		return true
	case int:
		e.separate(pos)
		e.out = strconv.AppendInt(e.out, int64(v), 10)
		return true
	case int64:
		e.separate(pos)
		e.out = strconv.AppendInt(e.out, v, 10)
		return true
	case float64:
		return e.float(v, pos)
	default:
		return false
	}
	e.plain("null", pos)
	return true
}

// float writes f as it comes back from JSON (see jsonNumber): maybe as
// an int, else as yaml.v2 formats floats (shortest 'g' form).
func (e *yamlEmitter) float(f float64, pos position) bool {
	n, isInt, ok := jsonNumber(f)
	if !ok {
		return false
	}
	e.separate(pos)
	if isInt {
		e.out = strconv.AppendInt(e.out, n, 10)
	} else {
		e.out = strconv.AppendFloat(e.out, f, 'g', -1, 64)
	}
	return true
}

// mapping writes m as a block mapping, or "{}" when it is empty.
func (e *yamlEmitter) mapping(m map[string]any, pos position, indent int) bool {
	if indent > 2*maxDepth { // a map nested that deep, or one that holds itself
		return false
	}
	if len(m) == 0 {
		e.plain("{}", pos)
		return true
	}
	var small [16]string
	keys := small[:0]
	for k := range m {
		if !keyWritable(k) {
			return false
		}
		keys = append(keys, k)
	}
	if !sortKeys(keys) {
		return false
	}
	if pos != atRoot {
		indent += 2
	}
	for i, k := range keys {
		if i == 0 && pos == afterDash {
			e.writeByte(' ')
		} else {
			e.startLine(indent)
		}
		e.key(k)
		e.writeByte(':')
		if !e.node(m[k], afterKey, indent) {
			return false
		}
	}
	return true
}

// sequence writes a block sequence of n items, or "[]" when there are
// none; item writes item i after its dash at column indent. Under a key
// the dashes stay at the key's column.
func (e *yamlEmitter) sequence(n int, pos position, indent int, item func(i, indent int) bool) bool {
	if n == 0 {
		e.plain("[]", pos)
		return true
	}
	if pos == afterDash {
		indent += 2
	}
	for i := range n {
		if i == 0 && pos == afterDash {
			e.writeByte(' ')
		} else {
			e.startLine(indent)
		}
		e.writeByte('-')
		if !item(i, indent) {
			return false
		}
	}
	return true
}

// keyWritable reports whether k can be written as a simple key ("k:")
// in a style this emitter writes.
func keyWritable(k string) bool {
	return len(k) <= maxSimpleKey && stringStyle(k, true) != styleUnsupported
}

// key writes a map key keyWritable accepts. Keys are never folded.
func (e *yamlEmitter) key(k string) {
	e.scalar(k, stringStyle(k, true))
}

// str writes the string value s in the style yaml.v2 chooses.
func (e *yamlEmitter) str(s string, pos position, indent int) bool {
	style := stringStyle(s, false)
	switch style {
	case styleUnsupported:
		return false
	case styleLiteral:
		e.literal(s, pos, indent)
		return true
	}
	if strings.IndexByte(s, ' ') >= 0 && e.column()+1+scalarWidth(s, style) > maxLineWidth {
		return false // yaml.v2 might fold it at a space
	}
	e.separate(pos)
	e.scalar(s, style)
	return true
}

// scalar writes s plain, single-quoted (apostrophes doubled) or
// double-quoted (s needs no escapes).
func (e *yamlEmitter) scalar(s string, style scalarStyle) {
	switch style {
	case stylePlain:
		e.writeString(s)
	case styleSingleQuoted:
		e.writeByte('\'')
		for {
			before, after, found := strings.Cut(s, "'")
			e.writeString(before)
			if !found {
				break
			}
			e.writeString("''")
			s = after
		}
		e.writeByte('\'')
	case styleDoubleQuoted:
		e.writeByte('"')
		e.writeString(s)
		e.writeByte('"')
	}
}

// scalarWidth is the length in bytes of s written in the one-line style.
func scalarWidth(s string, style scalarStyle) int {
	switch style {
	case styleSingleQuoted:
		return len(s) + 2 + strings.Count(s, "'")
	case styleDoubleQuoted:
		return len(s) + 2
	}
	return len(s)
}

// literal writes s, which has line breaks, as a literal block scalar
// ("|"): an indentation hint when s starts with a space or a break, a
// chomping hint ("-" without a final break, "+" with more than one), then
// the lines indented two more than the key or dash, empty lines empty.
func (e *yamlEmitter) literal(s string, pos position, indent int) {
	e.separate(pos)
	e.writeByte('|')
	if s[0] == ' ' || s[0] == '\n' {
		e.writeByte('2')
	}
	switch {
	case s[len(s)-1] != '\n':
		e.writeByte('-')
	case len(s) == 1 || s[len(s)-2] == '\n':
		e.writeByte('+')
	}
	e.newline()
	for s != "" {
		line, rest, broken := strings.Cut(s, "\n")
		if line != "" {
			e.pad(indent + 2)
			e.writeString(line)
		}
		if broken {
			e.newline()
		}
		s = rest
	}
}

// plain writes a scalar that needs no quoting after what precedes it.
func (e *yamlEmitter) plain(s string, pos position) {
	e.separate(pos)
	e.writeString(s)
}

// separate writes the space between a key's colon or a dash and a scalar.
func (e *yamlEmitter) separate(pos position) {
	if pos != atRoot {
		e.writeByte(' ')
	}
}

// startLine ends the current line, unless nothing is written on it yet,
// and indents the next.
func (e *yamlEmitter) startLine(indent int) {
	if e.column() > 0 {
		e.newline()
	}
	e.pad(indent)
}

func (e *yamlEmitter) writeByte(c byte) {
	e.out = append(e.out, c)
}

func (e *yamlEmitter) writeString(s string) {
	e.out = append(e.out, s...)
}

func (e *yamlEmitter) newline() {
	e.writeByte('\n')
	e.lineStart = len(e.out)
}

func (e *yamlEmitter) pad(indent int) {
	for range indent {
		e.writeByte(' ')
	}
}

// column is the current line's length in bytes, never less than the
// column in characters yaml.v2 tracks.
func (e *yamlEmitter) column() int {
	return len(e.out) - e.lineStart
}

// sortKeys sorts keys in yaml.v2's order, keyLess, and reports whether
// that order is certain. keyLess is not transitive on all sets of keys
// with digits ({"a2", "a10", "a1a"} make a cycle): yaml.v2's order then
// depends on the order in which Go iterates the map. It is transitive
// where it compares whole runs of ASCII digits, so sortKeys refuses keys
// that first differ just after a digit ("v1beta1" and "v1alpha1"), runs
// of more than 18 digits (their numbers could overflow) and non-ASCII
// digits.
func sortKeys(keys []string) bool {
	switch digits := keyDigits(keys); {
	case digits == noDigits:
	case digits == oddDigits || !differAfterNonDigit(keys):
		return false
	}
	slices.SortFunc(keys, compareKeys)
	return true
}

// digitKind says what digits a set of keys holds.
type digitKind uint8

const (
	noDigits    digitKind = iota
	asciiDigits           // runs of at most 18 ASCII digits
	oddDigits             // longer runs, or non-ASCII digits
)

func keyDigits(keys []string) digitKind {
	kind := noDigits
	for _, k := range keys {
		run := 0
		for _, r := range k {
			switch {
			case '0' <= r && r <= '9':
				run++
				if run > 18 {
					return oddDigits
				}
				kind = asciiDigits
			case r >= utf8.RuneSelf && unicode.IsDigit(r):
				return oddDigits
			default:
				run = 0
			}
		}
	}
	return kind
}

// differAfterNonDigit reports whether no two keys first differ at a
// character that follows a digit. It sorts keys bytewise: two keys that
// differ after a common prefix are separated, in that order, by a pair of
// neighbours that differ after that prefix.
func differAfterNonDigit(keys []string) bool {
	slices.Sort(keys)
	for i := 1; i < len(keys); i++ {
		a, b := keys[i-1], keys[i]
		n := commonPrefix(a, b)
		if n == len(a) || n == len(b) {
			continue // a prefix of the other
		}
		for n > 0 && !utf8.RuneStart(a[n]) {
			n-- // back to the start of the character that differs
		}
		if n > 0 && '0' <= a[n-1] && a[n-1] <= '9' {
			return false
		}
	}
	return true
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// compareKeys orders map keys as yaml.v2 does (see keyLess).
func compareKeys(a, b string) int {
	switch {
	case a == b:
		return 0
	case keyLess(a, b):
		return -1
	}
	return 1
}

// keyLess is yaml.v2's order of string keys, a "natural" order on
// characters: at the first character where a and b differ, two letters
// compare as characters and a letter sorts after anything else; otherwise
// the runs of digits starting there compare as numbers (counting from 1
// when a zero continues an earlier non-zero digit), then by their length,
// then the two characters compare. A proper prefix sorts first. Keys must
// be valid UTF-8.
func keyLess(a, b string) bool {
	for i := 0; i < len(a) && i < len(b); {
		ra, wa := utf8.DecodeRuneInString(a[i:])
		rb, _ := utf8.DecodeRuneInString(b[i:])
		if ra == rb {
			i += wa
			continue
		}
		la, lb := unicode.IsLetter(ra), unicode.IsLetter(rb)
		switch {
		case la && lb:
			return ra < rb
		case la || lb:
			return lb
		}
		var an, bn int64
		if (ra == '0' || rb == '0') && nonZeroDigitBefore(a[:i]) {
			an, bn = 1, 1
		}
		an, na := digitRun(a[i:], an)
		bn, nb := digitRun(b[i:], bn)
		switch {
		case an != bn:
			return an < bn
		case na != nb:
			return na < nb
		}
		return ra < rb
	}
	return len(a) < len(b)
}

// nonZeroDigitBefore reports whether the digits that end prefix include
// one other than '0'.
func nonZeroDigitBefore(prefix string) bool {
	for prefix != "" {
		r, w := utf8.DecodeLastRuneInString(prefix)
		if !unicode.IsDigit(r) {
			return false
		}
		if r != '0' {
			return true
		}
		prefix = prefix[:len(prefix)-w]
	}
	return false
}

// digitRun continues the number n with the digits that start s, as
// yaml.v2 does (any Unicode digit counts as its offset from '0'), and
// returns it with how many digits there were.
func digitRun(s string, n int64) (int64, int) {
	count := 0
	for _, r := range s {
		if !unicode.IsDigit(r) {
			break
		}
		n = n*10 + int64(r-'0')
		count++
	}
	return n, count
}
