package render

import (
	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// SyntaxErrors parses templates as a render does, through parses (made for
// the Helm mode), and returns the parse error of each one that fails, in
// the order given: what an editor shows as the author types, for every
// file, where a render reports only the first error.
func SyntaxErrors(templates []chart.NamedTemplate, parses *ParseCache) Errors {
	files := make(map[string]*source.File, len(templates))
	for _, t := range templates {
		files[t.Name] = t.File
	}
	var errs Errors
	for _, t := range templates {
		if _, err := parses.Parse(t.Name, t.File); err != nil {
			errs = append(errs, &Error{Span: locate(err.Error(), files), Template: t.Name, Message: parseError(t.Name, err)})
		}
	}
	return errs
}
