package rules

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
)

// Edits of values files for the fixes of the values rules: adding a key
// path and removing a key with its value and comments, in block-style YAML
// as charts write it, keeping the file's indentation and line endings.
// Layouts the edits cannot be sure of (flow mappings, keys sharing a line)
// get no fix.

// yamlText is a values file's text by lines, with the index of its keys:
// made once for all the edits of a check.
type yamlText struct {
	file   *source.File
	keys   *chart.KeyIndex
	starts []int // offset of each line's start
	eol    string
}

// valuesYAML reads a values file for editing; an error when it does not
// parse.
func valuesYAML(f *source.File) (*yamlText, error) {
	keys, err := chart.IndexYAMLKeys(f)
	if err != nil {
		return nil, err
	}
	return indexedYAML(f, keys), nil
}

// indexedYAML reads a values file already indexed for editing. Its line
// starts are allocated once at their number: grown line by line, a big
// values file's table would be allocated about twice over.
func indexedYAML(f *source.File, keys *chart.KeyIndex) *yamlText {
	starts := make([]int, 1, 1+bytes.Count(f.Data, []byte("\n")))
	for i, b := range f.Data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	y := &yamlText{file: f, keys: keys, starts: starts, eol: "\n"}
	if bytes.Contains(f.Data, []byte("\r\n")) {
		y.eol = "\r\n"
	}
	return y
}

func (y *yamlText) lines() int { return len(y.starts) }

// lineOf returns the 0-based line holding offset.
func (y *yamlText) lineOf(offset int) int {
	i, found := slices.BinarySearch(y.starts, offset)
	if !found {
		i--
	}
	return i
}

// end is the offset of the end of line i, before its line break.
func (y *yamlText) end(i int) int {
	if i+1 >= len(y.starts) {
		return len(y.file.Data)
	}
	end := y.starts[i+1] - 1
	if end > y.starts[i] && y.file.Data[end-1] == '\r' {
		end--
	}
	return end
}

// next is the offset of the start of the line after i (the end of the
// file for the last line).
func (y *yamlText) next(i int) int {
	if i+1 >= len(y.starts) {
		return len(y.file.Data)
	}
	return y.starts[i+1]
}

func (y *yamlText) text(i int) string { return string(y.file.Data[y.starts[i]:y.end(i)]) }

func (y *yamlText) indent(i int) int {
	t := y.text(i)
	return len(t) - len(strings.TrimLeft(t, " "))
}

func (y *yamlText) blank(i int) bool { return strings.TrimSpace(y.text(i)) == "" }

func (y *yamlText) comment(i int) bool { return strings.HasPrefix(strings.TrimSpace(y.text(i)), "#") }

// content reports whether line i holds YAML (is neither blank nor a comment).
func (y *yamlText) content(i int) bool { return !y.blank(i) && !y.comment(i) }

// separator reports whether line i is a document marker (--- or ...).
func (y *yamlText) separator(i int) bool {
	t := y.text(i)
	return strings.HasPrefix(t, "---") || strings.HasPrefix(t, "...")
}

// startsLine reports whether the key at offset is the first thing on its
// line, as in a block mapping: line i then holds this key alone.
func (y *yamlText) startsLine(offset int) bool {
	i := y.lineOf(offset)
	return strings.TrimLeft(string(y.file.Data[y.starts[i]:offset]), " ") == ""
}

// blockEnd returns the last line of the value of the key on line i, whose
// indentation is indent: the lines below indented deeper, and a sequence
// at the key's own indentation. Comments inside count; trailing comments
// count only with withComments (and only those indented deeper).
func (y *yamlText) blockEnd(i, indent int, withComments bool) int {
	last := i
	for j := i + 1; j < y.lines(); j++ {
		switch {
		case y.blank(j):
		case y.comment(j):
			if withComments && y.indent(j) > indent {
				last = j
			}
		case y.indent(j) > indent || y.indent(j) == indent && isSequenceItem(y.text(j)):
			last = j
		default:
			return last
		}
	}
	return last
}

func isSequenceItem(line string) bool {
	t := strings.TrimLeft(line, " ")
	return t == "-" || strings.HasPrefix(t, "- ")
}

// lastTopLevelLine returns the last line of YAML of the file's first
// document, -1 when it has none.
func (y *yamlText) lastTopLevelLine() int {
	last := -1
	for i := 0; i < y.lines(); i++ {
		if y.separator(i) {
			if last >= 0 {
				break
			}
			continue
		}
		if y.content(i) {
			last = i
		}
	}
	return last
}

// indentUnit is the file's indentation step: that of the first nested
// mapping, else 2.
func indentUnit(y *yamlText, keys []*chart.Key) int {
	for _, k := range keys {
		if len(k.Children) == 0 {
			continue
		}
		child := k.Children[0].Key.Start
		if y.startsLine(k.Key.Start) && y.startsLine(child) {
			if unit := y.indent(y.lineOf(child)) - y.indent(y.lineOf(k.Key.Start)); unit > 0 {
				return unit
			}
		}
		if unit := indentUnit(y, k.Children); unit != 2 {
			return unit
		}
	}
	return 2
}

// plainKey matches keys that need no quotes in YAML.
var plainKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-/]*$`) })

// yamlKey writes a key for a block mapping, quoted when YAML would read it
// as something else than the string (yes, on, null... in YAML 1.1).
func yamlKey(k string) string {
	switch strings.ToLower(k) {
	case "y", "yes", "n", "no", "true", "false", "on", "off", "null":
		return strconv.Quote(k)
	}
	if plainKey().MatchString(k) {
		return k
	}
	return strconv.Quote(k)
}

// addKeyEdits returns the edits that add path, with the value null, to
// the values file: under the deepest key of the path the file has, after
// its last key, indented as the file is. A null value renders exactly as
// the missing key did, and defines it.
func (y *yamlText) addKeyEdits(path []string) ([]lint.Edit, bool) {
	if len(path) == 0 {
		return nil, false
	}
	var parent *chart.Key
	keys, depth := y.keys.Keys, 0
	for ; depth < len(path); depth++ {
		k := keyNamed(keys, path[depth])
		if k == nil {
			break
		}
		parent, keys = k, k.Children
	}
	if depth == len(path) {
		return nil, false
	}
	unit := indentUnit(y, y.keys.Keys)
	if parent == nil {
		return addTopLevel(y, path, unit)
	}
	return addUnder(y, parent, path[depth:], unit)
}

func keyNamed(keys []*chart.Key, name string) *chart.Key {
	for _, k := range keys {
		if k.Path[len(k.Path)-1] == name {
			return k
		}
	}
	return nil
}

// addTopLevel adds path after the last top-level key of the first document.
func addTopLevel(y *yamlText, path []string, unit int) ([]lint.Edit, bool) {
	last := y.lastTopLevelLine()
	if last < 0 {
		// No YAML yet: append to what is there (comments, nothing).
		text := keyLines(path, 0, unit, y.eol) + y.eol
		if n := len(y.file.Data); n > 0 && y.file.Data[n-1] != '\n' {
			text = y.eol + text
		}
		return []lint.Edit{insertAt(y.file, len(y.file.Data), text)}, true
	}
	top := y.keys.Keys
	if len(top) == 0 || !y.startsLine(top[0].Key.Start) {
		return nil, false
	}
	indent := y.indent(y.lineOf(top[0].Key.Start))
	return []lint.Edit{insertAt(y.file, y.end(last), y.eol+keyLines(path, indent, unit, y.eol))}, true
}

// addUnder adds the rest of a path below the key parent: after its last
// child, or as its first child when its value is empty or {}.
func addUnder(y *yamlText, parent *chart.Key, rest []string, unit int) ([]lint.Edit, bool) {
	if !y.startsLine(parent.Key.Start) {
		return nil, false
	}
	line := y.lineOf(parent.Key.Start)
	indent := y.indent(line)
	if len(parent.Children) > 0 {
		first := parent.Children[0].Key.Start
		if !y.startsLine(first) {
			return nil, false // a flow mapping
		}
		last := y.blockEnd(line, indent, false)
		return []lint.Edit{insertAt(y.file, y.end(last), y.eol+keyLines(rest, y.indent(y.lineOf(first)), unit, y.eol))}, true
	}
	if y.blockEnd(line, indent, false) != line {
		return nil, false // a value on the lines below: a sequence, a block scalar
	}
	colon := colonAfter(y, parent.Key)
	if colon < 0 {
		return nil, false
	}
	insert := insertAt(y.file, y.end(line), y.eol+keyLines(rest, indent+unit, unit, y.eol))
	value := bytes.TrimLeft(y.file.Data[colon+1:y.end(line)], " \t")
	switch {
	case emptyValue(value):
		return []lint.Edit{insert}, true
	case bytes.HasPrefix(value, []byte("{}")) && emptyValue(value[2:]):
		empty := lint.Edit{Span: source.Span{File: y.file, Start: colon + 1, End: y.end(line) - len(value) + 2}}
		return []lint.Edit{empty, insert}, true
	}
	return nil, false // a scalar or a flow mapping with keys
}

// emptyValue reports whether the rest of a line after a key holds no
// value: nothing, or only a comment.
func emptyValue(rest []byte) bool {
	t := bytes.TrimSpace(rest)
	return len(t) == 0 || t[0] == '#'
}

// keyLines writes path as nested keys, the first at indent, the last with
// the value null, without a final line break.
func keyLines(path []string, indent, unit int, eol string) string {
	var b strings.Builder
	for i, seg := range path {
		if i > 0 {
			b.WriteString(eol)
		}
		b.WriteString(strings.Repeat(" ", indent+i*unit))
		b.WriteString(yamlKey(seg))
		b.WriteString(":")
	}
	b.WriteString(" null")
	return b.String()
}

func insertAt(f *source.File, offset int, text string) lint.Edit {
	return lint.Edit{Span: source.Span{File: f, Start: offset, End: offset}, NewText: text}
}

// removeKeyEdits returns the edits that delete the key k of the values
// file with its value, the comment block just above it and one blank line
// when it stood between blank lines. A parent left without keys gets the
// value {}, so that it stays a mapping.
func (y *yamlText) removeKeyEdits(k *chart.Key) ([]lint.Edit, bool) {
	if !y.startsLine(k.Key.Start) {
		return nil, false
	}
	line := y.lineOf(k.Key.Start)
	indent := y.indent(line)
	first, last := line, y.blockEnd(line, indent, true)
	for first > 0 && y.comment(first-1) && y.indent(first-1) == indent {
		first--
	}
	if (first == 0 || y.blank(first-1)) && last+1 < y.lines() && y.blank(last+1) {
		last++
	}
	edits := []lint.Edit{{Span: source.Span{File: y.file, Start: y.starts[first], End: y.next(last)}}}
	if len(k.Path) < 2 {
		return edits, true
	}
	parent, ok := y.keys.Lookup(k.Path[:len(k.Path)-1])
	if !ok || len(parent.Children) > 1 {
		return edits, ok
	}
	colon := colonAfter(y, parent.Key)
	if colon < 0 {
		return nil, false
	}
	return append([]lint.Edit{insertAt(y.file, colon+1, " {}")}, edits...), true
}

// colonAfter finds the colon that ends a key on its line, -1 when none.
func colonAfter(y *yamlText, k source.Span) int {
	end := y.end(y.lineOf(k.Start))
	data := y.file.Data
	for i := k.End; i < end; i++ {
		if data[i] == ':' && (i+1 == end || data[i+1] == ' ' || data[i+1] == '\t') {
			return i
		}
	}
	return -1
}
