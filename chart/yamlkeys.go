package chart

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chartwright/chartwright/chart/source"
)

// IndexYAMLKeys is IndexYAML without comments: the same keys, spans,
// documents and error, with Comment and LineComment always empty. It
// reads the YAML values files are written in (block mappings and
// sequences, plain scalars, one-line quoted scalars, block scalars,
// one-line flow collections of scalars, comments, "---") straight from
// the text, at a fifth of yaml.v3's cost, and hands anything else
// (anchors, aliases, tags, quoted scalars over several lines, tabs,
// syntax errors...) to IndexYAML. Lint, which never shows comments,
// uses it.
func IndexYAMLKeys(file *source.File) (*KeyIndex, error) {
	if keys, ok := scanKeys(file); ok {
		return &KeyIndex{File: file, Keys: keys}, nil
	}
	idx, err := IndexYAML(file)
	clearComments(idx.Keys)
	return idx, err
}

func clearComments(keys []*Key) {
	for _, k := range keys {
		k.Comment, k.LineComment = "", ""
		clearComments(k.Children)
		clearComments(k.Items)
	}
}

// maxScanDepth bounds the nesting keyScanner follows; deeper files go to
// yaml.v3.
const maxScanDepth = 100

// maxSimpleKey is the longest key keyScanner reads: yaml.v3 rejects keys
// of 1024 characters and more.
const maxSimpleKey = 1000

// scanKeys indexes file as IndexYAML does, comments aside, when it is
// written in the subset of YAML keyScanner reads; false when it is not.
func scanKeys(file *source.File) ([]*Key, bool) {
	if !scannableText(file.Data) {
		return nil, false
	}
	s := &keyScanner{file: file, data: file.Data}
	var keys []*Key
	for _, chunk := range yamlChunks(file.Data) {
		keys = append(keys, s.document(chunk)...)
		if s.bad {
			return nil, false
		}
	}
	return keys, true
}

// scannableText reports whether data holds only characters keyScanner
// reads as yaml.v3 does: no tab, no control character, no line break
// but "\n" and "\r\n", no byte order mark, valid UTF-8.
func scannableText(data []byte) bool {
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n' || c >= ' ' && c < 0x7f:
		case c == '\r':
			if i+1 == len(data) || data[i+1] != '\n' {
				return false
			}
		case c < utf8.RuneSelf:
			return false
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError || r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff {
				return false
			}
			i += size - 1
		}
	}
	return true
}

// keyScanner reads the keys of a file line by line. Any construct it does
// not read exactly as yaml.v3 and IndexYAML would sets bad.
type keyScanner struct {
	file *source.File
	data []byte
	// next is the start of the next line to read, end the end of the
	// document being read.
	next, end int
	doc       int
	depth     int
	bad       bool
}

// document returns the keys of the document in r.
func (s *keyScanner) document(r byteRange) []*Key {
	s.next, s.end = r.start, r.end
	explicit := r.start < r.end && isDocumentStart(lineText(s.data, r.start))
	if explicit {
		if !blankOrComment(lineText(s.data, r.start)[3:]) {
			s.bad = true
		}
		s.next = lineAfter(s.data, r.start)
	}
	line, indent, ok := s.peek()
	if !ok {
		if explicit {
			s.doc++
		}
		return nil
	}
	var keys []*Key
	if p := line + indent; isEntry(s.data, p) {
		keys = s.sequence(p, indent, nil)
	} else {
		keys = s.mapping(p, indent, nil)
	}
	if _, _, more := s.peek(); more {
		s.bad = true
	}
	s.doc++
	return keys
}

// peek skips blank and comment lines and returns the start and the
// indentation of the next line with content.
func (s *keyScanner) peek() (line, indent int, ok bool) {
	for ; s.next < s.end; s.next = lineAfter(s.data, s.next) {
		text := lineText(s.data, s.next)
		indent := countSpaces(text)
		if indent < len(text) && text[indent] != '#' {
			return s.next, indent, true
		}
	}
	return 0, 0, false
}

// mapping reads the block mapping whose first key is at p, in column col.
func (s *keyScanner) mapping(p, col int, path []string) []*Key {
	var keys []*Key
	for !s.bad {
		keys = append(keys, s.pair(p, col, path))
		line, indent, ok := s.peek()
		if !ok || indent != col || isEntry(s.data, line+indent) {
			break // the parent's to read, or to reject
		}
		p = line + indent
	}
	return keys
}

// pair reads the key at p, in column col, and its value.
func (s *keyScanner) pair(p, col int, path []string) *Key {
	name, end, colon, ok := s.key(p)
	if !ok {
		s.bad = true
		return nil
	}
	k := &Key{Path: appendPath(path, name), Key: s.span(p, end), Document: s.doc}
	s.value(k, colon+1, col, false)
	return k
}

// sequence reads the block sequence whose first "-" is at p, in column
// col.
func (s *keyScanner) sequence(p, col int, path []string) []*Key {
	var items []*Key
	for !s.bad {
		k := &Key{Path: appendPath(path, strconv.Itoa(len(items))), Document: s.doc}
		s.value(k, p+1, col, true)
		items = append(items, k)
		line, indent, ok := s.peek()
		if !ok || indent != col || !isEntry(s.data, line+indent) {
			break
		}
		p = line + indent
	}
	return items
}

// value reads the value of k, which follows offset after on its line or
// starts on a line below. The value belongs to the key, or the "-" of the
// item (item is set), in column col.
func (s *keyScanner) value(k *Key, after, col int, item bool) {
	s.depth++
	defer func() { s.depth-- }()
	if s.depth > maxScanDepth {
		s.bad = true
		return
	}
	eol := after + len(lineText(s.data, after))
	if start := skipSpaces(s.data, after, eol); start < eol && s.data[start] != '#' {
		s.node(k, start, eol, col, item)
		return
	}
	s.next = lineAfter(s.data, after)
	line, indent, ok := s.peek()
	if !ok || indent < col || indent == col && (item || !isEntry(s.data, line+indent)) {
		s.setItemKey(k, after, item, col)
		k.Value = s.span(after, after) // empty
		return
	}
	start := line + indent
	measure := s.setItemKey(k, start, item, col)
	if isEntry(s.data, start) {
		s.sequenceValue(k, start, measure)
	} else {
		k.Children = s.mapping(start, indent, k.Path)
		s.collectionValue(k, start)
	}
}

// node reads the value of k that starts at start, on the line of its key
// or "-" in column col.
func (s *keyScanner) node(k *Key, start, eol, col int, item bool) {
	measure := s.setItemKey(k, start, item, col)
	switch c := s.data[start]; {
	case isEntry(s.data, start) && item:
		s.sequenceValue(k, start, measure)
	case c == '|' || c == '>':
		k.Value = s.span(start, s.blockScalar(start, eol, col, measure))
	case c == '[' || c == '{':
		k.Value = s.span(start, s.flowValue(k, start, eol))
		s.next = lineAfter(s.data, start)
	default:
		if _, _, _, isKey := s.key(start); !isKey {
			k.Value = s.span(start, s.scalar(start, eol, col))
		} else if item {
			k.Children = s.mapping(start, start-lineStart(s.data, start), k.Path)
			s.collectionValue(k, start)
		} else {
			s.bad = true // "a: b: c"
		}
	}
}

// sequenceValue reads the block sequence at start, the value of k
// measured from column measure.
func (s *keyScanner) sequenceValue(k *Key, start, measure int) {
	if k.Items = s.sequence(start, start-lineStart(s.data, start), k.Path); !s.bad {
		s.measureLast(k.Items, measure)
		s.collectionValue(k, start)
	}
}

// collectionValue sets the value of k, a block collection at start,
// which ends with its last member.
func (s *keyScanner) collectionValue(k *Key, start int) {
	if s.bad {
		return
	}
	members := k.Children
	if k.Items != nil {
		members = k.Items
	}
	k.Value = s.span(start, members[len(members)-1].Value.End)
}

// setItemKey sets the key of an item whose value starts at start, and
// returns the column the value is measured from: its key's, or col for
// the value of a key.
func (s *keyScanner) setItemKey(k *Key, start int, item bool, col int) int {
	if !item {
		return col
	}
	key := itemKey(s.data, start)
	k.Key = s.span(key.start, key.end)
	return key.start - lineStart(s.data, key.start)
}

// measureLast measures again the last of a block sequence's items as
// IndexYAML does: from the column the sequence is measured from, which a
// block scalar's end depends on.
func (s *keyScanner) measureLast(items []*Key, indent int) {
	if len(items) == 0 {
		return
	}
	last := items[len(items)-1]
	if last.Value.Start == len(s.data) {
		return // empty
	}
	switch c := s.data[last.Value.Start]; {
	case c == '|' || c == '>':
		last.Value.End = blockScalarEnd(s.data, last.Value.Start, indent)
	case isEntry(s.data, last.Value.Start):
		s.measureLast(last.Items, indent)
		last.Value.End = last.Items[len(last.Items)-1].Value.End
	}
}

// key reads the key at p: its name, its end, and the offset of its
// colon; false when the line from p is not a key.
func (s *keyScanner) key(p int) (name string, end, colon int, ok bool) {
	data := s.data
	eol := p + len(lineText(data, p))
	if c := data[p]; c == '"' || c == '\'' {
		name, end, ok = s.quoted(p, eol, true)
		colon = skipSpaces(data, end, eol)
		if !ok || colon == eol || data[colon] != ':' || !isSeparated(data, colon+1, eol) {
			return "", 0, 0, false
		}
		return name, end, colon, true
	}
	if !plainStart(data, p, eol) {
		return "", 0, 0, false
	}
	for i := p; i < eol && i-p < maxSimpleKey; i++ {
		switch {
		case data[i] == ':' && isSeparated(data, i+1, eol):
			key := bytes.TrimRight(data[p:i], " ")
			return string(key), p + len(key), i, true
		case data[i] == '#' && data[i-1] == ' ':
			return "", 0, 0, false
		}
	}
	return "", 0, 0, false
}

// scalar reads the scalar at start, below a key or "-" in column col,
// and returns its end. A quoted scalar is on one line, a plain one may
// continue on the more indented lines below.
func (s *keyScanner) scalar(start, eol, col int) int {
	data := s.data
	s.next = lineAfter(data, start)
	if c := data[start]; c == '"' || c == '\'' {
		_, end, ok := s.quoted(start, eol, false)
		if !ok || !blankOrComment(data[end:eol]) {
			s.bad = true
		}
		return end
	}
	text := plainText(data[start:eol])
	if !plainStart(data, start, eol) || !plainLine(text) {
		s.bad = true
	}
	end := start + len(text)
	if len(bytes.TrimRight(data[start:eol], " ")) > len(text) {
		return end // a comment ends the scalar
	}
	for ; s.next < s.end; s.next = lineAfter(data, s.next) {
		line := lineText(data, s.next)
		indent := countSpaces(line)
		if indent == len(line) || indent <= col || line[indent] == '#' {
			break
		}
		text := bytes.TrimRight(line[indent:], " ")
		if !plainStart(line, indent, len(line)) || line[indent] == '-' || !plainLine(text) || bytes.Contains(text, []byte(" #")) {
			s.bad = true
			break
		}
		end = s.next + indent + len(text)
	}
	return end
}

// plainLine reports whether text, a line of a plain scalar in a block
// collection, holds no ": " and does not end with ":", which would make
// it a key.
func plainLine(text []byte) bool {
	return !bytes.Contains(text, []byte(": ")) && !bytes.HasSuffix(text, []byte(":"))
}

// quoted reads the quoted scalar at p, which must end on its line (at
// eol), and returns its end, and its value when it is a key. A
// double-quoted key may not hold escapes, a double-quoted value only
// those of a single character.
func (s *keyScanner) quoted(p, eol int, isKey bool) (value string, end int, ok bool) {
	data := s.data
	quote := data[p]
	for i := p + 1; i < eol; i++ {
		switch {
		case quote == '"' && data[i] == '\\':
			if isKey || i+1 == eol || !strings.ContainsRune(`0abtnvfre "'\N_LP`, rune(data[i+1])) {
				return "", 0, false
			}
			i++
		case quote == '\'' && data[i] == '\'' && i+1 < eol && data[i+1] == '\'':
			i++
		case data[i] == quote && !isKey:
			return "", i + 1, true
		case data[i] == quote:
			text := string(data[p+1 : i])
			if quote == '\'' {
				text = strings.ReplaceAll(text, "''", "'")
			}
			return text, i + 1, true
		}
	}
	return "", 0, false
}

// blockScalar reads the block scalar whose indicator is at start, below a
// key or "-" in column col, and returns its end as IndexYAML measures it
// from column indent.
func (s *keyScanner) blockScalar(start, eol, col, indent int) int {
	data := s.data
	header := start + 1
	if header < eol && (data[header] == '-' || data[header] == '+') {
		header++
	}
	if !isSeparated(data, header, eol) || !blankOrComment(data[header:eol]) {
		s.bad = true
		return start
	}
	s.skipBlockLines(lineAfter(data, start), col)
	return blockScalarEnd(data, start, indent)
}

// skipBlockLines moves past the lines of a block scalar starting at line,
// below a key or "-" in column col: those indented as its first line with
// text, or more, and blank lines.
func (s *keyScanner) skipBlockLines(line, col int) {
	data := s.data
	blank, first := 0, -1
	for s.next = line; s.next < s.end; s.next = lineAfter(data, s.next) {
		text := lineText(data, s.next)
		indent := countSpaces(text)
		if indent == len(text) {
			blank = max(blank, indent)
			continue
		}
		if first < 0 {
			first = indent
			if blank > first {
				s.bad = true // yaml.v3 would take its indentation from the blank lines
			}
			if first <= col {
				return // an empty scalar
			}
		}
		if indent < first {
			return
		}
	}
}

// flowValue reads the one-line flow collection at start, the value of k,
// and returns its end.
func (s *keyScanner) flowValue(k *Key, start, eol int) int {
	end := s.flow(k, start, eol)
	if !s.bad && !blankOrComment(s.data[end:eol]) {
		s.bad = true
	}
	return end
}

// flow reads the flow collection at p, whose members are scalars and flow
// collections on its line, as the value of k; it returns its end.
func (s *keyScanner) flow(k *Key, p, eol int) int {
	s.depth++
	defer func() { s.depth-- }()
	closing := byte(']')
	if s.data[p] == '{' {
		closing = '}'
	}
	i := skipSpaces(s.data, p+1, eol)
	for n := 0; !s.bad && s.depth <= maxScanDepth && i < eol; n++ {
		if n == 0 && s.data[i] == closing {
			return i + 1
		}
		if closing == ']' {
			item := &Key{Path: appendPath(k.Path, strconv.Itoa(n)), Key: s.span(i, i), Document: s.doc}
			i = s.flowNode(item, i, eol)
			k.Items = append(k.Items, item)
		} else {
			i = s.flowPair(k, i, eol)
		}
		i = skipSpaces(s.data, i, eol)
		switch {
		case i < eol && s.data[i] == closing:
			return i + 1
		case i < eol && s.data[i] == ',':
			i = skipSpaces(s.data, i+1, eol)
			if i < eol && s.data[i] == closing {
				s.bad = true // a trailing comma
			}
		default:
			s.bad = true
		}
	}
	s.bad = true
	return p
}

// flowPair reads the "key: value" pair at i of a flow mapping, the value
// of k, and returns its end.
func (s *keyScanner) flowPair(k *Key, i, eol int) int {
	var name string
	var end int
	if c := s.data[i]; c == '"' || c == '\'' {
		var ok bool
		if name, end, ok = s.quoted(i, eol, true); !ok {
			s.bad = true
			return i
		}
	} else {
		end = s.flowPlainEnd(i, eol, true)
		name = string(s.data[i:end])
	}
	colon := skipSpaces(s.data, end, eol)
	if s.bad || colon == eol || s.data[colon] != ':' || !isSeparated(s.data, colon+1, eol) {
		s.bad = true
		return i
	}
	pair := &Key{Path: appendPath(k.Path, name), Key: s.span(i, end), Document: s.doc}
	k.Children = append(k.Children, pair)
	return s.flowNode(pair, skipSpaces(s.data, colon+1, eol), eol)
}

// flowNode reads the scalar or flow collection at i, the value of k, and
// returns its end.
func (s *keyScanner) flowNode(k *Key, i, eol int) int {
	if i == eol {
		s.bad = true
		return i
	}
	end := i
	switch c := s.data[i]; {
	case c == '[' || c == '{':
		end = s.flow(k, i, eol)
	case c == '"' || c == '\'':
		var ok bool
		if _, end, ok = s.quoted(i, eol, false); !ok {
			s.bad = true
		}
	default:
		end = s.flowPlainEnd(i, eol, false)
	}
	k.Value = s.span(i, end)
	return end
}

// flowPlainEnd is the end of the plain scalar at i in a flow collection:
// before the next ",", "]" or "}" (or ":", for a key), without trailing
// spaces. A scalar that holds a character yaml.v3 might read otherwise
// sets bad.
func (s *keyScanner) flowPlainEnd(i, eol int, isKey bool) int {
	if !plainStart(s.data, i, eol) {
		s.bad = true
		return i
	}
	end := i
	for j := i; j < eol; j++ {
		switch s.data[j] {
		case ',', ']', '}':
			return end
		case ':':
			if isKey {
				return end
			}
			s.bad = true
			return i
		case '#', '[', '{':
			s.bad = true
			return i
		case ' ':
		default:
			end = j + 1
		}
	}
	return end
}

func (s *keyScanner) span(start, end int) source.Span {
	return source.Span{File: s.file, Start: start, End: end}
}

// plainStart reports whether a plain scalar may start at p: not with an
// indicator, nor with "-" alone.
func plainStart(data []byte, p, eol int) bool {
	switch data[p] {
	case '-':
		return p+1 < eol && data[p+1] != ' '
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ':
		return false
	}
	return true
}

// isEntry reports whether a block sequence item starts at p: a "-" and a
// space or the end of the line.
func isEntry(data []byte, p int) bool {
	return p < len(data) && data[p] == '-' && (p+1 == len(data) || isYAMLSpace(data[p+1]))
}

// isSeparated reports whether p, on a line ending at eol, is the end of
// the line or a space.
func isSeparated(data []byte, p, eol int) bool { return p == eol || data[p] == ' ' }

// blankOrComment reports whether text is spaces, then nothing or a
// comment.
func blankOrComment(text []byte) bool {
	rest := bytes.TrimLeft(text, " ")
	return len(rest) == 0 || rest[0] == '#' && len(rest) < len(text)
}

func skipSpaces(data []byte, p, eol int) int {
	for p < eol && data[p] == ' ' {
		p++
	}
	return p
}

func countSpaces(text []byte) int { return len(text) - len(bytes.TrimLeft(text, " ")) }

// lineStart is the start of p's line.
func lineStart(data []byte, p int) int { return bytes.LastIndexByte(data[:p], '\n') + 1 }
