package jsonschema

// This file is chartwright's, not the release's (see UPSTREAM.md).

import (
	"bytes"
	"encoding/json"
)

// UnmarshalJSONBytes returns what UnmarshalJSON(bytes.NewReader(data))
// returns, the same values and the same errors, with fewer allocations
// for a document in memory: a strict parser reads well-formed JSON without
// the decoder's growing buffer, sizes each map and slice once and shares
// the text of repeated keys and short strings; anything it does not
// accept, malformed or not, goes to UnmarshalJSON.
func UnmarshalJSONBytes(data []byte) (any, error) {
	p := jsonParser{data: data, interned: map[string]string{}}
	if doc, ok := p.document(); ok {
		return doc, nil
	}
	return UnmarshalJSON(bytes.NewReader(data))
}

const (
	// maxParseDepth bounds the parser's recursion; deeper documents go to
	// the decoder, whose own limit is 10000.
	maxParseDepth = 1000
	// maxInternLen is the longest string value shared between its
	// occurrences: type names, formats and the like repeat, descriptions
	// do not.
	maxInternLen = 24
)

// jsonParser reads one JSON document into the values encoding/json gives
// with UseNumber: map[string]any, []any, string, json.Number, bool, nil.
type jsonParser struct {
	data     []byte
	pos      int
	depth    int
	interned map[string]string
	members  []member // pending members of the objects being read
	items    []any    // pending items of the arrays being read
}

type member struct {
	key   string
	value any
}

// document reads a value that only whitespace may follow.
func (p *jsonParser) document() (any, bool) {
	v, ok := p.value()
	if !ok {
		return nil, false
	}
	p.skipSpace()
	return v, p.pos == len(p.data)
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// next skips whitespace and returns the byte there, or 0 at the end.
func (p *jsonParser) next() byte {
	p.skipSpace()
	if p.pos == len(p.data) {
		return 0
	}
	return p.data[p.pos]
}

func (p *jsonParser) value() (any, bool) {
	switch c := p.next(); {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.string(maxInternLen)
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		return p.number()
	}
	return nil, false
}

func (p *jsonParser) literal(text string) bool {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(text)) {
		return false
	}
	p.pos += len(text)
	return true
}

// enter and leave bound the nesting of objects and arrays.
func (p *jsonParser) enter() bool {
	p.depth++
	p.pos++ // '{' or '['
	return p.depth <= maxParseDepth
}

func (p *jsonParser) leave() {
	p.depth--
	p.pos++ // '}' or ']'
}

func (p *jsonParser) object() (any, bool) {
	if !p.enter() {
		return nil, false
	}
	start := len(p.members)
	defer func() { p.members = p.members[:start] }()
	if p.next() != '}' {
		for {
			if p.next() != '"' {
				return nil, false
			}
			key, ok := p.string(len(p.data)) // keys repeat: all are shared
			if !ok || p.next() != ':' {
				return nil, false
			}
			p.pos++
			v, ok := p.value()
			if !ok {
				return nil, false
			}
			p.members = append(p.members, member{key, v})
			if c := p.next(); c == '}' {
				break
			} else if c != ',' {
				return nil, false
			}
			p.pos++
		}
	}
	p.leave()
	obj := make(map[string]any, len(p.members)-start)
	for _, m := range p.members[start:] {
		obj[m.key] = m.value // as encoding/json, the last of duplicate keys wins
	}
	return obj, true
}

func (p *jsonParser) array() (any, bool) {
	if !p.enter() {
		return nil, false
	}
	start := len(p.items)
	defer func() { p.items = p.items[:start] }()
	if p.next() != ']' {
		for {
			v, ok := p.value()
			if !ok {
				return nil, false
			}
			p.items = append(p.items, v)
			if c := p.next(); c == ']' {
				break
			} else if c != ',' {
				return nil, false
			}
			p.pos++
		}
	}
	p.leave()
	arr := make([]any, len(p.items)-start)
	copy(arr, p.items[start:])
	return arr, true
}

// string reads a string; one of printable ASCII without escapes is its
// bytes, any other is unquoted by encoding/json itself, so that escapes
// and invalid UTF-8 read exactly as the decoder reads them. Strings of up
// to internLen bytes are shared.
func (p *jsonParser) string(internLen int) (string, bool) {
	start := p.pos
	p.pos++ // '"'
	plain := true
	for ; p.pos < len(p.data); p.pos++ {
		switch c := p.data[p.pos]; {
		case c == '"':
			p.pos++
			if !plain {
				var s string
				err := json.Unmarshal(p.data[start:p.pos], &s)
				return s, err == nil
			}
			return p.text(p.data[start+1:p.pos-1], internLen), true
		case c == '\\':
			plain = false
			p.pos++ // the escaped byte cannot end the string
		case c < 0x20 || c >= 0x80:
			plain = false
		}
	}
	return "", false
}

// text returns raw as a string, shared with its earlier occurrences when
// it is short enough.
func (p *jsonParser) text(raw []byte, internLen int) string {
	if len(raw) > internLen {
		return string(raw)
	}
	if s, ok := p.interned[string(raw)]; ok {
		return s
	}
	s := string(raw)
	p.interned[s] = s
	return s
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? as a
// json.Number, as the decoder does with UseNumber.
func (p *jsonParser) number() (any, bool) {
	start := p.pos
	p.accept('-')
	if p.accept('0') {
		// no more digits before the fraction
	} else if !p.digits() {
		return nil, false
	}
	if p.accept('.') && !p.digits() {
		return nil, false
	}
	if p.accept('e') || p.accept('E') {
		if !p.accept('+') {
			p.accept('-')
		}
		if !p.digits() {
			return nil, false
		}
	}
	return json.Number(p.text(p.data[start:p.pos], maxInternLen)), true
}

// accept skips c if it is the next byte.
func (p *jsonParser) accept(c byte) bool {
	if p.pos < len(p.data) && p.data[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

// digits skips one or more decimal digits.
func (p *jsonParser) digits() bool {
	start := p.pos
	for p.pos < len(p.data) && '0' <= p.data[p.pos] && p.data[p.pos] <= '9' {
		p.pos++
	}
	return p.pos > start
}
