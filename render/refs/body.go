package refs

import (
	"slices"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// body is what the analysis of one template body with one context found:
// its own reads, and the bodies it runs (includes, tpl) at their places
// among them. A memoized body is shared by every call with its context:
// its reads are copied out once, into the Reads of each executed file.
type body struct {
	sites []site
	calls []bodyCall
	// reads is how many Reads the body gives, its calls' included.
	reads int
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
type site struct {
	Chart     *chart.Chart
	Path      []string
	Span      source.Span
	PathSpans []source.Span
	Guarded   bool
	Whole     bool
}

// guard reports whether the call guards a read of path in c.
func (c *bodyCall) guard(chart *chart.Chart, path []string) bool {
	return c.cond || covered(c.guards, chart, path)
}

// clone returns a copy of b that does not share its buffers, with its
// count of Reads.
func (b *body) clone(sc *scopes) *body {
	out := &body{sites: slices.Clone(b.sites), calls: slices.Clone(b.calls)}
	out.reads = out.count(sc)
	return out
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

// flattening turns the bodies run by an executed template file into its
// Reads, in the order the template makes them.
type flattening struct {
	scopes   *scopes
	template string
	out      []Read
	// calls are the calls that lead to the body being flattened,
	// outermost first; rootPaths a buffer.
	calls     []*bodyCall
	rootPaths [][]string
}

// readsOf turns the body of the executed template file named template
// into its Reads, one per path in the root chart's values.
func readsOf(sc *scopes, template string, b *body) []Read {
	fl := &flattening{scopes: sc, template: template, out: make([]Read, 0, b.count(sc))}
	fl.body(b, nil)
	return fl.out
}

// body appends the Reads of b, reached through the calls at via.
func (fl *flattening) body(b *body, via []source.Span) {
	next := 0
	for i := range b.calls {
		c := &b.calls[i]
		fl.sites(b.sites[next:c.before], via)
		next = c.before
		chain := make([]source.Span, len(via)+1)
		chain[copy(chain, via)] = c.via
		fl.calls = append(fl.calls, c)
		fl.body(c.body, chain)
		fl.calls = fl.calls[:len(fl.calls)-1]
	}
	fl.sites(b.sites[next:], via)
}

// sites appends the Reads of sites, reached through the calls at via.
func (fl *flattening) sites(sites []site, via []source.Span) {
	for _, s := range sites {
		guarded := s.Guarded
		for _, c := range fl.calls {
			guarded = guarded || c.guard(s.Chart, s.Path)
		}
		fl.rootPaths = fl.scopes.rootPaths(fl.rootPaths[:0], s.Chart, s.Path)
		for _, rp := range fl.rootPaths {
			fl.out = append(fl.out, Read{Chart: s.Chart, RootPath: rp, pathLen: int32(len(s.Path)), Span: s.Span, PathSpans: s.PathSpans,
				Template: fl.template, Guarded: guarded, Whole: s.Whole, Via: via})
		}
	}
}
