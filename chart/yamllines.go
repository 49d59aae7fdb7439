package chart

import (
	"bytes"
	"strconv"
	"strings"
)

// lineIndexer indexes a document that does not parse, line by line from
// its indentation, as a values file is while the user types it: a "key:"
// line is a key of the nearest less indented key above it, a "- " line an
// item, and the comment lines right above a key document it. Flow
// collections and scalars over several lines are values with nothing
// indexed inside; a line that reads as neither key nor item is skipped.
type lineIndexer struct {
	*yamlIndexer
	doc     int
	top     []*Key
	open    []openKey // the keys later lines may nest under, innermost last
	comment []string  // the comment lines since the last key or blank line
}

// openKey is a key or item that later lines may nest under.
type openKey struct {
	key    *Key
	indent int // the column of the key or "-"
	item   bool
	// bare is set on a key with no value on its line: a sequence may
	// start below it at its column.
	bare bool
}

// index returns the top-level keys of the document in r.
func (l *lineIndexer) index(r byteRange) []*Key {
	data := l.file.Data
	for line := r.start; line < r.end; line = lineAfter(data, line) {
		text := lineText(data, line)
		content := bytes.TrimLeft(text, " ")
		indent := len(text) - len(content)
		switch {
		case len(bytes.TrimSpace(content)) == 0:
			l.comment = nil
		case content[0] == '#':
			l.comment = append(l.comment, string(content))
		case indent == 0 && (isDocumentStart(content) || bytes.HasPrefix(content, []byte("..."))):
			l.comment = nil
		default:
			line = l.entry(line, indent, content)
		}
	}
	return l.top
}

// entry reads the items and key that start a line at column col (content
// is the line from there) and returns the start of the last line read:
// a block scalar's lines are read with its key.
func (l *lineIndexer) entry(line, col int, content []byte) int {
	pos := line + col
	for isItem(content) {
		dash := col
		item := &Key{Key: l.span(pos, pos+1), Value: l.span(pos+1, pos+1)}
		l.add(item, "", col, true)
		rest := bytes.TrimLeft(content[1:], " \t")
		col += len(content) - len(rest)
		pos += len(content) - len(rest)
		content = rest
		if len(content) == 0 {
			return line
		}
		if _, _, _, ok := splitKey(content); !ok && !isItem(content) {
			return l.scalar(item, line, pos, content, dash)
		}
	}
	written, name, after, ok := splitKey(content)
	if !ok {
		return line
	}
	k := &Key{Key: l.span(pos, pos+len(written))}
	l.add(k, name, col, false)
	value := bytes.TrimLeft(after, " \t")
	vpos := pos + len(content) - len(value)
	if len(value) == 0 || value[0] == '#' {
		k.Value = l.span(vpos, vpos)
		k.LineComment = lineComment(value)
		l.open[len(l.open)-1].bare = true
		return line
	}
	return l.scalar(k, line, vpos, value, col)
}

// scalar sets k's value, the scalar text at pos on the line, below a key
// or "-" at column indent, and returns the start of its last line.
func (l *lineIndexer) scalar(k *Key, line, pos int, text []byte, indent int) int {
	data := l.file.Data
	value := plainText(text)
	k.LineComment = lineComment(text[len(value):])
	end := pos + len(value)
	if value[0] == '|' || value[0] == '>' {
		end = blockScalarEnd(data, pos, indent)
	}
	k.Value = l.span(pos, end)
	l.extend(end)
	for next := lineAfter(data, line); next <= end && next < len(data); next = lineAfter(data, next) {
		line = next
	}
	return line
}

// add places k, named name (an item: the next index), under the open key
// it nests in at column col.
func (l *lineIndexer) add(k *Key, name string, col int, item bool) {
	for len(l.open) > 0 {
		top := l.open[len(l.open)-1]
		if top.indent < col || item && top.bare && top.indent == col {
			break // a sequence may start at the column of its key
		}
		l.open = l.open[:len(l.open)-1]
	}
	k.Document, k.Comment, l.comment = l.doc, commentText(strings.Join(l.comment, "\n")), nil
	var parent *Key
	if len(l.open) > 0 {
		parent = l.open[len(l.open)-1].key
	}
	switch {
	case parent == nil && item:
		k.Path = []string{strconv.Itoa(len(l.top))}
		l.top = append(l.top, k)
	case parent == nil:
		k.Path = []string{name}
		l.top = append(l.top, k)
	case item:
		k.Path = appendPath(parent.Path, strconv.Itoa(len(parent.Items)))
		parent.Items = append(parent.Items, k)
	default:
		k.Path = appendPath(parent.Path, name)
		parent.Children = append(parent.Children, k)
	}
	if parent != nil && len(parent.Children)+len(parent.Items) == 1 {
		parent.Value.Start = k.Key.Start
	}
	l.extend(k.Key.End)
	l.open = append(l.open, openKey{key: k, indent: col, item: item})
}

// extend makes the values of the open keys reach end.
func (l *lineIndexer) extend(end int) {
	for _, o := range l.open {
		o.key.Value.End = max(o.key.Value.End, end)
	}
}

// isItem reports whether a line's content starts with a sequence item's
// "-".
func isItem(content []byte) bool {
	return len(content) > 0 && content[0] == '-' && (len(content) == 1 || content[1] == ' ' || content[1] == '\t')
}

// splitKey reads "key:" at the start of content: the key as written, its
// name, and what follows the colon.
func splitKey(content []byte) (written []byte, name string, after []byte, ok bool) {
	end := 0
	switch content[0] {
	case '"', '\'':
		end = quotedEnd(content, 0, content[0])
		rest := bytes.TrimLeft(content[end:], " \t")
		if len(rest) == 0 || rest[0] != ':' || len(rest) > 1 && !isYAMLSpace(rest[1]) {
			return nil, "", nil, false
		}
		written, after = content[:end], rest[1:]
		name = unquoteKey(written)
		return written, name, after, true
	case '#', '{', '[', '&', '*', '!', '|', '>', '%', '@', '`', '?':
		return nil, "", nil, false
	}
	for i := range content {
		if content[i] == ':' && (i+1 == len(content) || isYAMLSpace(content[i+1])) {
			written = bytes.TrimRight(content[:i], " \t")
			return written, string(written), content[i+1:], len(written) > 0
		}
		if content[i] == '#' && i > 0 && isYAMLSpace(content[i-1]) {
			break
		}
	}
	return nil, "", nil, false
}

// unquoteKey is the name a quoted key stands for.
func unquoteKey(written []byte) string {
	if written[0] == '\'' {
		return strings.ReplaceAll(strings.TrimSuffix(string(written[1:]), "'"), "''", "'")
	}
	if s, err := strconv.Unquote(string(written)); err == nil {
		return s
	}
	return strings.Trim(string(written), `"`)
}

// lineComment is the comment in text, which follows a value, without its
// '#'.
func lineComment(text []byte) string {
	if i := bytes.IndexByte(text, '#'); i >= 0 {
		return commentText(string(text[i:]))
	}
	return ""
}
