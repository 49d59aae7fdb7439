package report

import (
	"encoding/json"
	"io"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
)

// sarif writes SARIF 2.1.0 for code scanning. Columns are UTF-16 code
// units (columnKind "utf16CodeUnits"), as GitHub code scanning expects.
type sarif struct{ opts Options }

func newSARIF(o Options) Reporter { return sarif{opts: o} }

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	toolURI      = "https://github.com/chartwright/chartwright"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	ShortDescription     sarifText         `json:"shortDescription"`
	Help                 *sarifHelp        `json:"help,omitempty"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           map[string]string `json:"properties,omitempty"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix      `json:"fixes,omitempty"`
	Properties       map[string]any  `json:"properties,omitempty"`
}

// sarifFix is a fix: for each file, the regions to replace.
type sarifFix struct {
	Description     sarifText           `json:"description"`
	ArtifactChanges []sarifArtifactEdit `json:"artifactChanges"`
}

type sarifArtifactEdit struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

// sarifReplacement replaces a region (empty to insert) with the text.
type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent *sarifText  `json:"insertedContent,omitempty"`
}

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifText            `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

func (s sarif) Report(w io.Writer, results []*lint.Result) error {
	driver := sarifDriver{Name: "chartwright", Version: s.opts.Version, InformationURI: toolURI, Rules: []sarifRule{}}
	index := map[lint.RuleID]int{}
	for i, r := range s.opts.Rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   string(r.ID),
			ShortDescription:     sarifText{Text: r.Summary},
			Help:                 &sarifHelp{Text: r.Doc(), Markdown: r.Doc()},
			HelpURI:              toolURI + "/blob/main/docs/rules/" + string(r.ID) + ".md",
			DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(r.Severity)},
			Properties:           map[string]string{"family": string(r.Family)},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "utf16CodeUnits", Results: []sarifResult{}}
	for _, r := range results {
		for _, f := range r.Findings {
			res := sarifResult{
				RuleID: string(f.Rule), RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
				Message:   sarifText{Text: f.Message + valuesNote(r, f)},
				Locations: []sarifLocation{{PhysicalLocation: physical(findingPath(r, f), f.Span)}},
			}
			for i, rel := range f.Related {
				id := i + 1
				res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
					ID: &id, PhysicalLocation: physical(filePath(r, rel.Path), rel.Span), Message: &sarifText{Text: rel.Message},
				})
			}
			for _, fx := range f.Fixes {
				res.Fixes = append(res.Fixes, fixOf(r, fx))
			}
			res.Properties = map[string]any{"valuesSets": f.ValuesSets}
			run.Results = append(run.Results, res)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// physical is a SARIF location; a span without file has no region.
func physical(uri string, span source.Span) sarifPhysicalLocation {
	loc := sarifPhysicalLocation{ArtifactLocation: sarifArtifact{URI: uri}}
	if span.File == nil {
		return loc
	}
	start, end := span.File.UTF16(span.Start), span.File.UTF16(max(span.End, span.Start))
	loc.Region = &sarifRegion{StartLine: start.Line + 1, StartColumn: start.Character + 1, EndLine: end.Line + 1, EndColumn: end.Character + 1}
	return loc
}

// fixOf is a fix in SARIF, its edits grouped by file in order of first
// appearance.
func fixOf(r *lint.Result, fx lint.Fix) sarifFix {
	out := sarifFix{Description: sarifText{Text: fx.Title}}
	byFile := map[*source.File]int{}
	for _, e := range fx.Edits {
		i, ok := byFile[e.Span.File]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[e.Span.File] = i
			out.ArtifactChanges = append(out.ArtifactChanges, sarifArtifactEdit{ArtifactLocation: sarifArtifact{URI: filePath(r, e.Span.File.Path)}})
		}
		rep := sarifReplacement{DeletedRegion: *physical("", e.Span).Region}
		if e.NewText != "" {
			rep.InsertedContent = &sarifText{Text: e.NewText}
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, rep)
	}
	return out
}
