package chart

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/chartwright/chartwright/chart/source"
	yamlv3 "go.yaml.in/yaml/v3"
)

// Key is a key of a YAML file (Chart.yaml, values.yaml), or an item of a
// sequence, with where it is written and the comments that document it.
type Key struct {
	// Path is the key's path from its document's root. The element of a
	// sequence item is its index in decimal: ["containers", "0", "name"] is
	// the name of the first container.
	Path []string
	// Key is the key as written, quotes included; for an item of a block
	// sequence, its "-", for an item of a flow sequence, the empty span
	// where the item starts.
	Key source.Span
	// Value is the value as written: a scalar with its quotes (and its
	// anchor or tag), a block scalar with all its lines, a mapping or a
	// sequence from its first character to its last, an alias; the empty
	// span after the colon when the value is empty.
	Value source.Span
	// Comment is the comment block above the key and LineComment the
	// comment after it on its line, both without their '#' markers.
	Comment, LineComment string
	// Children are the keys of a mapping value, in file order, and Items
	// the items of a sequence value. Below an alias, they are the keys of
	// its anchor, where the anchor is written.
	Children, Items []*Key
	// Document is the index of the YAML document holding the key, 0 for
	// the first.
	Document int

	docOnce sync.Once
	doc     string
}

// Doc is the key's documentation as Markdown: its comment above, then its
// comment on its line, without the further '#' of "## text" comments and
// the "-- " of helm-docs' "# -- text", which Markdown would read as
// headings and rules. It is worked out once: completion asks for the docs
// of many keys at each request.
func (k *Key) Doc() string {
	k.docOnce.Do(func() {
		if k.Comment == "" && k.LineComment == "" {
			return
		}
		lines := strings.Split(strings.TrimSpace(k.Comment+"\n"+k.LineComment), "\n")
		for i, l := range lines {
			l = strings.TrimLeft(l, "#")
			lines[i] = strings.TrimPrefix(strings.TrimPrefix(l, " "), "-- ")
		}
		k.doc = strings.TrimSpace(strings.Join(lines, "\n"))
	})
	return k.doc
}

// KeyIndex locates the keys of a YAML file.
type KeyIndex struct {
	File *source.File
	// Keys are the top-level keys of every document, in file order (the
	// items of a document that is a sequence).
	Keys []*Key
}

// IndexYAML returns where every key of every document of file is, with its
// comments. A document that does not parse is indexed line by line from
// its indentation, as a file is while the user types it; the index then
// comes with the first syntax error, a *LineError.
func IndexYAML(file *source.File) (*KeyIndex, error) {
	x := &yamlIndexer{file: file, budget: maxAliasKeys, ends: map[*yamlv3.Node]int{}}
	idx := &KeyIndex{File: file}
	var firstErr error
	doc := 0
	for _, chunk := range yamlChunks(file.Data) {
		keys, n, err := x.chunk(chunk, doc)
		idx.Keys = append(idx.Keys, keys...)
		doc += n
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return idx, firstErr
}

// maxAliasKeys bounds the keys made by following aliases, which could
// otherwise grow exponentially with nested aliases.
const maxAliasKeys = 100_000

// byteRange is a range of the file.
type byteRange struct{ start, end int }

// yamlChunks splits data at the lines that start a document ("---" alone
// or followed by a space): each chunk holds one document, so that one that
// does not parse leaves the others indexed.
func yamlChunks(data []byte) []byteRange {
	var out []byteRange
	start := 0
	for line := 0; line < len(data); {
		next := len(data)
		if i := bytes.IndexByte(data[line:], '\n'); i >= 0 {
			next = line + i + 1
		}
		if line > start && isDocumentStart(data[line:next]) {
			out = append(out, byteRange{start, line})
			start = line
		}
		line = next
	}
	return append(out, byteRange{start, len(data)})
}

func isDocumentStart(line []byte) bool {
	rest, ok := bytes.CutPrefix(line, []byte("---"))
	return ok && (len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' || rest[0] == '\n')
}

// yamlIndexer builds the keys of a file.
type yamlIndexer struct {
	file *source.File
	// budget is how many keys may still be made below aliases; expanding
	// holds the anchors being expanded, so that an alias to an enclosing
	// anchor is not followed.
	budget    int
	expanding []*yamlv3.Node
	// ends memoizes where nodes end: a collection ends with its last
	// member, which is asked again for each enclosing collection.
	ends map[*yamlv3.Node]int
	// asciiLine is the last line start converts a column on, when it has
	// no multi-byte character: columns are then byte offsets.
	asciiLine, asciiStart, asciiEnd int
}

// chunk indexes the documents of a chunk, doc being the first's index. It
// returns their keys and how many documents it holds.
func (x *yamlIndexer) chunk(r byteRange, doc int) ([]*Key, int, error) {
	lineBase := x.file.Position(r.start).Line - 1
	dec := yamlv3.NewDecoder(bytes.NewReader(x.file.Data[r.start:r.end]))
	var keys []*Key
	n := 0
	for {
		var node yamlv3.Node
		err := dec.Decode(&node)
		if errors.Is(err, io.EOF) {
			return keys, n, nil
		}
		if err != nil {
			lines := &lineIndexer{yamlIndexer: x, doc: doc + n}
			return append(keys, lines.index(r)...), n + 1, x.syntaxError(err, lineBase)
		}
		shift(&node, lineBase)
		if len(node.Content) > 0 {
			keys = append(keys, x.members(node.Content[0], nil, doc+n)...)
		}
		n++
	}
}

// shift moves the nodes of a chunk's document to the chunk's lines in the
// file. Each node is shifted once: aliases are not followed.
func shift(n *yamlv3.Node, lines int) {
	n.Line += lines
	for _, c := range n.Content {
		shift(c, lines)
	}
}

var yamlErrorLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): `) })

// syntaxError places a yaml.v3 error of a chunk starting after lineBase
// lines at its line in the file.
func (x *yamlIndexer) syntaxError(err error, lineBase int) error {
	msg := err.Error()
	line := lineBase + 1
	if m := yamlErrorLine().FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		line = lineBase + n
		msg = fmt.Sprintf("yaml: line %d: %s", line, msg[len(m[0]):])
	}
	return &LineError{File: x.file.Name, Line: line, Err: errors.New(msg)}
}

// members returns the keys of a mapping, or the items of a sequence, n
// whose path is path.
func (x *yamlIndexer) members(n *yamlv3.Node, path []string, doc int) []*Key {
	if n.Kind == yamlv3.AliasNode {
		return x.alias(n, path, doc)
	}
	var keys []*Key
	switch n.Kind {
	case yamlv3.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			keys = append(keys, x.pair(n.Content[i], n.Content[i+1], path, doc))
		}
	case yamlv3.SequenceNode:
		for i, item := range n.Content {
			keys = append(keys, x.item(item, appendPath(path, strconv.Itoa(i)), doc))
		}
	}
	return keys
}

// alias returns the keys below an alias: those of its anchor, unless the
// anchor is being expanded or the budget is spent.
func (x *yamlIndexer) alias(n *yamlv3.Node, path []string, doc int) []*Key {
	target := n.Alias
	if target == nil || x.budget <= 0 {
		return nil
	}
	for _, e := range x.expanding {
		if e == target {
			return nil
		}
	}
	x.expanding = append(x.expanding, target)
	keys := x.members(target, path, doc)
	x.expanding = x.expanding[:len(x.expanding)-1]
	return keys
}

// spend counts a key made below an alias against the budget.
func (x *yamlIndexer) spend() {
	if len(x.expanding) > 0 {
		x.budget--
	}
}

// pair is the key of a mapping entry.
func (x *yamlIndexer) pair(kn, vn *yamlv3.Node, parent []string, doc int) *Key {
	x.spend()
	start := x.start(kn)
	k := &Key{
		Path:     appendPath(parent, kn.Value),
		Key:      x.span(start, x.keyEnd(kn, start)),
		Comment:  commentText(kn.HeadComment),
		Document: doc,
	}
	x.value(k, vn, kn.Column-1)
	return k
}

// item is the key of a sequence item.
func (x *yamlIndexer) item(n *yamlv3.Node, path []string, doc int) *Key {
	x.spend()
	key := itemKey(x.file.Data, x.start(n))
	k := &Key{Path: path, Key: x.span(key.start, key.end), Comment: commentText(n.HeadComment), Document: doc}
	x.value(k, n, x.file.Position(key.start).Column-1)
	return k
}

// itemKey is the key of the sequence item whose value starts at start:
// its "-" when the value follows it on its line, else (a flow item, or a
// value on the lines below its "-") the empty span at start. The item's
// value is measured from the key's column.
func itemKey(data []byte, start int) byteRange {
	dash := start
	for dash > 0 && (data[dash-1] == ' ' || data[dash-1] == '\t') {
		dash--
	}
	if dash > 0 && data[dash-1] == '-' {
		return byteRange{dash - 1, dash}
	}
	return byteRange{start, start}
}

// value sets k's value n, written below the key or "-" at column indent,
// and the keys below it.
func (x *yamlIndexer) value(k *Key, n *yamlv3.Node, indent int) {
	start := x.start(n)
	k.Value = x.span(start, x.end(n, start, indent))
	// The comment on the line after the value, or after the colon when
	// the value is a block collection on the lines below.
	after := k.Value.End
	if (n.Kind == yamlv3.MappingNode || n.Kind == yamlv3.SequenceNode) && n.Style&yamlv3.FlowStyle == 0 {
		after = k.Key.End
	}
	k.LineComment = commentAfter(x.file.Data, after)
	members := x.members(n, k.Path, k.Document)
	if n.Kind == yamlv3.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yamlv3.SequenceNode {
		k.Items = members
	} else {
		k.Children = members
	}
}

// commentAfter is the comment that follows p on its line, after blanks
// (and a colon), without its '#'; "" when none does.
func commentAfter(data []byte, p int) string {
	rest := bytes.TrimLeft(lineText(data, p), " \t")
	if r, ok := bytes.CutPrefix(rest, []byte(":")); ok {
		rest = bytes.TrimLeft(r, " \t")
	}
	if len(rest) == 0 || rest[0] != '#' {
		return ""
	}
	return commentText(string(rest))
}

// start is the offset where node n is written, with its anchor or tag.
// yaml.v3 counts columns in runes.
func (x *yamlIndexer) start(n *yamlv3.Node) int {
	if n.Line != x.asciiLine {
		x.asciiLine, x.asciiStart, x.asciiEnd = n.Line, x.file.LineOffset(n.Line), -1
		if line := lineText(x.file.Data, x.asciiStart); isASCII(line) {
			x.asciiEnd = x.asciiStart + len(line)
		}
	}
	if x.asciiEnd >= 0 {
		return min(x.asciiStart+n.Column-1, x.asciiEnd)
	}
	off := x.asciiStart
	for c := 1; c < n.Column && off < len(x.file.Data); c++ {
		_, size := utf8.DecodeRune(x.file.Data[off:])
		off += size
	}
	return off
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (x *yamlIndexer) span(start, end int) source.Span {
	return source.Span{File: x.file, Start: start, End: max(start, end)}
}

// end is where node n, written at start below a key or "-" at column
// indent, ends: a collection with its last member (or closing bracket), a
// scalar with its last character.
func (x *yamlIndexer) end(n *yamlv3.Node, start, indent int) int {
	if end, ok := x.ends[n]; ok {
		return end
	}
	end := x.measure(n, start, indent)
	x.ends[n] = end
	return end
}

// measure is end, not memoized.
func (x *yamlIndexer) measure(n *yamlv3.Node, start, indent int) int {
	switch n.Kind {
	case yamlv3.AliasNode:
		return start + 1 + len(n.Value)
	case yamlv3.ScalarNode:
		return x.scalarEnd(n, start, indent)
	}
	p := x.skipProperties(start)
	if n.Style&yamlv3.FlowStyle != 0 || p < len(x.file.Data) && (x.file.Data[p] == '{' || x.file.Data[p] == '[') {
		return flowEnd(x.file.Data, p)
	}
	if len(n.Content) == 0 {
		return p
	}
	last := n.Content[len(n.Content)-1]
	lastIndent := indent // of a sequence: its items' "-"
	if n.Kind == yamlv3.MappingNode {
		lastIndent = n.Content[len(n.Content)-2].Column - 1 // the last key's
	}
	return x.end(last, x.start(last), lastIndent)
}

// skipProperties skips an anchor and a tag, and the spaces after them.
func (x *yamlIndexer) skipProperties(p int) int {
	data := x.file.Data
	for p < len(data) && (data[p] == '&' || data[p] == '!') {
		for p < len(data) && !isYAMLSpace(data[p]) {
			p++
		}
		for p < len(data) && (data[p] == ' ' || data[p] == '\t') {
			p++
		}
	}
	return p
}

// keyEnd is where the key kn written at start ends.
func (x *yamlIndexer) keyEnd(kn *yamlv3.Node, start int) int {
	data := x.file.Data
	p := x.skipProperties(start)
	if end, ok := quotedNodeEnd(data, kn, p); ok {
		return end
	}
	if kn.Value != "" && bytes.HasPrefix(data[p:], []byte(kn.Value)) {
		return p + len(kn.Value)
	}
	line := lineText(data, p)
	for i := range line {
		if line[i] == ':' && (i+1 == len(line) || isYAMLSpace(line[i+1])) {
			return p + len(bytes.TrimRight(line[:i], " \t"))
		}
	}
	return p + len(bytes.TrimRight(line, " \t"))
}

// scalarEnd is where the scalar n written at start ends.
func (x *yamlIndexer) scalarEnd(n *yamlv3.Node, start, indent int) int {
	data := x.file.Data
	p := x.skipProperties(start)
	if end, ok := quotedNodeEnd(data, n, p); ok {
		return end
	}
	if n.Style&(yamlv3.LiteralStyle|yamlv3.FoldedStyle) != 0 {
		return blockScalarEnd(data, p, indent)
	}
	return plainEnd(data, p, n.Value)
}

// quotedNodeEnd is the end of n, written at p, when it is quoted.
func quotedNodeEnd(data []byte, n *yamlv3.Node, p int) (int, bool) {
	switch {
	case n.Style&yamlv3.DoubleQuotedStyle != 0:
		return quotedEnd(data, p, '"'), true
	case n.Style&yamlv3.SingleQuotedStyle != 0:
		return quotedEnd(data, p, '\''), true
	}
	return 0, false
}

// quotedEnd is the end of the quoted scalar at p: after its closing quote,
// or the end of data.
func quotedEnd(data []byte, p int, quote byte) int {
	for i := p + 1; i < len(data); i++ {
		switch {
		case quote == '"' && data[i] == '\\':
			i++
		case data[i] == quote && quote == '\'' && i+1 < len(data) && data[i+1] == '\'':
			i++
		case data[i] == quote:
			return i + 1
		}
	}
	return len(data)
}

// blockScalarEnd is the end of the block scalar whose indicator is at p,
// below a key or "-" at column indent: the end of its last line that is
// more indented than indent, or of the indicator when it has none.
func blockScalarEnd(data []byte, p, indent int) int {
	end := p
	for end < len(data) && !isYAMLSpace(data[end]) && data[end] != '#' {
		end++
	}
	for line := lineAfter(data, p); line < len(data); line = lineAfter(data, line) {
		text := lineText(data, line)
		content := bytes.TrimLeft(text, " ")
		if len(bytes.TrimSpace(content)) == 0 {
			continue
		}
		if len(text)-len(content) <= indent {
			break
		}
		end = line + len(bytes.TrimRight(text, " \t"))
	}
	return end
}

// plainEnd is the end of the plain scalar at p whose value is value: the
// end of its first line (in a flow collection, before the next indicator),
// or of the line that completes it when it folds over several.
func plainEnd(data []byte, p int, value string) int {
	first := plainText(lineText(data, p))
	if string(first) == value {
		return p + len(first)
	}
	if flow := flowPlainText(first); string(flow) == value {
		return p + len(flow)
	}
	folded, breaks := string(first), 0
	for line := lineAfter(data, p); line < len(data) && strings.HasPrefix(value, folded); line = lineAfter(data, line) {
		text := lineText(data, line)
		content := plainText(bytes.TrimLeft(text, " \t"))
		if len(content) == 0 {
			breaks++
			continue
		}
		if breaks == 0 {
			folded += " "
		}
		folded += strings.Repeat("\n", breaks) + string(content)
		breaks = 0
		if folded == value {
			return line + (len(text) - len(bytes.TrimLeft(text, " \t"))) + len(content)
		}
	}
	return p + len(first)
}

// plainText is a line's plain scalar text: up to a comment, without
// trailing blanks.
func plainText(line []byte) []byte {
	for i := 1; i < len(line); i++ {
		if line[i] == '#' && (line[i-1] == ' ' || line[i-1] == '\t') {
			return bytes.TrimRight(line[:i], " \t")
		}
	}
	return bytes.TrimRight(line, " \t")
}

// flowPlainText is plain scalar text in a flow collection: up to the next
// indicator.
func flowPlainText(text []byte) []byte {
	if i := bytes.IndexAny(text, ",]}"); i >= 0 {
		return bytes.TrimRight(text[:i], " \t")
	}
	return text
}

// flowEnd is the end of the flow collection that opens at p: after its
// closing bracket, or the end of data.
func flowEnd(data []byte, p int) int {
	depth := 0
	for i := p; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"' || c == '\'':
			i = quotedEnd(data, i, c) - 1
		case c == '#' && i > 0 && isYAMLSpace(data[i-1]):
			i = lineAfter(data, i) - 1 // the comment runs to the line end
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(data)
}

// lineText is the text of the line from p to its end, without the line
// break.
func lineText(data []byte, p int) []byte {
	end := len(data)
	if i := bytes.IndexByte(data[p:], '\n'); i >= 0 {
		end = p + i
	}
	return bytes.TrimSuffix(data[p:end], []byte("\r"))
}

// lineAfter is the start of the line after p's, or the end of data.
func lineAfter(data []byte, p int) int {
	if i := bytes.IndexByte(data[p:], '\n'); i >= 0 {
		return p + i + 1
	}
	return len(data)
}

func isYAMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// appendPath returns path followed by name, in a new slice.
func appendPath(path []string, name string) []string {
	return append(path[:len(path):len(path)], name)
}

// commentText is the text of yaml.v3 comment lines, without '#' markers.
func commentText(c string) string {
	var lines []string
	for _, l := range strings.Split(c, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(l, "#")
		lines = append(lines, strings.TrimPrefix(l, " "))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// Lookup finds the key at a path in the first document that has it. A
// numeric element is the index of a sequence item; as in the paths
// render/refs reports, "[]" stands for the first item of a sequence and
// "*" for the first key of a mapping.
func (idx *KeyIndex) Lookup(path []string) (*Key, bool) {
	for start := 0; start < len(idx.Keys); {
		end := start + 1
		for end < len(idx.Keys) && idx.Keys[end].Document == idx.Keys[start].Document {
			end++
		}
		if k := lookup(idx.Keys[start:end], path); k != nil {
			return k, true
		}
		start = end
	}
	return nil, false
}

// lookup finds path among the keys or items of one level.
func lookup(level []*Key, path []string) *Key {
	var found *Key
	for _, name := range path {
		found = nil
		for _, k := range level {
			if last := k.Path[len(k.Path)-1]; last == name || name == "*" || name == "[]" && last == "0" {
				found = k
				break
			}
		}
		if found == nil {
			return nil
		}
		level = append(found.Children[:len(found.Children):len(found.Children)], found.Items...)
	}
	return found
}

// At returns the innermost key whose entry holds offset (its end
// included): the key, its value, or what lies between them on the key's
// line ("tag:| 1").
// An offset inside a mapping or sequence value that is on none of its
// entries (a comment or a blank line among them) is at no key: nil.
func (idx *KeyIndex) At(offset int) *Key {
	level := idx.Keys
	for {
		k := entryAt(level, offset)
		if k == nil || !inOwnEntries(k, offset) {
			return k
		}
		inner := entryAt(k.Children, offset)
		if inner == nil {
			inner = entryAt(k.Items, offset)
		}
		if inner == nil {
			return nil
		}
		level = []*Key{inner}
	}
}

// entryAt is the key among keys whose entry holds offset: its key, its
// value, or the rest of the key's line before the value.
func entryAt(keys []*Key, offset int) *Key {
	for _, k := range keys {
		if contains(k.Key, offset) || contains(k.Value, offset) || onKeyLine(k, offset) {
			return k
		}
	}
	return nil
}

// onKeyLine reports whether offset lies between k's key and its value, on
// the key's line.
func onKeyLine(k *Key, offset int) bool {
	if k.Key.File == nil || offset < k.Key.End || offset > k.Value.Start {
		return false
	}
	return bytes.IndexByte(k.Key.File.Data[k.Key.End:offset], '\n') < 0
}

// inOwnEntries reports whether offset is in k's value where the entries of
// that mapping or sequence are written (not an alias's, whose entries are
// the anchor's), past k's key and the rest of its line.
func inOwnEntries(k *Key, offset int) bool {
	first := k.Items
	if len(k.Children) > 0 {
		first = k.Children
	}
	if len(first) == 0 || contains(k.Key, offset) || offset < k.Value.Start {
		return false
	}
	return k.Value.Start <= first[0].Key.Start && first[0].Key.Start <= k.Value.End
}

func contains(s source.Span, offset int) bool { return s.Start <= offset && offset <= s.End }
