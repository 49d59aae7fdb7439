package rules

import (
	"fmt"
	"strconv"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render/refs"
)

const templateUnknownInclude lint.RuleID = "template-unknown-include"

func templateUnknownIncludeRule() *lint.Rule {
	return &lint.Rule{
		ID: templateUnknownInclude, Family: lint.FamilyTemplate, Severity: lint.Warning,
		Summary:    "include and template must name a defined template",
		ReadsIndex: true,
		Doc:        doc(templateUnknownInclude), Check: checkUnknownIncludes,
	}
}

// checkUnknownIncludes reports include and template calls with a constant
// name that no define of the chart tree declares, whether or not the
// branch holding them renders, with the closest defined name as a fix;
// nothing while a template does not parse (see allParse), nor while a
// chart of the tree lacks a dependency, which may define any name (see
// chartsMissingDependencies).
func checkUnknownIncludes(p *lint.Pass) {
	ix := p.Index()
	if ix == nil || !allParse(ix) || len(chartsMissingDependencies(p.Chart)) > 0 {
		return
	}
	for _, c := range ix.Calls() {
		if c.Kind == refs.Tpl || c.Dynamic || c.Define != nil || c.NameSpan.File == nil {
			continue
		}
		msg := fmt.Sprintf("%s of undefined template %q", c.Kind, c.Name)
		f := lint.Finding{Span: c.NameSpan}
		if near := ix.Suggest(c.Name); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
			f.Fixes = []lint.Fix{{Title: "use " + strconv.Quote(near), Edits: []lint.Edit{{Span: c.NameSpan, NewText: strconv.Quote(near)}}}}
		}
		f.Message = msg
		p.Report(f)
	}
}
