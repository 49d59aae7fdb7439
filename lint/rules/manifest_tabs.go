package rules

import (
	"strings"

	"github.com/chartwright/chartwright/lint"
	yamlv3 "go.yaml.in/yaml/v3"
)

const manifestTabs lint.RuleID = "manifest-tabs"

func manifestTabsRule() *lint.Rule {
	return &lint.Rule{
		ID: manifestTabs, Family: lint.FamilyManifest, Severity: lint.Warning,
		Summary: "rendered YAML must not be indented with tabs",
		Doc:     doc(manifestTabs), Check: checkTabs,
	}
}

// checkTabs reports rendered lines indented with a tab outside block
// scalars: YAML forbids tabs in indentation, so the document either fails
// to parse (manifest-yaml's error at that line then names the tab) or means
// something else than it shows.
func checkTabs(p *lint.Pass) {
	for _, d := range renderedDocuments(p) {
		if !strings.Contains(d.text, "\t") {
			continue
		}
		block := blockScalarLines(d.node())
		for i, l := range strings.Split(d.text, "\n") {
			indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
			if !strings.Contains(indent, "\t") || strings.TrimSpace(l) == "" || block[i+1] {
				continue
			}
			line := d.startLine + i
			sp := origin(d.rendered, line)
			if helmReportsYAMLAt(p, sp) {
				continue // the tab breaks the document: manifest-yaml's error says so
			}
			p.Report(lint.Finding{Span: sp, Message: "line is indented with a tab character; YAML allows only spaces in indentation", Related: d.related(line)})
		}
	}
}

// tabHint says why the YAML error msg is at the 0-based line of content
// when the line is indented with a tab and msg does not say it, else "".
func tabHint(content string, line int, msg string) string {
	if strings.Contains(msg, "tab") {
		return ""
	}
	for i, l := range strings.Split(content, "\n") {
		if i == line && strings.Contains(l[:len(l)-len(strings.TrimLeft(l, " \t"))], "\t") {
			return "; the line is indented with a tab character, and YAML allows only spaces in indentation"
		}
	}
	return ""
}

// blockScalarLines marks the 1-based lines of the document that are
// content of literal or folded block scalars, where tabs are text.
func blockScalarLines(n *yamlv3.Node) map[int]bool {
	lines := map[int]bool{}
	var walk func(*yamlv3.Node)
	walk = func(n *yamlv3.Node) {
		if n == nil {
			return
		}
		if n.Kind == yamlv3.ScalarNode && (n.Style&(yamlv3.LiteralStyle|yamlv3.FoldedStyle)) != 0 {
			for i := 1; i <= strings.Count(n.Value, "\n")+1; i++ {
				lines[n.Line+i] = true
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return lines
}
