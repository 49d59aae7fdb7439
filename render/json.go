package render

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/chartwright/chartwright/chart/source"
)

// JSONDocument is one printed document as `chartwright template -o json`
// gives it, with a source map of its lines.
type JSONDocument struct {
	Source     string `json:"source"`
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Name       string `json:"name,omitempty"`
	Hook       bool   `json:"hook,omitempty"`
	Content    string `json:"content"`
	// Lines[i] is the origin of line i+1 of Content; empty for CRD files.
	Lines []JSONLine `json:"lines"`
}

// JSONLine says which template line produced a line of a document.
type JSONLine struct {
	// Template is Helm's name of the template; "" when no template line
	// produced the line.
	Template string `json:"template"`
	// Line is 1-based; 0 with no template.
	Line int `json:"line"`
	// URI is left for callers that can locate File (the language server
	// fills in the file URI); the CLI leaves it empty.
	URI string `json:"uri,omitempty"`
	// File is the template source, nil with no template.
	File *source.File `json:"-"`
}

// JSONDocuments returns the documents Write prints, with the origin of
// each line of the manifests (the render needs Options.SourceMap).
func (rel *Release) JSONDocuments(opts WriteOptions) []JSONDocument {
	docs := []JSONDocument{}
	for _, d := range rel.Documents(opts) {
		jd := JSONDocument{Source: d.Source, Content: d.Content, Lines: []JSONLine{}}
		if m := d.Manifest; m != nil {
			jd.APIVersion, jd.Kind, jd.Hook = m.Head.APIVersion, m.Head.Kind, m.Hook
			if m.Head.Metadata != nil {
				jd.Name = m.Head.Metadata.Name
			}
			for _, o := range rel.Output.DocumentLines(m) {
				jd.Lines = append(jd.Lines, jsonLine(rel.Output, o))
			}
		}
		docs = append(docs, jd)
	}
	return docs
}

func jsonLine(out *Output, o Origin) JSONLine {
	if o.File == nil {
		return JSONLine{}
	}
	return JSONLine{Template: out.TemplateName(o.File), Line: o.File.Position(o.Offset).Line, File: o.File}
}

// WriteJSON prints the output of `chartwright template -o json`: the
// documents with their source maps, the root chart's notes, and the
// values paths the render read.
func (rel *Release) WriteJSON(w io.Writer, opts WriteOptions) error {
	docs := rel.JSONDocuments(opts)
	if len(opts.ShowOnly) > 0 {
		var err error
		if docs, err = showOnlyDocuments(docs, opts.ShowOnly); err != nil {
			return err
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"documents": docs, "notes": rel.Notes, "valuesRead": rel.ValuesReadPaths()})
}

// showOnlyDocuments keeps the documents --show-only shows, as Write does:
// pattern by pattern, those whose source path after the chart name matches.
func showOnlyDocuments(docs []JSONDocument, patterns []string) ([]JSONDocument, error) {
	shown := []JSONDocument{}
	for _, pattern := range patterns {
		found := false
		for _, d := range docs {
			_, path, _ := strings.Cut(d.Source, "/")
			if showOnlyMatch(pattern, path) {
				shown = append(shown, d)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("could not find template %s in chart", pattern)
		}
	}
	return shown, nil
}

// ValuesReadPaths lists the dotted root values paths the render read,
// sorted.
func (rel *Release) ValuesReadPaths() []string {
	seen := map[string]bool{}
	paths := []string{}
	for _, r := range rel.ValuesRead() {
		p := strings.Join(r.RootPath, ".")
		if p != "" && !seen[p] {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	return paths
}
