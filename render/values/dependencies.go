package values

import (
	"fmt"
	"github.com/chartwright/chartwright/internal/helmlog"
	"strings"

	"github.com/Masterminds/semver/v3"
	"github.com/chartwright/chartwright/chart"
)

// ProcessDependencies does what Helm's ProcessDependencies does before a
// render (with merge semantics, as helm template and install use it), on a
// copy of c: it matches Chart.yaml dependencies with the loaded subcharts by
// name and version constraint, applies aliases (one copy per alias), enables
// or disables dependencies with tags and conditions evaluated against user
// values coalesced with the defaults, removes disabled subcharts, and
// imports values bottom-up (import-values), which gives every chart with
// dependencies new default values.
//
// The returned tree is new down to every Chart and Metadata (Parent
// pointers within it); c is never modified. Its values share tables with
// those of c's charts (the values of a chart without dependencies are
// c's) and must not be mutated. The returned lines are the warnings Helm
// would log.
func ProcessDependencies(c *chart.Chart, user map[string]any, opts Options) (*chart.Chart, []string, error) {
	p := &processor{log: &helmlog.Log{Helm3: opts.Helm3}, helm3: opts.Helm3}
	root := copyTree(c, c.Parent)
	if err := p.enable(root, user, ""); err != nil {
		return nil, p.log.Lines, err
	}
	if err := p.imports(root); err != nil {
		return nil, p.log.Lines, err
	}
	return root, p.log.Lines, nil
}

type processor struct {
	log   *helmlog.Log
	helm3 bool
}

// copyTree copies c and its subcharts (structs and metadata, not values or
// files), giving each copy its new parent.
func copyTree(c *chart.Chart, parent *chart.Chart) *chart.Chart {
	out := *c
	out.Parent = parent
	out.Metadata = copyMetadata(c.Metadata)
	out.Subcharts = nil
	for _, sub := range c.Subcharts {
		out.Subcharts = append(out.Subcharts, copyTree(sub, &out))
	}
	return &out
}

func copyMetadata(md *chart.Metadata) *chart.Metadata {
	if md == nil {
		return nil
	}
	out := *md
	if md.Dependencies != nil {
		out.Dependencies = make([]*chart.Dependency, 0, len(md.Dependencies))
		for _, d := range md.Dependencies {
			if d != nil { // the loader rejects null entries; never panic on them
				dd := *d
				out.Dependencies = append(out.Dependencies, &dd)
			}
		}
	}
	return &out
}

// enable is Helm's processDependencyEnabled on our copy c: v are the
// values of the level above (user values at the root), path the prefix of
// condition paths.
func (p *processor) enable(c *chart.Chart, v map[string]any, path string) error {
	if c.Metadata.Dependencies == nil {
		return nil
	}
	c.Subcharts = p.reconcile(c)
	for _, d := range c.Metadata.Dependencies {
		d.Enabled = true
	}
	co := &coalescer{log: p.log, helm3: p.helm3, share: true} // cvals are only read
	cvals, err := co.values(c, v)
	if err != nil {
		return err
	}
	p.tags(c.Metadata.Dependencies, cvals)
	p.conditions(c.Metadata.Dependencies, cvals, path)

	disabled := map[string]bool{}
	for _, d := range c.Metadata.Dependencies {
		if !d.Enabled {
			disabled[d.Name] = true
		}
	}
	subcharts := []*chart.Chart{}
	for _, sub := range c.Subcharts {
		if !disabled[sub.Name()] {
			subcharts = append(subcharts, sub)
		}
	}
	var deps []*chart.Dependency // nil when none is left, as in Helm
	for _, d := range c.Metadata.Dependencies {
		if !disabled[d.Name] {
			deps = append(deps, d)
		}
	}
	for _, sub := range subcharts {
		if err := p.enable(sub, cvals, path+sub.Name()+"."); err != nil {
			return err
		}
	}
	c.Metadata.Dependencies = deps
	c.Subcharts = subcharts
	return nil
}

// reconcile returns c's subcharts as Helm arranges them: first the loaded
// charts no dependency entry matches, then, in entry order, a copy of the
// matching chart for each entry, renamed to its alias. Entries are renamed
// to their alias too.
func (p *processor) reconcile(c *chart.Chart) []*chart.Chart {
	var out []*chart.Chart
	for _, sub := range c.Subcharts {
		if !matchesAny(sub, c.Metadata.Dependencies) {
			out = append(out, sub)
		}
	}
	for _, d := range c.Metadata.Dependencies {
		if sub := aliasCopy(c, d); sub != nil {
			out = append(out, sub)
		}
		if d.Alias != "" {
			d.Name = d.Alias
		}
	}
	return out
}

func matchesAny(sub *chart.Chart, deps []*chart.Dependency) bool {
	for _, d := range deps {
		if matches(sub, d) {
			return true
		}
	}
	return false
}

func matches(sub *chart.Chart, d *chart.Dependency) bool {
	return sub.Name() == d.Name && compatible(d.Version, sub.Metadata.Version)
}

// compatible reports whether version satisfies constraint; an invalid
// constraint or version (an empty constraint among them) never does.
func compatible(constraint, version string) bool {
	v, err := chart.ParseVersion(version)
	if err != nil {
		return false
	}
	cons, err := semver.NewConstraint(constraint)
	if err != nil {
		return false
	}
	return cons.Check(v)
}

// aliasCopy copies the first of c's loaded subcharts that d matches,
// named after d's alias.
func aliasCopy(c *chart.Chart, d *chart.Dependency) *chart.Chart {
	for _, sub := range c.Subcharts {
		if sub == nil || !matches(sub, d) {
			continue
		}
		out := copyTree(sub, c)
		if d.Alias != "" {
			out.Metadata.Name = d.Alias
		}
		return out
	}
	return nil
}

// tags disables a dependency when none of its tags is true and one is false,
// looking them up in the top-level tags table.
func (p *processor) tags(deps []*chart.Dependency, cvals map[string]any) {
	tags, ok := cvals["tags"].(map[string]any)
	if !ok {
		return
	}
	for _, d := range deps {
		var hasTrue, hasFalse bool
		for _, tag := range d.Tags {
			v, ok := tags[tag]
			if !ok {
				continue
			}
			b, ok := v.(bool)
			if !ok {
				p.log.Warn("dependencies.go", 95, fmt.Sprintf("Warning: Tag '%s' for chart %s returned non-bool value", tag, d.Name),
					"returned non-bool value", "tag", tag, "chart", d.Name)
				continue
			}
			hasTrue = hasTrue || b
			hasFalse = hasFalse || !b
		}
		d.Enabled = hasTrue || !hasFalse
	}
}

// conditions sets a dependency's enablement from the first path of its
// condition that holds a bool; paths are not trimmed, as in Helm.
func (p *processor) conditions(deps []*chart.Dependency, cvals map[string]any, path string) {
	for _, d := range deps {
		for _, cond := range strings.Split(strings.TrimSpace(d.Condition), ",") {
			if cond == "" {
				continue
			}
			v, ok := pathValue(cvals, path+cond)
			if !ok {
				continue
			}
			if b, ok := v.(bool); ok {
				d.Enabled = b
				break
			}
			p.log.Warn("dependencies.go", 64, fmt.Sprintf("Warning: Condition path '%s' for chart %s returned non-bool value", cond, d.Name),
				"returned non-bool value", "path", cond, "chart", d.Name)
		}
	}
}

// pathValue is Helm's Values.PathValue: the non-table value at a dotted path.
func pathValue(vals map[string]any, path string) (any, bool) {
	keys := strings.Split(path, ".")
	parent, err := table(vals, strings.Join(keys[:len(keys)-1], "."))
	if len(keys) == 1 {
		parent, err = vals, nil
	}
	if err != nil {
		return nil, false
	}
	v, ok := parent[keys[len(keys)-1]]
	if !ok || isTable(v) {
		return nil, false
	}
	return v, true
}

// errNoTable is Helm's ErrNoTable.
type errNoTable string

func (e errNoTable) Error() string { return fmt.Sprintf("%q is not a table", string(e)) }

// table is Helm's Values.Table: the table at a dotted path.
func table(vals map[string]any, path string) (map[string]any, error) {
	t := vals
	for _, key := range strings.Split(path, ".") {
		next, ok := t[key].(map[string]any)
		if !ok {
			return nil, errNoTable(key)
		}
		t = next
	}
	return t, nil
}
