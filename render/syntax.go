package render

import (
	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/internal/fastparse"
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
			errs = append(errs, &Error{Span: syntaxErrorSpan(t.File, err, files), Template: t.Name, Message: parseError(t.Name, err)})
		}
	}
	return errs
}

// syntaxErrorSpan places a parse error as a render does: at the text at
// fault when the parser knows it, else at the line its message names.
func syntaxErrorSpan(f *source.File, err error, files map[string]*source.File) source.Span {
	if sp := fastparse.ErrorSpan(f, err); sp.End > sp.Start {
		return sp
	}
	return locate(err.Error(), files)
}
