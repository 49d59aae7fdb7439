package yamlmap

import (
	"strings"
	"unicode/utf8"
)

// plainValue reads a plain scalar starting at offset p of a line ending at
// end, continued on the following lines deeper than its owner's column, and
// resolves it.
func (d *fastDecoder) plainValue(owner, p, end int) (any, bool) {
	text, ok := d.plain(owner, p, end)
	if !ok {
		return nil, false
	}
	if d.discard {
		return nil, !nonFinite(text) // all plainScalar refuses
	}
	return plainScalar(text)
}

// plain reads the text of a plain scalar as YAML folds it: lines joined by a
// space, or by as many newlines as blank lines separate them; spaces around
// line breaks dropped. A comment ends it; so does a line no deeper than its
// owner, or a comment line. A ": " is refused: YAML would read a mapping
// value where none is allowed.
func (d *fastDecoder) plain(owner, p, end int) (string, bool) {
	stop, colon := d.plainEnd(p, end)
	if colon {
		return "", false
	}
	text := strings.TrimRight(d.src[p:stop], " ")
	d.pos = d.lineAfter(end)
	if stop < end {
		return text, true // ended by a comment
	}
	buf, breaks, joined := append(d.buf[:0], text...), 0, false
	for d.pos < len(d.src) {
		lend := d.lineEnd(d.pos)
		t := d.skipSpaces(d.pos, lend)
		if t == lend {
			breaks++
			d.pos = d.lineAfter(lend)
			continue
		}
		if t-d.pos <= owner || d.src[t] == '#' {
			break
		}
		stop, colon := d.plainEnd(t, lend)
		if colon {
			return "", false
		}
		if breaks == 0 {
			buf = append(buf, ' ')
		}
		buf = appendBreaks(buf, breaks)
		buf = append(buf, strings.TrimRight(d.src[t:stop], " ")...)
		breaks, joined = 0, true
		d.pos = d.lineAfter(lend)
		if stop < lend {
			break
		}
	}
	d.buf = buf
	if !joined {
		return text, true
	}
	if d.discard {
		return "", true // folded on several lines: text, never a number
	}
	return string(buf), true
}

// plainEnd finds where a plain scalar's text on one line stops: at a colon
// followed by a space or the line's end (colon is then true), at a comment,
// or at the line's end.
func (d *fastDecoder) plainEnd(p, end int) (stop int, colon bool) {
	for i := p; i < end; i++ {
		switch d.src[i] {
		case ':':
			if i+1 == end || d.src[i+1] == ' ' {
				return i, true
			}
		case '#':
			if i > p && d.src[i-1] == ' ' {
				return i, false
			}
		}
	}
	return end, false
}

func appendBreaks(buf []byte, n int) []byte {
	for ; n > 0; n-- {
		buf = append(buf, '\n')
	}
	return buf
}

// onlyComment reports whether the rest of a line after a scalar or flow
// collection, from p to end, is spaces and perhaps a comment after them.
func (d *fastDecoder) onlyComment(p, end int) bool {
	q := d.skipSpaces(p, end)
	return q == end || d.src[q] == '#' && q > p
}

// quotedValue reads a quoted scalar value starting at p, which may go on
// over the following lines deeper than its owner's column, followed by
// nothing but a comment.
func (d *fastDecoder) quotedValue(owner, p int) (any, bool) {
	s, after, ok := d.quoted(owner, p)
	if !ok {
		return nil, false
	}
	end := d.lineEnd(after)
	if !d.onlyComment(after, end) {
		return nil, false
	}
	d.pos = d.lineAfter(end)
	if d.discard {
		return nil, true
	}
	return s, true
}

// quoted reads a quoted scalar starting at offset p. It may go on over the
// following lines when owner >= 0, each deeper than column owner; with
// owner < 0 it must close on its line. after is the offset just past the
// closing quote.
func (d *fastDecoder) quoted(owner, p int) (s string, after int, ok bool) {
	q := d.src[p]
	for i := p + 1; i < len(d.src); i++ {
		switch c := d.src[i]; {
		case c == q:
			if q == '\'' && i+1 < len(d.src) && d.src[i+1] == '\'' {
				return d.quotedFolded(owner, p)
			}
			return d.src[p+1 : i], i + 1, true
		case c == '\\' && q == '"', c == '\n':
			return d.quotedFolded(owner, p)
		}
	}
	return "", 0, false
}

// quotedFolded reads a quoted scalar with escapes or line breaks as YAML
// does: runs of characters are kept with the spaces between them on a line;
// a line break and the spaces around it become a space, or the newlines of
// the blank lines that follow it; an escaped line break joins lines without
// a space.
func (d *fastDecoder) quotedFolded(owner, p int) (string, int, bool) {
	src, q := d.src, d.src[p]
	buf, i := d.buf[:0], p+1
	for {
		leadingBlanks, crossed, lineStart := false, false, 0
	run:
		for i < len(src) && src[i] != ' ' && src[i] != '\n' {
			c := src[i]
			switch {
			case c == '\'' && q == '\'' && i+1 < len(src) && src[i+1] == '\'':
				buf = append(buf, '\'')
				i += 2
			case c == q:
				d.buf = buf
				return string(buf), i + 1, true
			case c == '\\' && q == '"' && i+1 < len(src) && src[i+1] == '\n':
				i += 2
				leadingBlanks, crossed, lineStart = true, true, i
				break run
			case c == '\\' && q == '"':
				var ok bool
				if buf, i, ok = appendEscape(buf, src, i); !ok {
					return "", 0, false
				}
			default:
				buf = append(buf, c)
				i++
			}
		}
		spaces, leadingBreak, trailing := i, false, 0
		for i < len(src) && (src[i] == ' ' || src[i] == '\n') {
			if src[i] == '\n' {
				if leadingBlanks {
					trailing++
				} else {
					leadingBreak, leadingBlanks = true, true
				}
				crossed, lineStart = true, i+1
			}
			i++
		}
		if i == len(src) || crossed && (owner < 0 || i-lineStart <= owner) {
			return "", 0, false // unterminated, or a line the fast path does not vouch for
		}
		switch {
		case !leadingBlanks:
			buf = append(buf, src[spaces:i]...)
		case leadingBreak && trailing == 0:
			buf = append(buf, ' ')
		default:
			buf = appendBreaks(buf, trailing)
		}
	}
}

// appendEscape appends the character of the escape sequence at src[i] of a
// double-quoted scalar; next is the offset after the sequence, and ok is
// false for sequences YAML refuses.
func appendEscape(buf []byte, src string, i int) (_ []byte, next int, ok bool) {
	if i+1 >= len(src) {
		return buf, 0, false
	}
	digits := 0
	switch src[i+1] {
	case '0':
		buf = append(buf, 0)
	case 'a':
		buf = append(buf, '\a')
	case 'b':
		buf = append(buf, '\b')
	case 't':
		buf = append(buf, '\t')
	case 'n':
		buf = append(buf, '\n')
	case 'v':
		buf = append(buf, '\v')
	case 'f':
		buf = append(buf, '\f')
	case 'r':
		buf = append(buf, '\r')
	case 'e':
		buf = append(buf, 0x1b)
	case ' ', '"', '\'', '\\':
		buf = append(buf, src[i+1])
	case 'N':
		buf = utf8.AppendRune(buf, 0x85)
	case '_':
		buf = utf8.AppendRune(buf, 0xa0)
	case 'L':
		buf = utf8.AppendRune(buf, 0x2028)
	case 'P':
		buf = utf8.AppendRune(buf, 0x2029)
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	default:
		return buf, 0, false
	}
	i += 2
	if digits == 0 {
		return buf, i, true
	}
	if i+digits > len(src) {
		return buf, 0, false
	}
	code := 0
	for _, c := range []byte(src[i : i+digits]) {
		v := hexDigit(c)
		if v < 0 {
			return buf, 0, false
		}
		code = code<<4 | v
	}
	if code >= 0xd800 && code <= 0xdfff || code > 0x10ffff {
		return buf, 0, false
	}
	return utf8.AppendRune(buf, rune(code)), i + digits, true
}

func hexDigit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// blockScalar reads a literal (|) or folded (>) block scalar whose header
// starts at offset p of a line ending at end, owned by a key or dash at
// column owner. Its content is the following lines indented by the
// indentation indicator beyond owner, or else as deep as the first
// non-blank line, and at least one column deeper than owner.
func (d *fastDecoder) blockScalar(owner, p, end int) (any, bool) {
	literal := d.src[p] == '|'
	chomp, increment, ok := d.blockHeader(p+1, end)
	if !ok {
		return nil, false
	}
	indent := 0
	if increment > 0 {
		indent = owner + increment
	}
	i, col, breaks, maxIndent, lineStart := d.blockBreaks(d.lineAfter(end), indent)
	if indent == 0 {
		indent = max(maxIndent, owner+1, 1)
	}
	buf := d.buf[:0]
	leadingBreak, leadingBlank := false, false
	for col == indent && i < len(d.src) {
		blank := d.src[i] == ' '
		switch {
		case !literal && leadingBreak && !leadingBlank && !blank:
			if breaks == 0 {
				buf = append(buf, ' ') // folded
			}
		case leadingBreak:
			buf = append(buf, '\n')
		}
		buf = appendBreaks(buf, breaks)
		leadingBlank = blank
		lend := d.lineEnd(i)
		buf = append(buf, d.src[i:lend]...)
		leadingBreak = lend < len(d.src)
		i, col, breaks, _, lineStart = d.blockBreaks(d.lineAfter(lend), indent)
	}
	if chomp != '-' && leadingBreak {
		buf = append(buf, '\n')
	}
	if chomp == '+' {
		buf = appendBreaks(buf, breaks)
	}
	d.buf, d.pos = buf, lineStart
	if d.discard {
		return nil, true
	}
	return string(buf), true
}

// blockHeader reads what follows | or >: a chomping indicator ('-', '+',
// or 0 for clipping) and an indentation indicator (0 when absent) in either
// order, then perhaps a comment after spaces.
func (d *fastDecoder) blockHeader(p, end int) (chomp byte, increment int, ok bool) {
	i := p
	if i < end && (d.src[i] == '-' || d.src[i] == '+') {
		chomp = d.src[i]
		i++
	}
	if i < end && '1' <= d.src[i] && d.src[i] <= '9' {
		increment = int(d.src[i] - '0')
		i++
	}
	if chomp == 0 && i < end && (d.src[i] == '-' || d.src[i] == '+') {
		chomp = d.src[i]
		i++
	}
	return chomp, increment, d.onlyComment(i, end)
}

// blockBreaks skips the blank lines starting at the line at offset i, and
// the indentation of the first other line, up to indent columns (all of it
// when indent is 0). It returns where that line's content starts (or the
// document's end), its column and start, the number of line breaks skipped,
// and the deepest indentation met.
func (d *fastDecoder) blockBreaks(i, indent int) (pos, col, breaks, maxIndent, lineStart int) {
	for {
		lineStart = i
		for i < len(d.src) && d.src[i] == ' ' && (indent == 0 || i-lineStart < indent) {
			i++
		}
		col = i - lineStart
		maxIndent = max(maxIndent, col)
		if i == len(d.src) || d.src[i] != '\n' {
			return i, col, breaks, maxIndent, lineStart
		}
		breaks++
		i++
	}
}

// flowValue reads a flow collection that closes on its line, followed by
// nothing but a comment.
func (d *fastDecoder) flowValue(p, end int) (any, bool) {
	v, after, ok := d.flow(p, end)
	if !ok || !d.onlyComment(after, end) {
		return nil, false
	}
	d.pos = d.lineAfter(end)
	return v, true
}

// flow reads the flow sequence or mapping starting at offset p; after is
// the offset past its closing bracket.
func (d *fastDecoder) flow(p, end int) (v any, after int, ok bool) {
	if !d.enter() {
		return nil, 0, false
	}
	if d.src[p] == '[' {
		v, after, ok = d.flowSequence(p+1, end)
	} else {
		v, after, ok = d.flowMapping(p+1, end)
	}
	d.leave()
	return v, after, ok
}

// flowSequence reads the items of a flow sequence from offset p, separated
// by commas, up to its closing bracket.
func (d *fastDecoder) flowSequence(p, end int) ([]any, int, bool) {
	base := len(d.items)
	i := d.skipSpaces(p, end)
	for i < end && d.src[i] != ']' {
		v, next, ok := d.flowItem(i, end)
		if !ok {
			return nil, 0, false
		}
		d.items = append(d.items, v)
		if i, ok = d.flowSeparator(next, end, ']'); !ok {
			return nil, 0, false
		}
	}
	if i == end {
		return nil, 0, false
	}
	items := make([]any, len(d.items)-base)
	copy(items, d.items[base:])
	d.items = d.items[:base]
	return items, i + 1, true
}

// flowMapping reads the "key: value" entries of a flow mapping from offset
// p, separated by commas, up to its closing brace.
func (d *fastDecoder) flowMapping(p, end int) (map[string]any, int, bool) {
	base := len(d.pairs)
	i := d.skipSpaces(p, end)
	for i < end && d.src[i] != '}' {
		key, next, ok := d.flowKey(i, end)
		if !ok || next-i > maxKeyLength || next+1 >= end || d.src[next] != ':' || d.src[next+1] != ' ' {
			return nil, 0, false
		}
		var v any
		if v, next, ok = d.flowItem(d.skipSpaces(next+2, end), end); !ok {
			return nil, 0, false
		}
		d.pairs = append(d.pairs, pair{key, v})
		if i, ok = d.flowSeparator(next, end, '}'); !ok {
			return nil, 0, false
		}
	}
	if i == end {
		return nil, 0, false
	}
	m, ok := d.collectMapping(base)
	return m, i + 1, ok
}

// flowSeparator skips the spaces and comma after a flow entry ending at p:
// next is the offset of the following entry or of the closing bracket. A
// comma before the closing bracket is refused.
func (d *fastDecoder) flowSeparator(p, end int, closing byte) (next int, ok bool) {
	i := d.skipSpaces(p, end)
	if i == end {
		return 0, false
	}
	if d.src[i] == closing {
		return i, true
	}
	if d.src[i] != ',' {
		return 0, false
	}
	i = d.skipSpaces(i+1, end)
	return i, i < end && d.src[i] != closing
}

// flowKey reads a flow mapping key that is surely a string: quoted, or a
// plain word.
func (d *fastDecoder) flowKey(p, end int) (key string, next int, ok bool) {
	if c := d.src[p]; c == '"' || c == '\'' {
		return d.quoted(-1, p)
	}
	word := d.flowWord(p, end)
	return word, p + len(word), word != "" && ResolvesToString(word)
}

// flowItem reads a flow collection's item: a one-line quoted scalar, a
// nested collection, or a plain word.
func (d *fastDecoder) flowItem(p, end int) (v any, next int, ok bool) {
	if p == end {
		return nil, 0, false
	}
	switch d.src[p] {
	case '"', '\'':
		s, after, ok := d.quoted(-1, p)
		return s, after, ok
	case '[', '{':
		return d.flow(p, end)
	}
	word := d.flowWord(p, end)
	if word == "" {
		return nil, 0, false
	}
	v, ok = plainScalar(word)
	return v, p + len(word), ok
}

// flowWord is the plain scalar at offset p inside a flow collection when it
// is made of letters, digits and "_./+-" only (and is not a lone "-"), which
// reads the same in YAML's flow context as a plain scalar anywhere; "" for
// other scalars.
func (d *fastDecoder) flowWord(p, end int) string {
	i := p
	for i < end && wordByte(d.src[i]) {
		i++
	}
	if i-p == 1 && d.src[p] == '-' {
		return ""
	}
	return d.src[p:i]
}

func wordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '/' || c == '+' || c == '-'
}
