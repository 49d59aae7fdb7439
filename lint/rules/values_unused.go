package rules

import (
	"fmt"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render/refs"
)

const valuesUnused lint.RuleID = "values-unused"

func valuesUnusedRule() *lint.Rule {
	return &lint.Rule{
		ID: valuesUnused, Family: lint.FamilyValues, Severity: lint.Info,
		Summary: "every key of values.yaml should be read by a template of the chart tree",
		Doc:     doc(valuesUnused), Check: checkValuesUnused,
	}
}

// checkValuesUnused reports the keys of the root values.yaml that no
// template of the chart or its subcharts reads, at the highest unused
// level. A subtree handed whole to toYaml, tpl, a function or a subchart
// counts as read, and so do the values Chart.yaml conditions and tags name.
func checkValuesUnused(p *lint.Pass) {
	ix := fullIndex(p)
	f := p.RawFile("values.yaml")
	if ix == nil || f == nil {
		return
	}
	idx, err := chart.IndexYAML(f)
	if err != nil {
		return
	}
	reads := readPaths(ix, p.Chart)
	var walk func(keys []*chart.Key)
	walk = func(keys []*chart.Key) {
		for _, k := range keys {
			switch usage(reads, k.Path) {
			case unused:
				p.Report(lint.Finding{Span: k.Key, Message: fmt.Sprintf("%s is set in values.yaml but no template reads it", strings.Join(k.Path, "."))})
			case partly:
				walk(k.Children)
			}
		}
	}
	walk(idx.Keys)
}

// readPath is a root values path read by a template; whole when the
// subtree below it is consumed.
type readPath struct {
	path  []string
	whole bool
}

func readPaths(ix *refs.Index, c *chart.Chart) []readPath {
	var out []readPath
	for _, r := range ix.Reads() {
		out = append(out, readPath{path: r.RootPath, whole: r.Whole})
	}
	out = append(out, dependencyReads(c, nil)...)
	return out
}

// dependencyReads are the values Chart.yaml dependencies read: conditions
// and tags, prefixed for nested charts.
func dependencyReads(c *chart.Chart, prefix []string) []readPath {
	var out []readPath
	if c.Metadata == nil {
		return nil
	}
	for _, d := range c.Metadata.Dependencies {
		for _, cond := range strings.Split(d.Condition, ",") {
			if cond = strings.TrimSpace(cond); cond != "" {
				out = append(out, readPath{path: append(append([]string(nil), prefix...), strings.Split(cond, ".")...)})
			}
		}
		for _, t := range d.Tags {
			out = append(out, readPath{path: []string{"tags", t}})
		}
		if len(d.ImportValues) > 0 {
			out = append(out, readPath{path: append(append([]string(nil), prefix...), d.Key()), whole: true})
		}
	}
	for _, s := range c.Subcharts {
		out = append(out, dependencyReads(s, append(append([]string(nil), prefix...), s.Name()))...)
	}
	return out
}

type use int

const (
	unused use = iota
	partly     // something below is read: look at the children
	used       // the key or its whole subtree is read
)

// usage says how the reads use the key at path.
func usage(reads []readPath, path []string) use {
	u := unused
	for _, r := range reads {
		n := min(len(r.path), len(path))
		if !matches(r.path[:n], path[:n]) {
			continue
		}
		switch {
		case len(r.path) < len(path) && r.whole, len(r.path) == len(path) && r.whole:
			return used
		default:
			u = partly
		}
	}
	return u
}

// matches compares paths segment by segment; "[]" and "*" match anything.
func matches(read, key []string) bool {
	for i := range read {
		if read[i] != key[i] && read[i] != "[]" && read[i] != "*" {
			return false
		}
	}
	return true
}
