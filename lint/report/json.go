package report

import (
	"encoding/json"
	"io"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
)

// jsonReport is the JSON output, an API: fields are only ever added.
type jsonReport struct {
	Version int         `json:"version"`
	Charts  []jsonChart `json:"charts"`
}

type jsonChart struct {
	Path       string        `json:"path"`
	ValuesSets []string      `json:"valuesSets"`
	Findings   []jsonFinding `json:"findings"`
}

type jsonFinding struct {
	Rule       lint.RuleID   `json:"rule"`
	Severity   lint.Severity `json:"severity"`
	File       string        `json:"file"`
	Start      *jsonPosition `json:"start,omitempty"`
	End        *jsonPosition `json:"end,omitempty"`
	Message    string        `json:"message"`
	ValuesSets []string      `json:"valuesSets"`
	Related    []jsonRelated `json:"related,omitempty"`
	Fixes      []jsonFix     `json:"fixes,omitempty"`
	Helm       *jsonHelm     `json:"helm,omitempty"`
}

// jsonPosition is 1-based line and byte column, and the byte offset.
type jsonPosition struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Offset int `json:"offset"`
}

type jsonRelated struct {
	File    string        `json:"file,omitempty"`
	Start   *jsonPosition `json:"start,omitempty"`
	Message string        `json:"message"`
}

type jsonFix struct {
	Title string     `json:"title"`
	Edits []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	File    string        `json:"file"`
	Start   *jsonPosition `json:"start"`
	End     *jsonPosition `json:"end"`
	NewText string        `json:"newText"`
}

type jsonHelm struct {
	Path string `json:"path"`
}

type jsonReporter struct{}

func newJSON(Options) Reporter { return jsonReporter{} }

func (jsonReporter) Report(w io.Writer, results []*lint.Result) error {
	out := jsonReport{Version: 1, Charts: []jsonChart{}}
	for _, r := range results {
		c := jsonChart{Path: r.Path, ValuesSets: r.ValuesSets, Findings: []jsonFinding{}}
		for _, f := range r.Findings {
			jf := jsonFinding{Rule: f.Rule, Severity: f.Severity, File: findingPath(r, f), Message: f.Message, ValuesSets: f.ValuesSets}
			if f.Span.File != nil {
				jf.Start, jf.End = position(f.Span.File.Position(f.Span.Start), f.Span.Start), position(f.End(), max(f.Span.End, f.Span.Start))
			}
			for _, rel := range f.Related {
				jr := jsonRelated{Message: rel.Message}
				if rel.Span.File != nil {
					jr.File = filePath(r, rel.Path)
					jr.Start = position(rel.Span.File.Position(rel.Span.Start), rel.Span.Start)
				}
				jf.Related = append(jf.Related, jr)
			}
			for _, fx := range f.Fixes {
				jx := jsonFix{Title: fx.Title}
				for _, e := range fx.Edits {
					jx.Edits = append(jx.Edits, jsonEdit{
						File:    filePath(r, e.Span.File.Path),
						Start:   position(e.Span.File.Position(e.Span.Start), e.Span.Start),
						End:     position(e.Span.File.Position(e.Span.End), e.Span.End),
						NewText: e.NewText,
					})
				}
				jf.Fixes = append(jf.Fixes, jx)
			}
			if f.Helm != nil {
				jf.Helm = &jsonHelm{Path: f.Helm.Path}
			}
			c.Findings = append(c.Findings, jf)
		}
		out.Charts = append(out.Charts, c)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func position(p source.Position, off int) *jsonPosition {
	return &jsonPosition{Line: p.Line, Column: p.Column, Offset: off}
}
