package yamlmap

import (
	"encoding/binary"
	"strings"
	"unicode/utf8"
)

// fastDecode decodes a document made of the YAML that charts are written in
// without yaml.v2: block mappings and sequences, plain, quoted and block
// scalars, comments, one-line flow collections. It gives what decode's
// yaml.v2 path gives, and answers ok=false as soon as the document holds
// anything it cannot vouch for (anchors, tags, complex keys, directives,
// several documents, a key repeated, a root that is not a mapping, tabs,
// control characters...): yaml.v2 then decides, errors included.
//
// Strings of the result are substrings of one copy of data where the
// document spells them out, so the result keeps that copy alive.
func fastDecode(data []byte) (m map[string]any, ok bool) {
	if !plainText(data) {
		return nil, false
	}
	d := fastDecoder{src: string(data)}
	return d.document()
}

// maxDepth bounds the nesting the fast path reads, well below yaml.v2's
// limits (10000 indentation levels or flow levels).
const maxDepth = 1000

// fastDecoder reads a document line by line. Every reading function starts
// on a line already found and leaves pos at the first line it did not use.
// A function answering ok=false ends the decoding: the decoder's state is
// then left as it is.
type fastDecoder struct {
	src   string
	pos   int // offset of the first line not read yet
	depth int // collections open
	scratch

	// With selecting set, the mapping being read makes only the values
	// of the keys keep lists (see Selection); the others are read with
	// discard set: checked as fully, but not made.
	selecting bool
	keep      Selection
	discard   bool // the value being read is checked, not made
}

// scratch is the working memory of a decoding, which the result does not
// keep.
type scratch struct {
	buf   []byte              // scalars that are not substrings of src
	pairs []pair              // entries of the mappings being read, innermost last
	items []any               // items of the sequences being read, innermost last
	seen  map[string]struct{} // the keys of a discarded mapping
}

// emptied is s with nothing in use, ready for another document.
func (s scratch) emptied() scratch {
	return scratch{buf: s.buf[:0], pairs: s.pairs[:0], items: s.items[:0], seen: s.seen}
}

type pair struct {
	key   string
	value any
}

// line is a line holding more than spaces and a comment.
type line struct {
	start int // offset of its first byte
	text  int // offset of its first byte that is not a space
	end   int // offset of its '\n', or len(src) for the last line
}

func (l line) indent() int { return l.text - l.start }

// document reads the document: nothing (a null document), or a mapping at
// column 0, block or flow, optionally after a "---" line.
func (d *fastDecoder) document() (map[string]any, bool) {
	l, ok := d.nextLine()
	if ok && d.documentStart(l) {
		d.pos = d.lineAfter(l.end)
		l, ok = d.nextLine()
	}
	if !ok {
		return nil, true
	}
	if l.indent() != 0 || d.marker(l) {
		return nil, false
	}
	if d.src[l.text] == '{' {
		return d.flowDocument(l)
	}
	if _, _, kind := d.key(l.text, l.end); kind != isKey {
		return nil, false // a scalar or sequence root: the yaml.v2 path refuses it
	}
	// A mapping at column 0 only ends with the document: any line left
	// (a second document, "...") has made it answer ok=false.
	return d.mapping(0, l.text, l.end)
}

// flowDocument reads a document that is a flow mapping closed on its
// first line l (as templates write "{}"), with nothing but comments after
// it. Selecting, only the values of the keys listed are kept.
func (d *fastDecoder) flowDocument(l line) (map[string]any, bool) {
	v, ok := d.flowValue(l.text, l.end)
	if !ok {
		return nil, false
	}
	if _, more := d.nextLine(); more {
		return nil, false
	}
	m := v.(map[string]any)
	if d.selecting {
		for k := range m {
			if _, listed := d.keep[k]; !listed {
				m[k] = nil
			}
		}
	}
	return m, true
}

// documentStart reports whether a line is "---" with nothing but a comment
// after it.
func (d *fastDecoder) documentStart(l line) bool {
	if l.indent() != 0 || !strings.HasPrefix(d.src[l.text:l.end], "---") {
		return false
	}
	rest := d.src[l.text+3 : l.end]
	after := strings.TrimLeft(rest, " ")
	return after == "" || after[0] == '#' && len(after) < len(rest)
}

// marker reports whether a line at column 0 starts with "---" or "...",
// which YAML reads as document markers there.
func (d *fastDecoder) marker(l line) bool {
	t := d.src[l.text:l.end]
	return l.indent() == 0 && len(t) >= 3 && (t[:3] == "---" || t[:3] == "...") && (len(t) == 3 || t[3] == ' ')
}

// nextLine finds the next line from pos that holds more than spaces and a
// comment, without moving pos; ok is false at the end of the document.
func (d *fastDecoder) nextLine() (l line, ok bool) {
	for p := d.pos; p < len(d.src); {
		end := d.lineEnd(p)
		t := p
		for t < end && d.src[t] == ' ' {
			t++
		}
		if t < end && d.src[t] != '#' {
			return line{start: p, text: t, end: end}, true
		}
		p = end + 1
	}
	return line{}, false
}

// lineEnd is the offset of the '\n' ending the line at p, or len(src).
func (d *fastDecoder) lineEnd(p int) int {
	if i := strings.IndexByte(d.src[p:], '\n'); i >= 0 {
		return p + i
	}
	return len(d.src)
}

// lineAfter is the offset of the line after the one ending at end.
func (d *fastDecoder) lineAfter(end int) int {
	if end < len(d.src) {
		return end + 1
	}
	return end
}

func (d *fastDecoder) skipSpaces(p, end int) int {
	for p < end && d.src[p] == ' ' {
		p++
	}
	return p
}

func (d *fastDecoder) enter() bool {
	d.depth++
	return d.depth <= maxDepth
}

func (d *fastDecoder) leave() { d.depth-- }

// mapping reads a block mapping whose keys sit at column indent, the first
// one at offset at of a line ending at end.
func (d *fastDecoder) mapping(indent, at, end int) (map[string]any, bool) {
	if !d.enter() {
		return nil, false
	}
	base := len(d.pairs)
	for {
		key, valueAt, kind := d.key(at, end)
		if kind != isKey {
			return nil, false
		}
		discard, selecting, keep := d.discard, d.selecting, d.keep
		if selecting {
			sub, listed := keep[key]
			d.discard = !listed
			d.selecting, d.keep = sub != nil, sub
		}
		value, ok := d.entryValue(indent, valueAt, end)
		if d.discard {
			value = nil // not a nil map or slice
		}
		d.discard, d.selecting, d.keep = discard, selecting, keep
		if !ok {
			return nil, false
		}
		d.pairs = append(d.pairs, pair{key, value})
		l, more := d.nextLine()
		if !more || l.indent() < indent {
			break
		}
		if l.indent() > indent || d.marker(l) {
			return nil, false
		}
		at, end = l.text, l.end
	}
	d.leave()
	if d.discard {
		return nil, d.distinctKeys(base)
	}
	return d.collectMapping(base)
}

// distinctKeys drops the entries read since base, reporting whether their
// keys are distinct (as collectMapping does, without making the map).
func (d *fastDecoder) distinctKeys(base int) bool {
	pairs := d.pairs[base:]
	d.pairs = d.pairs[:base]
	if len(pairs) <= 8 {
		for i, p := range pairs {
			for _, q := range pairs[:i] {
				if p.key == q.key {
					return false
				}
			}
		}
		return true
	}
	if d.seen == nil {
		d.seen = map[string]struct{}{}
	}
	defer clear(d.seen)
	for _, p := range pairs {
		if _, dup := d.seen[p.key]; dup {
			return false
		}
		d.seen[p.key] = struct{}{}
	}
	return true
}

// collectMapping makes the map of the entries read since base; ok is false
// when a key repeats, which yaml.v2's strict mode reports as an error.
func (d *fastDecoder) collectMapping(base int) (map[string]any, bool) {
	pairs := d.pairs[base:]
	m := make(map[string]any, len(pairs))
	for _, p := range pairs {
		m[p.key] = p.value
	}
	d.pairs = d.pairs[:base]
	return m, len(m) == len(pairs)
}

// entryValue reads the value of a mapping entry whose key sits at column
// owner; the value starts at offset p, just after the colon.
func (d *fastDecoder) entryValue(owner, p, end int) (any, bool) {
	p = d.skipSpaces(p, end)
	if p < end && d.src[p] != '#' {
		return d.inline(owner, p, end)
	}
	d.pos = d.lineAfter(end)
	l, ok := d.nextLine()
	switch {
	case !ok:
		return nil, true
	case l.indent() > owner:
		return d.node(owner, l)
	case l.indent() == owner && d.dash(l.text, l.end):
		return d.sequence(l) // a sequence at its key's column
	}
	return nil, true
}

// node reads a value that starts a line of its own, deeper than its owner's
// column.
func (d *fastDecoder) node(owner int, l line) (any, bool) {
	if d.dash(l.text, l.end) {
		return d.sequence(l)
	}
	switch _, _, kind := d.key(l.text, l.end); kind {
	case isKey:
		return d.mapping(l.indent(), l.text, l.end)
	case unsure:
		return nil, false
	}
	return d.inline(owner, l.text, l.end)
}

// dash reports whether a block sequence entry ("-" then a space or the
// line's end) starts at p.
func (d *fastDecoder) dash(p, end int) bool {
	return d.src[p] == '-' && (p+1 == end || d.src[p+1] == ' ')
}

// sequence reads a block sequence whose entries start at column
// l.indent(), the first one on l.
func (d *fastDecoder) sequence(l line) ([]any, bool) {
	if !d.enter() {
		return nil, false
	}
	indent, base := l.indent(), len(d.items)
	selecting := d.selecting
	d.selecting = false // a selection is of a mapping's keys: items are made whole
	for {
		item, ok := d.sequenceItem(indent, l)
		if !ok {
			return nil, false
		}
		d.items = append(d.items, item)
		var more bool
		l, more = d.nextLine()
		if !more || l.indent() < indent || l.indent() == indent && !d.dash(l.text, l.end) {
			break
		}
		if l.indent() > indent {
			return nil, false
		}
	}
	d.leave()
	d.selecting = selecting
	if d.discard {
		d.items = d.items[:base]
		return nil, true
	}
	items := make([]any, len(d.items)-base)
	copy(items, d.items[base:])
	d.items = d.items[:base]
	return items, true
}

// sequenceItem reads the item of the entry starting l, whose dash sits at
// column indent.
func (d *fastDecoder) sequenceItem(indent int, l line) (any, bool) {
	p := d.skipSpaces(l.text+1, l.end)
	switch {
	case p == l.end || d.src[p] == '#':
		d.pos = d.lineAfter(l.end)
		if next, ok := d.nextLine(); ok && next.indent() > indent {
			return d.node(indent, next)
		}
		return nil, true
	case d.dash(p, l.end):
		return nil, false // "- - x": not read here
	}
	switch _, _, kind := d.key(p, l.end); kind {
	case isKey:
		return d.mapping(p-l.start, p, l.end) // "- key: value"
	case unsure:
		return nil, false
	}
	return d.inline(indent, p, l.end)
}

// inline reads a value starting at offset p of a line, after a key or a
// dash or alone on its line, whose owner (key or dash) sits at column owner.
func (d *fastDecoder) inline(owner, p, end int) (any, bool) {
	switch d.src[p] {
	case '"', '\'':
		return d.quotedValue(owner, p)
	case '|', '>':
		return d.blockScalar(owner, p, end)
	case '[', '{':
		return d.flowValue(p, end)
	case '-', '?', ':':
		if p+1 == end || d.src[p+1] == ' ' {
			return nil, false // a dash, complex key or value indicator
		}
	case ',', ']', '}', '#', '&', '*', '!', '%', '@', '`':
		return nil, false
	}
	return d.plainValue(owner, p, end)
}

// keyKind tells what a line's text is in a mapping's place.
type keyKind uint8

const (
	notKey keyKind = iota // a scalar or collection, not "key: ..."
	isKey                 // "key:" with a key that is surely a string
	unsure                // a key the fast path does not read
)

// key reads "key:" at offset p of a line ending at end: a plain or one-line
// quoted key that yaml.v2 reads as a string, followed by a colon and a space
// or the line's end. valueAt is the offset just after the colon.
func (d *fastDecoder) key(p, end int) (key string, valueAt int, kind keyKind) {
	switch d.src[p] {
	case '"', '\'':
		return d.quotedKey(p, end)
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`':
		if d.src[p] != '-' || p+1 == end || d.src[p+1] == ' ' {
			return "", 0, notKey
		}
	}
	stop, colon := d.plainEnd(p, end)
	if !colon {
		return "", 0, notKey
	}
	key = strings.TrimRight(d.src[p:stop], " ")
	if stop-p > maxKeyLength || key == "<<" || !ResolvesToString(key) {
		return "", 0, unsure
	}
	return key, stop + 1, isKey
}

// maxKeyLength keeps keys well within the 1024 characters YAML allows
// between an implicit key's start and its colon.
const maxKeyLength = 512

// quotedKey reads a one-line quoted key followed by a colon.
func (d *fastDecoder) quotedKey(p, end int) (key string, valueAt int, kind keyKind) {
	key, after, ok := d.quoted(-1, p)
	if !ok {
		return "", 0, notKey // a scalar on several lines, or one yaml.v2 refuses
	}
	q := d.skipSpaces(after, end)
	if q == end || d.src[q] != ':' || q+1 < end && d.src[q+1] != ' ' {
		return "", 0, notKey
	}
	if q-p > maxKeyLength {
		return "", 0, unsure
	}
	return key, q + 1, isKey
}

// plainText rejects what the fast path does not read: control characters
// (tabs and carriage returns included), invalid UTF-8, and the characters
// YAML reads as line breaks or byte order marks, or refuses. It skips eight
// plain ASCII bytes at a time.
func plainText(s []byte) bool {
	for i := 0; i < len(s); {
		if i+8 <= len(s) && !suspectWord(binary.LittleEndian.Uint64(s[i:])) {
			i += 8
			continue
		}
		for n := min(i+8, len(s)); i < n; i++ {
			switch c := s[i]; {
			case c >= utf8.RuneSelf:
				size, ok := allowedRune(s, i)
				if !ok {
					return false
				}
				i += size - 1
			case c < 0x20 && c != '\n' || c == 0x7f:
				return false
			}
		}
	}
	return true
}

// suspectWord reports whether eight bytes hold a byte other than printable
// ASCII and '\n': 0x80 or more, below 0x20, or 0x7f. Each test is exact
// for each byte: no carry crosses bytes, as 0x7f+0x60 < 0x100.
func suspectWord(w uint64) bool {
	low7 := w &^ highs
	odd := (w | (low7 + ones) | ^(low7 + 0x60*ones)) & highs // high bit, low 7 bits all set, or below 0x20
	return odd != 0 && odd&^zeroBytes(w^'\n'*ones) != 0
}

const (
	ones  = 0x0101010101010101 // a 1 in every byte of a word
	highs = 0x8080808080808080 // the high bit of every byte
)

// zeroBytes has the high bit set in each byte of w that is zero, exactly.
func zeroBytes(w uint64) uint64 {
	return ^((w&^highs + (highs - ones)) | w) & highs
}

// allowedRune checks the non-ASCII character at offset i: valid UTF-8, not
// a C1 control, a Unicode line or paragraph separator, a byte order mark or
// a noncharacter YAML refuses.
func allowedRune(s []byte, i int) (size int, ok bool) {
	r, size := utf8.DecodeRune(s[i:])
	switch {
	case r == utf8.RuneError && size == 1, r <= 0x9f, r == 0x2028, r == 0x2029, r == 0xfeff, r == 0xfffe, r == 0xffff:
		return size, false
	}
	return size, true
}
