package cache

import (
	"slices"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render/refs"
)

// latest is what the roots of one chart folder, snapshot after snapshot,
// computed last: features that must answer at once after an edit
// (completion, inlay hints) read it instead of waiting for the edited
// tree's own.
type latest struct {
	mu sync.Mutex
	// gen is the generation of the root whose index is kept: an older
	// root finishing its index later does not replace a newer one's.
	gen   uint64
	index *Indexed
	kube  *kubeSchemas
	// rendered are the CRDs the whole lint of the root of generation
	// renderedGen rendered.
	rendered    *renderedCRDs
	renderedGen uint64
	// warming is set while a root's index is computed in the background.
	warming bool
	// merged are the .Values of the newest root whose chart and values
	// loaded without error, of generation mergedGen.
	merged    map[string]any
	mergedGen uint64
}

// Indexed is a chart tree with its cross-reference index.
type Indexed struct {
	Chart *chart.Chart
	Index *refs.Index
}

// File returns the file of the indexed tree at a source.File Path, nil
// when the tree has none: the version of a file the index knows, whose
// text may be older than the snapshot's (compare before using spans).
func (x *Indexed) File(path string) *source.File {
	_, f := fileIn(x.Chart, path)
	return f
}

// inherit makes r the successor of prev: they share what they computed
// last.
func (r *Root) inherit(prev *Root) {
	r.latest = prev.latest
}

// forget drops what the folder's roots computed last, for a folder no
// longer worked on. The rendered CRDs stay: they are texts the validator
// is built again from, and only the next whole lint, which a chart left
// unchanged does not run, would give them again.
func (l *latest) forget() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.index, l.kube, l.merged = nil, nil, nil
}

// renderedCRDs are the texts of the CustomResourceDefinitions a whole lint
// rendered. Their identity stands for their content: a lint rendering the
// same texts keeps the value, and so the validator built with them.
type renderedCRDs struct {
	texts []string
}

// recordRenderedCRDs keeps the CRDs the whole lint of the root of
// generation gen rendered, unless a newer root's are kept. A render that
// failed (a template error, often there for a moment while typing) adds
// those it rendered to the ones kept instead of replacing them, so that
// the CRD of a template being edited stays known; a render without error
// replaces them, so that a CRD removed from the templates goes.
func (l *latest) recordRenderedCRDs(gen uint64, found lint.RenderedCRDs) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if gen < l.renderedGen {
		return
	}
	texts := found.Texts
	if found.Partial && l.rendered != nil {
		texts = union(l.rendered.texts, texts)
	}
	l.renderedGen = gen
	if l.rendered == nil || !slices.Equal(l.rendered.texts, texts) {
		l.rendered = &renderedCRDs{texts: texts}
	}
}

// union is kept followed by the texts of more it does not hold: a CRD
// rendered last replaces a kept one of the same kinds (Validator.AddCRD).
func union(kept, more []string) []string {
	out := slices.Clip(kept)
	for _, text := range more {
		if !slices.Contains(kept, text) {
			out = append(out, text)
		}
	}
	return out
}

// recordMerged keeps the .Values of the root of generation gen, whose
// chart and values loaded without error, unless a newer root's are kept.
func (l *latest) recordMerged(gen uint64, merged map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.merged != nil && gen < l.mergedGen {
		return
	}
	l.merged, l.mergedGen = merged, gen
}

// lastMerged returns the .Values kept by recordMerged, nil when none.
func (l *latest) lastMerged() map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.merged
}

// recordIndex keeps the index of the root of generation gen, unless a
// newer one is kept.
func (l *latest) recordIndex(gen uint64, c *chart.Chart, ix *refs.Index) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.index != nil && gen < l.gen {
		return
	}
	l.gen, l.index = gen, &Indexed{Chart: c, Index: ix}
}

// LatestIndex returns this root's index when it is computed, else the
// newest one computed for the roots it derives from, while this root's is
// computed in the background (one root of the folder at a time) for the
// next request; when no index of the folder was ever computed, it computes
// this root's. It is nil when the chart does not load.
func (r *Root) LatestIndex() *Indexed {
	if _, err, done := r.index.known(); done {
		if err != nil {
			return nil
		}
		return r.latestKept()
	}
	l := r.latest
	l.mu.Lock()
	if l.index == nil {
		l.mu.Unlock()
		r.Index()
		return r.latestKept()
	}
	defer l.mu.Unlock()
	if !l.warming {
		l.warming = true
		go func() {
			r.Index()
			l.mu.Lock()
			l.warming = false
			l.mu.Unlock()
		}()
	}
	return l.index
}

// latestKept is the index the folder's roots keep.
func (r *Root) latestKept() *Indexed {
	r.latest.mu.Lock()
	defer r.latest.mu.Unlock()
	return r.latest.index
}
