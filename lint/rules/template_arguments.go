package rules

import (
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render/refs"
)

const templateArguments lint.RuleID = "template-arguments"

func templateArgumentsRule() *lint.Rule {
	return &lint.Rule{
		ID: templateArguments, Family: lint.FamilyTemplate, Severity: lint.Warning,
		Summary:    "functions, include and template must get the right number of arguments",
		ReadsIndex: true,
		Doc:        doc(templateArguments), Check: checkArguments,
	}
}

// checkArguments reports calls with the wrong number of arguments found by
// the cross-reference index, in branches that render and those that do not.
func checkArguments(p *lint.Pass) {
	ix := p.Index()
	if ix == nil {
		return
	}
	for _, is := range ix.Issues() {
		if is.Kind == refs.ArgCount && is.Span.File != nil {
			p.Reportf(is.Span, "%s", is.Message)
		}
	}
}
