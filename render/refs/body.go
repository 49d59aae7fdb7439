package refs

import (
	"slices"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// body is what the analysis of one template body with one context found:
// its own reads, and the bodies it runs (includes, tpl) at their places
// among them. A memoized body is shared by every call with its context,
// and the places of its reads by every executed file that runs it.
type body struct {
	sites []site
	calls []bodyCall
	// reads is how many Reads the body gives, its calls' included;
	// chains how many include chains they have: one per call, and those
	// of its body.
	reads, chains int
	// places are the places of the reads of sites, in their order (one
	// per root path of each), made when the body is first flattened.
	places []place
}

// bodyCall is a body run from another through the call at via. Its reads
// are the caller's, guarded as the caller's own reads are at the call.
type bodyCall struct {
	// before is how many of the caller's sites come before the call's.
	before int
	body   *body
	via    source.Span
	// cond is set when the call is in an if, with or range pipeline;
	// guards are the caller's guards at the call otherwise.
	cond   bool
	guards []guard
}

// site is a Read as the analysis of a body finds it, before the executed
// template file, the root chart's path and the include chain are known.
// The analysis of a big chart keeps tens of thousands, and its frames'
// buffers grow to hold them: the struct is kept to 72 bytes, with its span
// in offsets of 32 bits (as value's), its path spans, which only an index
// with navigation has, behind a pointer, and what it renders as too.
type site struct {
	Chart      *chart.Chart
	Path       []string
	file       *source.File
	start, end int32
	// spans are Read.PathSpans, nil when there are none.
	spans *[]source.Span
	// renders is Read.Renders, nil for the empty text.
	renders *string
	Guarded bool
	Whole   bool
}

// siteRenderings are the texts an undefined read renders as through the
// conversions (see convert.go), which sites share.
var siteRenderings = [...]string{rendersZero, rendersNil, rendersNull, rendersList}

// renderingOf is a pointer to text for site.renders: nil for the empty
// text, one of siteRenderings for theirs.
func renderingOf(text string) *string {
	if text == "" {
		return nil
	}
	for i := range siteRenderings {
		if siteRenderings[i] == text {
			return &siteRenderings[i]
		}
	}
	other := text // on the heap only here: the parameter's address would put it there on every call
	return &other
}

// rendersText is Read.Renders.
func (s *site) rendersText() string {
	if s.renders == nil {
		return ""
	}
	return *s.renders
}

// newSite returns the site of a read of path in c at span, whose path
// spans are pathSpans.
func newSite(c *chart.Chart, path []string, span source.Span, pathSpans []source.Span) site {
	s := site{Chart: c, Path: path}
	s.setSpan(span)
	if pathSpans != nil {
		spans := pathSpans // on the heap only here: the parameter's address would put it there on every call
		s.spans = &spans
	}
	return s
}

// span is where the read happens.
func (s *site) span() source.Span {
	return source.Span{File: s.file, Start: int(s.start), End: int(s.end)}
}

func (s *site) setSpan(sp source.Span) {
	s.file, s.start, s.end = sp.File, int32(sp.Start), int32(sp.End)
}

// pathSpans are Read.PathSpans.
func (s *site) pathSpans() []source.Span {
	if s.spans == nil {
		return nil
	}
	return *s.spans
}

// guard reports whether the call guards a read of path in c.
func (c *bodyCall) guard(chart *chart.Chart, path []string) bool {
	return c.cond || covered(c.guards, chart, path)
}

// clone returns a copy of b that does not share its buffers, with its
// count of Reads.
func (b *body) clone(sc *scopes) *body {
	out := &body{sites: slices.Clone(b.sites), calls: slices.Clone(b.calls)}
	out.reads, out.chains = out.count(sc), out.chainCount()
	return out
}

// chainCount is the number of include chains of the reads of b.
func (b *body) chainCount() int {
	n := 0
	for _, c := range b.calls {
		n += 1 + c.body.chains
	}
	return n
}

// count is the number of Reads of b: the root paths of its sites and the
// reads of its calls.
func (b *body) count(sc *scopes) int {
	n := 0
	for _, s := range b.sites {
		n += sc.rootPathCount(s.Chart, s.Path)
	}
	for _, c := range b.calls {
		n += c.body.reads
	}
	return n
}

// place is where a site is read: what its Reads share, whatever the
// include chain through which the executed file runs the site: the site,
// and its path in the root chart's values, whose end is the site's path.
// It refers to its body's site rather than copying it: a big chart has
// tens of thousands of places.
type place struct {
	site     *site
	rootPath []string
}

// readRef is a Read as the index keeps it: its place, shared, and what is
// its own.
type readRef struct {
	place *place
	// via is the index in its fileReads' chains of the include chain
	// that leads to the read: reads share the chains.
	via     int32
	guarded bool
}

// fileReads are the reads of an executed template file.
type fileReads struct {
	template string
	reads    []readRef
	// chains are the include chains of the reads; the first is the empty
	// chain of the reads in the file itself.
	chains [][]source.Span
}

// read is the Read of r, one of the reads of fr.
func (r *readRef) read(fr *fileReads) Read {
	p := r.place
	s := p.site
	return Read{Chart: s.Chart, Path: p.rootPath[len(p.rootPath)-len(s.Path):], RootPath: p.rootPath, Span: s.span(),
		PathSpans: s.pathSpans(), Template: fr.template, Guarded: r.guarded, Whole: s.Whole, Renders: s.rendersText(), Via: fr.chains[r.via]}
}

// placesOf returns the places of b's sites, made the first time, when
// they are added to placed too.
func (b *body) placesOf(sc *scopes, placed *[][]place) []place {
	if b.places != nil {
		return b.places
	}
	n := 0
	for _, s := range b.sites {
		n += sc.rootPathCount(s.Chart, s.Path)
	}
	b.places = make([]place, 0, n)
	var rootPaths [][]string
	for i := range b.sites {
		s := &b.sites[i] // the body is complete: its sites stay where they are
		rootPaths = sc.rootPaths(rootPaths[:0], s.Chart, s.Path)
		for _, rp := range rootPaths {
			b.places = append(b.places, place{site: s, rootPath: rp})
		}
	}
	if len(b.places) > 0 {
		*placed = append(*placed, b.places)
	}
	return b.places
}

// flattening turns the bodies run by an executed template file into its
// reads, in the order the template makes them.
type flattening struct {
	scopes *scopes
	// placed receives the places of the bodies flattened.
	placed *[][]place
	out    fileReads
	// calls are the calls that lead to the body being flattened,
	// outermost first.
	calls []*bodyCall
}

// readsOf turns the body of the executed template file named template into
// its reads, one per path in the root chart's values; it adds the places
// first made for them to placed. The reads and their chains are allocated
// once, at their size.
func readsOf(sc *scopes, b *body, template string, placed *[][]place) fileReads {
	// b is a frame's body, whose buffers the next frame reuses: its places
	// refer to a copy of its sites.
	b = &body{sites: slices.Clone(b.sites), calls: b.calls, reads: b.reads, chains: b.chains}
	chains := make([][]source.Span, 1, 1+b.chainCount())
	fl := &flattening{scopes: sc, placed: placed,
		out: fileReads{template: template, reads: make([]readRef, 0, b.count(sc)), chains: chains}}
	fl.body(b, 0)
	return fl.out
}

// body appends the reads of b, reached through the include chain of index
// via.
func (fl *flattening) body(b *body, via int32) {
	places := b.placesOf(fl.scopes, fl.placed)
	next, at := 0, 0
	for i := range b.calls {
		c := &b.calls[i]
		at = fl.sites(b.sites[next:c.before], places, at, via)
		next = c.before
		fl.calls = append(fl.calls, c)
		fl.body(c.body, fl.addChain(via, c.via))
		fl.calls = fl.calls[:len(fl.calls)-1]
	}
	fl.sites(b.sites[next:], places, at, via)
}

// addChain adds the include chain of index via followed by the call at
// call to the chains of the reads, and returns its index.
func (fl *flattening) addChain(via int32, call source.Span) int32 {
	outer := fl.out.chains[via]
	chain := make([]source.Span, len(outer)+1)
	chain[copy(chain, outer)] = call
	fl.out.chains = append(fl.out.chains, chain)
	return int32(len(fl.out.chains) - 1)
}

// sites appends the reads of sites, reached through the include chain of
// index via, whose places start at places[at]; it returns where the next
// sites' start.
func (fl *flattening) sites(sites []site, places []place, at int, via int32) int {
	for _, s := range sites {
		guarded := s.Guarded
		for _, c := range fl.calls {
			guarded = guarded || c.guard(s.Chart, s.Path)
		}
		for range fl.scopes.rootPathCount(s.Chart, s.Path) {
			fl.out.reads = append(fl.out.reads, readRef{place: &places[at], via: via, guarded: guarded})
			at++
		}
	}
	return at
}
