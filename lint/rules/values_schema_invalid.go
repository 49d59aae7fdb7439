package rules

import (
	"encoding/json"
	"errors"
	"io"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/schema"
)

const valuesSchemaInvalid lint.RuleID = "values-schema-invalid"

func valuesSchemaInvalidRule() *lint.Rule {
	return &lint.Rule{
		ID: valuesSchemaInvalid, Family: lint.FamilyValues, Severity: lint.Error,
		Summary: "values.schema.json must be a valid JSON schema",
		Doc:     doc(valuesSchemaInvalid), Check: checkSchemaInvalid,
	}
}

// checkSchemaInvalid compiles the values.schema.json of every chart of the
// tree: a broken schema fails every install, or silently validates nothing.
func checkSchemaInvalid(p *lint.Pass) {
	if p.Chart == nil {
		return
	}
	var walk func(c *chart.Chart)
	walk = func(c *chart.Chart) {
		if f := c.File("values.schema.json"); f != nil && len(f.Data) > 0 {
			if _, err := schema.CompileValues(f.Data); err != nil {
				p.Reportf(schemaFaultSpan(f, err), "%v", err)
			}
		}
		for _, s := range c.Subcharts {
			walk(s)
		}
	}
	walk(p.Chart)
}

// schemaFaultSpan is where a values.schema.json is at fault: the keyword its
// metaschema rejects (the message's most precise JSON pointer), else the
// character a JSON syntax error stopped at, else the start of the file.
func schemaFaultSpan(f *source.File, err error) source.Span {
	if s, ok := pointerSpan(f, err.Error()); ok {
		return s
	}
	if s, ok := jsonSyntaxSpan(f, err); ok {
		return s
	}
	return errorSpan(f, err)
}

// jsonSyntaxSpan is where the JSON decoder stopped on a syntax error: the
// character it could not take, or the end of a file that ended too soon.
func jsonSyntaxSpan(f *source.File, err error) (source.Span, bool) {
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		// Offset counts the bytes read, the offending one included.
		start := min(max(int(syntax.Offset)-1, 0), len(f.Data))
		return source.Span{File: f, Start: start, End: min(start+1, len(f.Data))}, true
	case errors.Is(err, io.ErrUnexpectedEOF):
		return source.Span{File: f, Start: len(f.Data), End: len(f.Data)}, true
	}
	return source.Span{}, false
}
