package rules

import (
	"fmt"
	"strings"
)

// Table is the Markdown rule table of the README (docs/rules/README.md),
// generated from All; a test fails when the committed copy is stale.
func Table() string {
	var b strings.Builder
	b.WriteString("<!-- Generated from rules.All() by go test ./lint/rules -update; do not edit. -->\n")
	b.WriteString("| Rule | Severity | Family | helm lint | Summary |\n|---|---|---|---|---|\n")
	for _, r := range All() {
		helm := ""
		if r.Helm {
			helm = "yes"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", r.ID, r.Severity, r.Family, helm, r.Summary)
	}
	return b.String()
}
