package schema

import (
	"bytes"
	"strconv"
	"strings"
)

// PathAt finds, in a template's text, the YAML document holding byte
// offset, that document's top-level apiVersion and kind (raw text, which
// may hold template actions), and the key path at offset, array items as
// decimal indices. It scans indentation rather than parsing YAML, so it
// works on templates with {{ }} actions, and on text being typed: on a key
// or its value the path ends with that key; elsewhere it is the enclosing
// object or item, where a new key would go.
func PathAt(text []byte, offset int) (apiVersion, kind string, path []string) {
	offset = max(0, min(offset, len(text)))
	start, end := documentAt(text, offset)
	s := &pathScanner{}
	pos := start
	for pos < end {
		lineEnd := pos + lineLength(text[pos:end])
		line := string(bytes.TrimRight(text[pos:lineEnd], "\r"))
		if k, v, ok := topLevelField(line); ok {
			switch k {
			case "apiVersion":
				apiVersion = v
			case "kind":
				kind = v
			}
		}
		if offset >= pos && (offset <= lineEnd) && !s.cursorSeen {
			s.cursor(line, offset-pos)
		} else if !s.cursorSeen {
			s.line(line)
		}
		pos = lineEnd + 1
	}
	if !s.cursorSeen {
		s.cursor("", 0)
	}
	return apiVersion, kind, s.result
}

// lineLength is the length of b's first line, up to \n or \r: a lone \r
// ends a line in YAML (and \r\n leaves an empty line between, which reads
// as blank).
func lineLength(b []byte) int {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		return i
	}
	return len(b)
}

// documentAt returns the byte range of the document holding offset,
// documents being separated by lines starting with "---".
func documentAt(text []byte, offset int) (start, end int) {
	end = len(text)
	for pos := 0; pos <= len(text); {
		n := lineLength(text[pos:])
		line := text[pos : pos+n]
		if isSeparator(line) {
			if pos+n < offset || (pos <= offset && offset <= pos+n) {
				start = min(pos+n+1, len(text))
			} else {
				return start, pos
			}
		}
		pos += n + 1
	}
	return start, end
}

func isSeparator(line []byte) bool {
	return bytes.HasPrefix(line, []byte("---")) && (len(line) == 3 || line[3] == ' ' || line[3] == '\r' || line[3] == '\t')
}

// topLevelField reads "key: value" at column 0, unquoting the value.
func topLevelField(line string) (key, value string, ok bool) {
	if line == "" || line[0] == ' ' || line[0] == '-' || line[0] == '#' {
		return "", "", false
	}
	key, value, ok = strings.Cut(line, ":")
	if !ok {
		return "", "", false
	}
	value = strings.TrimSpace(value)
	if i := strings.Index(value, " #"); i >= 0 {
		value = strings.TrimSpace(value[:i])
	}
	if u, err := strconv.Unquote(value); err == nil {
		value = u
	} else if len(value) >= 2 && value[0] == '\'' && value[len(value)-1] == '\'' {
		value = value[1 : len(value)-1]
	}
	return strings.TrimSpace(key), value, true
}

// pathEntry is an open mapping key or sequence item.
type pathEntry struct {
	indent int
	key    string
	item   bool
	index  int
}

// pathScanner tracks the open keys and items line by line.
type pathScanner struct {
	stack       []pathEntry
	blockIndent int // indent of a key whose block scalar is running, or -1
	inBlock     bool
	cursorSeen  bool
	result      []string
}

func (s *pathScanner) line(line string) {
	indent, content := splitIndent(line)
	if s.inBlock {
		if content == "" || indent > s.blockIndent {
			return
		}
		s.inBlock = false
	}
	if skippable(content) {
		return
	}
	s.tokens(indent, content, -1)
}

// cursor handles the cursor's line; col is the cursor's byte column.
func (s *pathScanner) cursor(line string, col int) {
	s.cursorSeen = true
	indent, content := splitIndent(line)
	if s.inBlock && (content == "" || indent > s.blockIndent) {
		s.result = s.path()
		return
	}
	s.inBlock = false
	if content == "" || skippable(content) {
		s.popTo(min(col, len(line)), false)
		s.result = s.path()
		return
	}
	s.tokens(indent, content, col)
	s.result = s.path()
}

// tokens processes the dashes and key of one line starting at column
// indent. With col >= 0 it stops at the cursor: a key is kept only when the
// cursor is on it or after its colon.
func (s *pathScanner) tokens(indent int, content string, col int) {
	for strings.HasPrefix(content, "-") && (len(content) == 1 || content[1] == ' ') {
		if col >= 0 && col <= indent {
			s.popTo(col, false)
			return
		}
		s.dash(indent)
		rest := strings.TrimLeft(content[1:], " ")
		indent += len(content) - len(rest)
		content = rest
	}
	key, value, ok := splitKey(content)
	if !ok {
		if col >= 0 {
			s.popTo(indent, false)
		}
		return
	}
	if col >= 0 && col < indent {
		s.popTo(col, false)
		return
	}
	s.popTo(indent, false)
	s.stack = append(s.stack, pathEntry{indent: indent, key: key})
	if col < 0 && (strings.HasPrefix(value, "|") || strings.HasPrefix(value, ">")) {
		s.inBlock, s.blockIndent = true, indent
	}
}

// dash opens a sequence item at column d: the next item of a list already
// open there, or the first item under the key above.
func (s *pathScanner) dash(d int) {
	s.popTo(d, true)
	if n := len(s.stack); n > 0 && s.stack[n-1].item && s.stack[n-1].indent == d {
		s.stack[n-1].index++
		return
	}
	s.stack = append(s.stack, pathEntry{indent: d, item: true})
}

// popTo closes the entries at or right of column c; for a dash at c it
// keeps those at exactly c: an item there continues its list, and a key
// there owns a list that is not indented under it.
func (s *pathScanner) popTo(c int, dash bool) {
	for n := len(s.stack); n > 0; n = len(s.stack) {
		top := s.stack[n-1]
		if top.indent < c || (dash && top.indent == c) {
			return
		}
		s.stack = s.stack[:n-1]
	}
}

func (s *pathScanner) path() []string {
	out := make([]string, 0, len(s.stack))
	for _, e := range s.stack {
		if e.item {
			out = append(out, strconv.Itoa(e.index))
		} else {
			out = append(out, e.key)
		}
	}
	return out
}

func splitIndent(line string) (int, string) {
	content := strings.TrimLeft(line, " ")
	return len(line) - len(content), strings.TrimRight(content, " \t")
}

// skippable reports lines that hold no keys: comments and lines made only of
// template actions ({{- if ... }}, {{ toYaml . | nindent 4 }}).
func skippable(content string) bool {
	if strings.HasPrefix(content, "#") {
		return true
	}
	for strings.HasPrefix(content, "{{") {
		end := strings.Index(content, "}}")
		if end < 0 {
			return true
		}
		content = strings.TrimLeft(content[end+2:], " \t")
	}
	return content == ""
}

// splitKey splits "key: value" (or "key:"); keys may be quoted or hold
// template actions.
func splitKey(content string) (key, value string, ok bool) {
	i := 0
	switch {
	case strings.HasPrefix(content, `"`), strings.HasPrefix(content, "'"):
		end := strings.IndexByte(content[1:], content[0])
		if end < 0 {
			return "", "", false
		}
		key, i = content[1:end+1], end+2
	default:
		for i < len(content) {
			if strings.HasPrefix(content[i:], "{{") {
				end := strings.Index(content[i:], "}}")
				if end < 0 {
					return "", "", false
				}
				i += end + 2
				continue
			}
			if content[i] == ':' && (i+1 == len(content) || content[i+1] == ' ' || content[i+1] == '\t') {
				break
			}
			if content[i] == '#' && i > 0 && content[i-1] == ' ' {
				return "", "", false
			}
			i++
		}
		key = strings.TrimSpace(content[:i])
	}
	if i >= len(content) || content[i] != ':' || key == "" || strings.HasPrefix(key, "{") || strings.HasPrefix(key, "[") {
		return "", "", false
	}
	return key, strings.TrimSpace(content[i+1:]), true
}
