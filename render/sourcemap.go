package render

import (
	"bytes"
	"cmp"
	"errors"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"
	"unsafe"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/internal/tables"
)

// Origin is where a piece of rendered text came from: a template file and a
// byte offset in it. For literal template text the offset is exact; for the
// output of an action it is the action's opening delimiter.
type Origin struct {
	File   *source.File
	Offset int
}

// Span returns the origin as an empty span, for positions shared with lint and LSP.
func (o Origin) Span() source.Span {
	return source.Span{File: o.File, Start: o.Offset, End: o.Offset}
}

// textIndex finds where literal template text written to a recorder
// comes from. text/template writes a text node's bytes with a single Write
// of node.Text, so the writer can recognise literal template text by its
// address and learn exactly where it came from. The parser makes most
// text nodes slices of their file's data at their position: for their
// trees, the index keeps only the file, whose data holds them (a table of
// every node was a chart's largest table after its parse trees); the
// nodes of other trees (parsed from a copy of the text) are kept one by
// one, and win.
type textIndex struct {
	// files are the files whose trees' text nodes are slices of their data,
	// by the address of their data, once sealed.
	files []indexedFile
	// nodes map the backing array of the other text nodes to their place.
	nodes map[*byte]Origin
}

// indexedFile is a file of textIndex.files and the address of its data.
type indexedFile struct {
	start uintptr
	file  *source.File
}

// newTextIndex returns an empty index.
func newTextIndex() *textIndex { return &textIndex{} }

// add registers the text nodes of a parsed tree whose source is file. The
// index must be sealed before it is looked in.
func (ix *textIndex) add(tree *parse.Tree, file *source.File) {
	if ix == nil || tree == nil || tree.Root == nil || file == nil {
		return
	}
	if inData(tree, file) {
		if n := len(ix.files); n == 0 || ix.files[n-1].file != file {
			ix.files = append(ix.files, indexedFile{uintptr(unsafe.Pointer(unsafe.SliceData(file.Data))), file})
		}
		return
	}
	if ix.nodes == nil {
		ix.nodes = map[*byte]Origin{}
	}
	walkText(tree.Root, func(n *parse.TextNode) {
		if len(n.Text) > 0 {
			ix.nodes[unsafe.SliceData(n.Text)] = Origin{File: file, Offset: int(n.Pos)}
		}
	})
}

// inData reports whether every text node of tree is the slice of file's
// data at its position.
func inData(tree *parse.Tree, file *source.File) bool {
	ok := true
	walkText(tree.Root, func(n *parse.TextNode) {
		ok = ok && (len(n.Text) == 0 || int(n.Pos) < len(file.Data) && unsafe.SliceData(n.Text) == &file.Data[n.Pos])
	})
	return ok
}

// seal readies the index for lookups, which may then be concurrent.
func (ix *textIndex) seal() {
	if ix != nil {
		slices.SortFunc(ix.files, func(a, b indexedFile) int { return cmp.Compare(a.start, b.start) })
	}
}

// origin is where the literal text p starts, if p is a text node's: a
// node kept by itself, or a slice of the data of a file, the one of the
// files with the highest address not above p's.
func (ix *textIndex) origin(p []byte) (Origin, bool) {
	at := unsafe.SliceData(p)
	if o, ok := ix.nodes[at]; ok {
		return o, true
	}
	addr := uintptr(unsafe.Pointer(at))
	i, found := slices.BinarySearchFunc(ix.files, addr, func(f indexedFile, addr uintptr) int { return cmp.Compare(f.start, addr) })
	if !found {
		i-- // the file starting below p, if any
	}
	if i < 0 {
		return Origin{}, false
	}
	f := ix.files[i]
	if off := addr - f.start; off < uintptr(len(f.file.Data)) {
		return Origin{File: f.file, Offset: int(off)}, true
	}
	return Origin{}, false
}

func walkText(n parse.Node, visit func(*parse.TextNode)) {
	switch n := n.(type) {
	case *parse.TextNode:
		visit(n)
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walkText(c, visit)
			}
		}
	case *parse.IfNode:
		walkText(n.List, visit)
		walkText(n.ElseList, visit)
	case *parse.RangeNode:
		walkText(n.List, visit)
		walkText(n.ElseList, visit)
	case *parse.WithNode:
		walkText(n.List, visit)
		walkText(n.ElseList, visit)
	}
}

// segment is a run of output starting at start, with one origin. text is
// true for literal template text (offsets advance with the output).
type segment struct {
	start  int
	origin Origin
	text   bool
}

// recorder is the io.Writer templates execute into. It keeps the output and,
// when it has an index, where each write came from.
type recorder struct {
	index *textIndex
	// written counts the render's output against its bound.
	written *budget
	buf     bytes.Buffer
	segs    []segment
	// last is where the most recent literal text ended: the next action
	// starts at the first delimiter after it.
	last Origin
	// pending are include results produced since the last write: an action
	// that prints them gets their lines' origins.
	pending []*mappedText
	// set and define are, for an include's recorder, the template set
	// and the name of the define it executes (see run.defineStart).
	set    *template.Template
	define string
}

// mappedText is rendered text with the origin of each of its lines.
type mappedText struct {
	text  string
	lines []Origin
}

func newRecorder(index *textIndex, written *budget) *recorder {
	return &recorder{index: index, written: written}
}

// cycleText is what a value that holds itself prints as (see
// tables.Format); writing it fails the template.
var cycleText = []byte(tables.Cycle)

// errPrintedCycle is the error of a template that prints a value that holds
// itself, where Helm overflows its stack.
var errPrintedCycle = errors.New("printing values that hold themselves (a set or merge put a dict into itself, or into a dict or list it holds): they have no end, and Helm crashes here")

func (r *recorder) Write(p []byte) (int, error) {
	if err := r.written.spend(len(p)); err != nil {
		return 0, err
	}
	if bytes.Contains(p, cycleText) {
		return 0, errPrintedCycle
	}
	if len(p) == 0 || r.index == nil {
		return r.buf.Write(p)
	}
	if o, ok := r.index.origin(p); ok {
		r.segs = append(r.segs, segment{start: r.buf.Len(), origin: o, text: true})
		r.last = Origin{File: o.File, Offset: o.Offset + len(p)}
	} else {
		r.actionSegments(p)
	}
	r.pending = r.pending[:0]
	return r.buf.Write(p)
}

// actionSegments records the origin of an action's output: lines that an
// include produced keep the include's origins, the rest point at the action.
func (r *recorder) actionSegments(p []byte) {
	site := r.actionSite()
	if len(r.pending) == 0 {
		r.segs = append(r.segs, segment{start: r.buf.Len(), origin: site})
		return
	}
	m := lineMatcher{results: r.pending}
	start := r.buf.Len()
	for off := 0; off < len(p); {
		end := bytes.IndexByte(p[off:], '\n')
		if end < 0 {
			end = len(p) - off
		}
		origin, ok := m.find(string(p[off : off+end]))
		if !ok {
			origin = site
		}
		r.segs = append(r.segs, segment{start: start + off, origin: origin})
		off += end + 1
	}
}

// actionSite is the position of the action being printed: the first "{{"
// after the last literal text written.
func (r *recorder) actionSite() Origin {
	o := r.last
	if o.File == nil {
		return o
	}
	if i := bytes.Index(o.File.Data[min(o.Offset, len(o.File.Data)):], []byte("{{")); i >= 0 {
		o.Offset += i
	}
	return o
}

// lineMatcher finds, in order, the include result line a printed line came from.
type lineMatcher struct {
	results []*mappedText
	res     int // current result
	line    int // next line to try in it
	split   [][]string
}

func (m *lineMatcher) find(line string) (Origin, bool) {
	want := strings.TrimSpace(line)
	if want == "" {
		return Origin{}, false
	}
	if m.split == nil {
		m.split = make([][]string, len(m.results))
	}
	for r := m.res; r < len(m.results); r++ {
		if m.split[r] == nil {
			m.split[r] = strings.Split(m.results[r].text, "\n")
		}
		lines := m.split[r]
		start := 0
		if r == m.res {
			start = m.line
		}
		for i := start; i < len(lines) && i < len(m.results[r].lines); i++ {
			if strings.TrimSpace(lines[i]) == want {
				m.res, m.line = r, i+1
				return m.results[r].lines[i], true
			}
		}
	}
	return Origin{}, false
}

// text is the output, without a copy: the recorder must not be written to
// after.
func (r *recorder) text() string {
	b := r.buf.Bytes()
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// mapped returns the output with the origin of each line, if recorded; the
// recorder must not be written to after.
func (r *recorder) mapped() *mappedText {
	s := r.text()
	if r.index == nil {
		return &mappedText{text: s}
	}
	return &mappedText{text: s, lines: lineOrigins(s, r.segs)}
}

// lineOrigins computes the origin of each line of out: the origin of the
// segment holding the line's first non-blank character.
func lineOrigins(out string, segs []segment) []Origin {
	lines := make([]Origin, 0, strings.Count(out, "\n")+1)
	seg := 0
	for start := 0; start <= len(out); {
		end := strings.IndexByte(out[start:], '\n')
		if end < 0 {
			end = len(out) - start
		}
		at := start + len(out[start:start+end]) - len(strings.TrimLeft(out[start:start+end], " \t"))
		for seg+1 < len(segs) && segs[seg+1].start <= at {
			seg++
		}
		lines = append(lines, originAt(segs, seg, at))
		start += end + 1
	}
	return lines
}

func originAt(segs []segment, i, at int) Origin {
	if i >= len(segs) || segs[i].start > at {
		return Origin{}
	}
	s := segs[i]
	if s.text {
		return Origin{File: s.origin.File, Offset: s.origin.Offset + at - s.start}
	}
	return s.origin
}

// stripNoValue deletes every "<no value>" from the output, as Helm does,
// keeping the segments aligned with the shortened text.
func stripNoValue(out string, segs []segment) (string, []segment) {
	const marker = "<no value>"
	if !strings.Contains(out, marker) {
		return out, segs
	}
	var b strings.Builder
	var removedAt []int // output offsets (old) where a marker started
	for rest, base := out, 0; ; {
		i := strings.Index(rest, marker)
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		removedAt = append(removedAt, base+i)
		rest, base = rest[i+len(marker):], base+i+len(marker)
	}
	shifted := make([]segment, 0, len(segs))
	k := 0 // markers removed before the segment
	for i, s := range segs {
		end := len(out)
		if i+1 < len(segs) {
			end = segs[i+1].start
		}
		for k < len(removedAt) && removedAt[k] < s.start {
			k++
		}
		shifted = append(shifted, segment{start: max(s.start-k*len(marker), 0), origin: s.origin, text: s.text})
		// Literal text holding a marker goes on after it from further in
		// its origin.
		for j := k; s.text && j < len(removedAt) && removedAt[j] < end; j++ {
			if after := removedAt[j] + len(marker); after < end {
				o := s.origin
				o.Offset += after - s.start
				shifted = append(shifted, segment{start: after - (j+1)*len(marker), origin: o, text: true})
			}
		}
	}
	return b.String(), shifted
}
