package render

import (
	"strings"
	"unicode/utf8"
)

// quickHead reads the head of a rendered document without a full YAML
// parse, for the shapes Kubernetes manifests usually take: block mappings
// and sequences, one-line plain and quoted scalars, block scalars, simple
// flow lists. It answers ok=false as soon as the document holds anything it
// cannot vouch for, and the caller then parses the document fully; so
// ok=true means the YAML parser would accept the document and decode the
// same head. Full parses of every document were most of a render's time.
func quickHead(doc string) (SimpleHead, bool) {
	if !plainText(doc) {
		return SimpleHead{}, false
	}
	s := headScanner{head: SimpleHead{}}
	for len(doc) > 0 {
		line := doc
		if i := strings.IndexByte(doc, '\n'); i >= 0 {
			line, doc = doc[:i], doc[i+1:]
		} else {
			doc = ""
		}
		if !s.line(line) {
			return SimpleHead{}, false
		}
	}
	if s.quote != 0 {
		return SimpleHead{}, false // a quoted scalar left open
	}
	return s.head, true
}

// plainText rejects what the fast path does not handle: invalid UTF-8,
// control characters (tabs and carriage returns included), BOMs.
func plainText(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' || c == 0x7f {
			return false
		}
		ascii = ascii && c < 0x80
	}
	return ascii || utf8.ValidString(s) && !strings.ContainsRune(s, '\uFEFF') && !hasNonPrintable(s)
}

func hasNonPrintable(s string) bool {
	for _, r := range s {
		if r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0x85 {
			return true
		}
	}
	return false
}

// headFrame is an open block collection.
type headFrame struct {
	indent int
	seq    bool
	ctx    headContext // where the collection sits, for reading the head
}

type headContext uint8

const (
	ctxOther       headContext = iota
	ctxRoot                    // the document's mapping
	ctxMetadata                // .metadata
	ctxAnnotations             // .metadata.annotations
)

// headScanner checks block structure line by line and collects the head.
type headScanner struct {
	stack []headFrame
	// pending is the indent of a key or "-" whose value starts on a later
	// line, -1 when none; pendingCtx is the context that value would have
	// and pendingKey whether a key (not a "-") opened it.
	pending    int
	pendingCtx headContext
	pendingKey bool
	started    bool
	// closed is the indent a finished value's owner had: deeper lines are
	// continuations the fast path does not read; -1 when none.
	closed int
	// plain is the indent of the owner of a plain scalar that deeper lines
	// may continue (folded into it), -1 when none.
	plain int
	// quote is the quote of a quoted scalar continuing on the next lines,
	// 0 when none; quoteOwner is the indent of its owner.
	quote      byte
	quoteOwner int
	// block is the indent of the node owning a block scalar in progress,
	// -1 when none; blockIndent is its content indent once known.
	block, blockIndent int
	seen               map[string]bool // head keys met, to give up on duplicates
	head               SimpleHead
}

func (s *headScanner) line(line string) bool {
	if !s.started {
		s.started, s.pending, s.block, s.closed, s.plain = true, -1, -1, -1, -1
	}
	indent := len(line) - len(strings.TrimLeft(line, " "))
	rest := line[indent:]
	if s.block >= 0 {
		if done, ok := s.blockLine(indent, rest); !done {
			return ok
		}
	}
	if s.quote != 0 {
		return s.quotedLine(indent, rest)
	}
	if rest == "" {
		return true
	}
	if s.plain >= 0 {
		if indent > s.plain && rest[0] != '#' {
			return plainContinuation(rest)
		}
		s.plain = -1
	}
	if rest[0] == '#' {
		return true
	}
	if s.closed >= 0 {
		if indent > s.closed {
			return false // more lines for a value already complete
		}
		s.closed = -1
	}
	if rest == "-" || strings.HasPrefix(rest, "- ") {
		return s.sequenceEntry(indent, rest)
	}
	if _, _, isKey := splitKey(rest); !isKey && s.pending >= 0 && indent > s.pending {
		if s.pendingCtx != ctxOther && rest != "{}" {
			return false
		}
		return s.valueLine(rest)
	}
	return s.mappingEntry(indent, rest)
}

// valueLine is a scalar or flow value standing alone on the line after its
// key; nothing may follow it deeper than the key.
func (s *headScanner) valueLine(rest string) bool {
	owner, ctx := s.pending, s.pendingCtx
	s.pending = -1
	switch ctx {
	case ctxMetadata:
		s.metadata()
	case ctxAnnotations:
		if md := s.metadata(); md.Annotations == nil {
			md.Annotations = map[string]string{}
		}
	}
	if rest[0] == '|' || rest[0] == '>' {
		if !blockHeader(rest) {
			return false
		}
		s.block, s.blockIndent = owner, -1
		return true
	}
	s.closed = owner
	if s.opensQuote(owner, rest) {
		return true
	}
	_, ok := scalar(rest)
	s.continuable(owner, rest)
	return ok
}

// opensQuote starts a quoted scalar that continues on later lines, if
// value is one.
func (s *headScanner) opensQuote(owner int, value string) bool {
	if value[0] != '\'' && value[0] != '"' || quotedEnd(value) >= 0 {
		return false
	}
	if value[0] == '"' && strings.Contains(value, "\\") {
		return false
	}
	s.quote, s.quoteOwner = value[0], owner
	return true
}

// quotedLine is a line inside a quoted scalar: it must be deeper than the
// owner, and may close the scalar, which nothing but a comment may follow.
func (s *headScanner) quotedLine(indent int, rest string) bool {
	if rest == "" {
		return true
	}
	if indent <= s.quoteOwner {
		return false
	}
	end := closingQuote(rest, s.quote)
	if end == -2 {
		return false
	}
	if end >= 0 {
		s.quote, s.closed = 0, s.quoteOwner
		return trailing(rest[end:])
	}
	return true
}

// closingQuote returns the index just past the quote closing a quoted
// scalar's continuation line, -1 if the line does not close it, and -2 for
// an escape in double quotes, which the fast path does not read.
func closingQuote(line string, q byte) int {
	for i := 0; i < len(line); i++ {
		switch {
		case q == '"' && line[i] == '\\':
			return -2
		case q == '\'' && line[i] == q && i+1 < len(line) && line[i+1] == q:
			i++
		case line[i] == q:
			return i + 1
		}
	}
	return -1
}

// continuable lets deeper lines continue a plain scalar value that has no
// comment after it; values of head fields are never continued.
func (s *headScanner) continuable(owner int, value string) {
	switch value[0] {
	case '"', '\'', '[', '{':
		return
	}
	if !strings.Contains(value, " #") {
		s.plain = owner
	}
}

// plainContinuation accepts a line continuing a plain scalar: inside one,
// indicators are plain characters, except ": " and a comment.
func plainContinuation(rest string) bool {
	if rest[0] == ':' || rest[0] == '#' {
		return false
	}
	rest = strings.TrimRight(rest, " ")
	return !strings.Contains(rest, ": ") && !strings.HasSuffix(rest, ":") && !strings.Contains(rest, " #")
}

// blockLine handles a line while a block scalar is open: content lines are
// consumed (done=false); a line indented no more than the owner ends it.
func (s *headScanner) blockLine(indent int, rest string) (done, ok bool) {
	if rest == "" {
		if s.blockIndent < 0 && indent > 0 {
			return false, false // leading blank lines with spaces: let the parser judge
		}
		return false, true
	}
	if indent <= s.block {
		s.block = -1
		return true, true
	}
	if s.blockIndent < 0 {
		s.blockIndent = indent
	}
	return false, indent >= s.blockIndent
}

// open returns the collection a line at indent belongs to, opening a
// nested one for a pending value, and closing deeper ones.
func (s *headScanner) open(indent int, seq bool) bool {
	if s.pending >= 0 {
		pending, ctx, byKey := s.pending, s.pendingCtx, s.pendingKey
		s.pending = -1
		if indent > pending || seq && byKey && indent == pending {
			if seq && ctx != ctxOther {
				return false // metadata or annotations as a list
			}
			s.stack = append(s.stack, headFrame{indent: indent, seq: seq, ctx: ctx})
			return true
		}
		if ctx != ctxOther && ctx != ctxMetadata && ctx != ctxAnnotations {
			return false // a head scalar left null
		}
	}
	for len(s.stack) > 0 && s.stack[len(s.stack)-1].indent > indent {
		s.stack = s.stack[:len(s.stack)-1]
	}
	if len(s.stack) == 0 {
		if indent != 0 || seq || s.seen != nil {
			return false
		}
		s.stack = append(s.stack, headFrame{indent: 0, ctx: ctxRoot})
		s.seen = map[string]bool{}
		return true
	}
	top := s.stack[len(s.stack)-1]
	if !seq && top.seq && top.indent == indent && len(s.stack) > 1 {
		s.stack = s.stack[:len(s.stack)-1] // a compact sequence ends at its key's indent
		top = s.stack[len(s.stack)-1]
	}
	return top.indent == indent && top.seq == seq
}

func (s *headScanner) sequenceEntry(indent int, rest string) bool {
	if !s.open(indent, true) {
		return false
	}
	item := strings.TrimLeft(rest[1:], " ")
	column := indent + len(rest) - len(item)
	switch {
	case item == "" || item[0] == '#':
		s.pending, s.pendingCtx, s.pendingKey = indent, ctxOther, false
		return true
	case item == "-" || strings.HasPrefix(item, "- "):
		return false
	case item[0] == '|' || item[0] == '>':
		s.block, s.blockIndent = indent, -1
		return blockHeader(item)
	}
	if key, value, ok := splitKey(item); ok {
		s.stack = append(s.stack, headFrame{indent: column, ctx: ctxOther})
		return s.entry(column, key, value)
	}
	if s.opensQuote(indent, item) {
		return true
	}
	_, ok := scalar(item)
	s.continuable(indent, item)
	return ok
}

func (s *headScanner) mappingEntry(indent int, rest string) bool {
	key, value, ok := splitKey(rest)
	if !ok || !s.open(indent, false) {
		return false
	}
	return s.entry(indent, key, value)
}

// entry handles "key: value" in the mapping on top of the stack.
func (s *headScanner) entry(indent int, key, value string) bool {
	ctx := s.stack[len(s.stack)-1].ctx
	field := headField(ctx, key)
	if field == "?" {
		return false
	}
	if field != "" {
		if s.seen[field] {
			return false
		}
		s.seen[field] = true
	}
	if value == "" || value[0] == '#' {
		child := ctxOther
		switch field {
		case "metadata":
			child = ctxMetadata
		case "annotations":
			child = ctxAnnotations
		case "":
		default:
			return false // a head scalar on later lines
		}
		s.pending, s.pendingCtx, s.pendingKey = indent, child, true
		return true
	}
	if value[0] == '|' || value[0] == '>' {
		if field != "" || !blockHeader(value) {
			return false
		}
		s.block, s.blockIndent = s.stack[len(s.stack)-1].indent, -1
		return true
	}
	if field == "" && s.opensQuote(indent, value) {
		return true
	}
	text, ok := scalar(value)
	if !ok || field == "metadata" || field == "annotations" {
		return false
	}
	if field != "" {
		return s.setHead(field, key, text)
	}
	s.continuable(indent, value)
	return true
}

// headField names the head field a key is in a context, "" for others, and
// "?" for a key that differs from a field only in case: Helm decodes the
// head through encoding/json, which matches field names case-insensitively.
func headField(ctx headContext, key string) string {
	var fields []string
	switch ctx {
	case ctxRoot:
		fields = []string{"apiVersion", "kind", "metadata"}
	case ctxMetadata:
		fields = []string{"name", "annotations"}
	case ctxAnnotations:
		return "annotation:" + key
	}
	for _, f := range fields {
		if key == f {
			return f
		}
		if strings.EqualFold(key, f) {
			return "?"
		}
	}
	return ""
}

// setHead stores a head string; text is "" when the scalar is not a string.
func (s *headScanner) setHead(field, key, text string) bool {
	if text == "" {
		return false
	}
	switch field {
	case "apiVersion":
		s.head.APIVersion = text
	case "kind":
		s.head.Kind = text
	case "name":
		s.metadata().Name = text
	default:
		md := s.metadata()
		if md.Annotations == nil {
			md.Annotations = map[string]string{}
		}
		md.Annotations[key] = text
	}
	return true
}

func (s *headScanner) metadata() *headMetadata {
	if s.head.Metadata == nil {
		s.head.Metadata = &headMetadata{}
	}
	return s.head.Metadata
}

// splitKey splits "key: value" or "key:" where key is a simple plain or
// quoted scalar that reads as a string.
func splitKey(s string) (key, value string, ok bool) {
	var end int
	switch s[0] {
	case '"', '\'':
		q := quotedEnd(s)
		if q < 0 || q >= len(s) || s[q] != ':' {
			return "", "", false
		}
		key, ok = unquote(s[:q])
		end = q
	default:
		end = strings.Index(s, ":")
		for end >= 0 && end+1 < len(s) && s[end+1] != ' ' {
			next := strings.Index(s[end+1:], ":")
			if next < 0 {
				end = -1
				break
			}
			end += next + 1
		}
		if end <= 0 || end > 1000 {
			return "", "", false
		}
		key = strings.TrimRight(s[:end], " ") // a plain key's trailing spaces are not part of it
		ok = plainString(key)
	}
	if !ok || end+1 < len(s) && s[end+1] != ' ' {
		return "", "", false
	}
	return key, strings.TrimLeft(s[end+1:], " "), true
}

// scalar checks a one-line value and returns its text when it reads as a
// string (empty when it reads as another type or when it is not a scalar).
func scalar(v string) (string, bool) {
	switch v[0] {
	case '"', '\'':
		q := quotedEnd(v)
		if q < 0 || !trailing(v[q:]) {
			return "", false
		}
		text, ok := unquote(v[:q])
		return text, ok
	case '[', '{':
		return "", flowCollection(v)
	case '&', '*', '!', '%', '@', '`', '|', '>', '?', ',', ']', '}', '#':
		return "", false
	case ':', '-':
		if len(v) == 1 || v[1] == ' ' {
			return "", false
		}
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimRight(v[:i], " ")
	}
	v = strings.TrimRight(v, " ")
	if strings.Contains(v, ": ") || strings.HasSuffix(v, ":") || specialFloat(v) {
		return "", false
	}
	if plainString(v) {
		return v, true
	}
	return "", true
}

// trailing accepts what may follow a closed quoted scalar: spaces, a comment.
func trailing(s string) bool {
	s = strings.TrimLeft(s, " ")
	return s == "" || s[0] == '#' && len(s) < len(s)+1
}

// quotedEnd returns the index just past the closing quote of a quoted
// scalar that ends on this line, or -1.
func quotedEnd(s string) int {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return i + 1
		}
	}
	return -1
}

// unquote decodes a quoted scalar; escapes in double quotes are left to the
// full parser.
func unquote(s string) (string, bool) {
	body := s[1 : len(s)-1]
	if s[0] == '"' {
		return body, !strings.Contains(body, "\\")
	}
	return strings.ReplaceAll(body, "''", "'"), true
}

// plainString reports whether a plain scalar surely resolves to a string in
// YAML 1.1: it does not start like a number, a boolean, null or a special
// float, and holds no indicator that would change its meaning.
func plainString(s string) bool {
	if s == "" || strings.Contains(s, " #") {
		return false
	}
	switch s[0] {
	case '+', '-', '.', '~', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
		'&', '*', '!', '%', '@', '`', '|', '>', '?', ',', '[', ']', '{', '}', '#', '"', '\'', ':', '<':
		return false
	case 'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O':
		return !yaml11Keyword[s] && !nullWord[s]
	}
	return true
}

var yaml11Keyword = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "n": true, "N": true, "no": true, "No": true, "NO": true,
	"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
}

// nullWord holds the plain scalars besides "~" that YAML 1.1 reads as null.
var nullWord = map[string]bool{"null": true, "Null": true, "NULL": true}

func specialFloat(s string) bool {
	s = strings.TrimLeft(s, "+-")
	switch s {
	case ".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN":
		return true
	}
	return false
}

// blockHeader accepts |, >, with an optional chomping indicator and comment.
func blockHeader(v string) bool {
	h := v[1:]
	if h != "" && (h[0] == '-' || h[0] == '+') {
		h = h[1:]
	}
	h = strings.TrimLeft(h, " ")
	return h == "" || h[0] == '#' && len(v)-len(h) > 1 && v[len(v)-len(h)-1] == ' '
}

// flowCollection accepts a one-line flow collection closed on its line,
// perhaps followed by a comment: [] and {}, lists and mappings whose items
// are double-quoted strings without escapes, simple words or such
// collections, and whose keys are simple words YAML reads as strings,
// numbers or booleans (a null key is an error of the JSON conversion).
func flowCollection(v string) bool {
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimRight(v, " ")
	end, ok := flowNode(v, 0, 0)
	return ok && end == len(v)
}

// maxFlowDepth bounds the nesting of the flow collections the fast path reads.
const maxFlowDepth = 64

// flowNode reads the flow collection starting at v[i], '[' or '{', and
// returns the offset just past its closing bracket.
func flowNode(v string, i, depth int) (end int, ok bool) {
	if depth > maxFlowDepth {
		return 0, false
	}
	closing := byte(']')
	if v[i] == '{' {
		closing = '}'
	}
	i = skipFlowSpaces(v, i+1)
	if i < len(v) && v[i] == closing {
		return i + 1, true
	}
	for {
		if closing == '}' {
			if i, ok = flowKey(v, i); !ok {
				return 0, false
			}
		}
		if i, ok = flowItem(v, i, depth); !ok {
			return 0, false
		}
		i = skipFlowSpaces(v, i)
		switch {
		case i == len(v):
			return 0, false
		case v[i] == closing:
			return i + 1, true
		case v[i] != ',':
			return 0, false
		}
		i = skipFlowSpaces(v, i+1)
	}
}

// flowKey reads "key: " at v[i], a simple word, and returns the offset of
// the value after it.
func flowKey(v string, i int) (int, bool) {
	word := v[i:wordEnd(v, i)]
	end := i + len(word)
	if word == "" || len(word) > 512 || !simpleWord(word) || nullWord[word] ||
		end+1 >= len(v) || v[end] != ':' || v[end+1] != ' ' {
		return 0, false
	}
	return skipFlowSpaces(v, end+2), true
}

// flowItem reads an item of a flow collection at v[i] and returns the
// offset just past it.
func flowItem(v string, i, depth int) (int, bool) {
	if i == len(v) {
		return 0, false
	}
	switch v[i] {
	case '[', '{':
		return flowNode(v, i, depth+1)
	case '"':
		n := strings.IndexAny(v[i+1:], "\"\\")
		if n < 0 || v[i+1+n] != '"' {
			return 0, false
		}
		return i + n + 2, true
	}
	end := wordEnd(v, i)
	if end == i || end-i == 1 && v[i] == '-' || !simpleWord(v[i:end]) {
		return 0, false
	}
	return end, true
}

func skipFlowSpaces(v string, i int) int {
	for i < len(v) && v[i] == ' ' {
		i++
	}
	return i
}

// wordEnd is the offset where the simple word starting at v[i] ends.
func wordEnd(v string, i int) int {
	for i < len(v) && wordByte(v[i]) {
		i++
	}
	return i
}

func simpleWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if !wordByte(s[i]) {
			return false
		}
	}
	return !specialFloat(s)
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '/'
}
