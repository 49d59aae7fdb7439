package rules

import (
	"bytes"
	"fmt"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render/refs"
	"github.com/chartwright/chartwright/schema"
)

// emptyRequiredReads maps each schema problem of a required field rendered
// null or empty to the .Values read that printed it: the first read of a
// .Values path on the template line the field came from. Memoized per
// pass: manifest-schema reports the problem there, and values-undefined
// leaves those reads to it (one problem, one finding).
func emptyRequiredReads(p *lint.Pass) map[fieldKey]refs.Read {
	return p.Memo("empty-required-reads", func() any {
		out := map[fieldKey]refs.Read{}
		ix := p.Index()
		if ix == nil {
			return out
		}
		for _, sp := range schemaProblems(p) {
			if sp.err.Kind != schema.EmptyRequired {
				continue
			}
			if r, ok := valuesReadOnLine(ix, origin(sp.doc.rendered, sp.doc.pathLine(sp.err.Path))); ok {
				out[sp.key()] = r
			}
		}
		return out
	}).(map[fieldKey]refs.Read)
}

// fieldKey names a field of a rendered document.
type fieldKey struct {
	doc  *document
	path string
}

func (sp schemaProblem) key() fieldKey { return fieldKey{sp.doc, schema.PathString(sp.err.Path)} }

// valuesReadOnLine finds the first read of a .Values path on the template
// line of at, from at on.
func valuesReadOnLine(ix *refs.Index, at source.Span) (refs.Read, bool) {
	if at.File == nil {
		return refs.Read{}, false
	}
	end := len(at.File.Data)
	if i := bytes.IndexByte(at.File.Data[at.Start:], '\n'); i >= 0 {
		end = at.Start + i
	}
	var best refs.Read
	found := false
	for _, r := range ix.Reads() {
		if r.Span.File != at.File || r.Span.Start < at.Start || r.Span.Start >= end || len(r.RootPath) == 0 {
			continue
		}
		if !found || r.Span.Start < best.Span.Start {
			best, found = r, true
		}
	}
	return best, found
}

// describeEmptyRead names the object, the field and the .Values path that
// rendered nothing into it, says why the path is empty and, for a
// misspelled path, offers the fix values-undefined would.
func describeEmptyRead(p *lint.Pass, d *document, e schema.Error, r refs.Read) (string, []lint.Fix) {
	why := "it is null or empty in the values"
	var fixes []lint.Fix
	if rel := release(p); rel != nil && rel.Values != nil {
		if missing, near := undefinedAt(rel.Values, r.RootPath); missing >= 0 {
			why = "it is not defined by any values file"
			if v, found, _ := valueAt(r.Chart.Values, r.Path); found && v == nil {
				why = "the chart's values.yaml sets it to null, which Helm 4 drops"
			} else if near != "" {
				why += fmt.Sprintf(" (did you mean %q?)", near)
				fixes = replaceSegmentFix(r, missing-(len(r.RootPath)-len(r.Path)), near)
			}
		}
	}
	return fmt.Sprintf("%s %q: %s: .Values.%s renders nothing into it: %s",
		d.head.Kind, d.head.Name, e.Error(), shownPath(r), why), fixes
}
