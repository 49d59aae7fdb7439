// Package rules holds chartwright's lint rules. [All] is the list; each rule
// is a value with its ID, family, default severity, summary, documentation
// (a Markdown file next to its code, embedded) and check.
//
// Rules that mirror helm lint share one run of Helm's checks in Helm's order
// (helm.go) and keep Helm's messages byte for byte. Rules do no I/O: all
// they see comes through the [lint.Pass].
package rules

import (
	"embed"
	"sort"
	"strings"

	"github.com/chartwright/chartwright/lint"
)

//go:embed *.md
var docs embed.FS

// doc returns the function that reads the documentation of a rule, from
// <id with underscores>.md.
func doc(id lint.RuleID) func() string {
	return func() string {
		data, err := docs.ReadFile(strings.ReplaceAll(string(id), "-", "_") + ".md")
		if err != nil {
			return ""
		}
		return string(data)
	}
}

// All returns every rule, sorted by ID. The caller owns the slice.
func All() []*lint.Rule {
	var all []*lint.Rule
	for _, group := range [][]*lint.Rule{
		chartRules(), valuesRules(), templateRules(), dependencyRules(), crdRules(),
		ownRules(),
	} {
		all = append(all, group...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return all
}

// Lookup returns the rule with the given ID.
func Lookup(id lint.RuleID) (*lint.Rule, bool) {
	for _, r := range All() {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}
