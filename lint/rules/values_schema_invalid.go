package rules

import (
	"github.com/chartwright/chartwright/chart"
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
				p.Reportf(errorSpan(f, err), "%v", err)
			}
		}
		for _, s := range c.Subcharts {
			walk(s)
		}
	}
	walk(p.Chart)
}
