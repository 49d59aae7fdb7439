package values

import (
	"fmt"
	"github.com/chartwright/chartwright/internal/helmlog"
	"sort"

	"github.com/chartwright/chartwright/chart"
)

// globalKey is the values key shared by a chart and all its subcharts.
const globalKey = "global"

// Coalesce computes the values of a render as Helm's CoalesceValues does
// for ToRenderValues: user values (deep-copied) over chart defaults (deep-copied),
// recursively for every subchart in c.Subcharts, with globals flowing down.
// A user null deletes the chart default; Helm 4 also drops null chart
// defaults, which Helm 3 keeps. c is normally the tree ProcessDependencies
// returned. The result shares nothing with c or user.
func Coalesce(c *chart.Chart, user map[string]any, opts Options) (map[string]any, []string, error) {
	return coalesce(c, copyMap(user), opts)
}

// CoalesceOwned is [Coalesce] for user values the caller hands over, such
// as the result of an earlier Coalesce that nothing else holds: the result
// is built in user itself instead of a deep copy of it (the one exception
// to this package's rule of never mutating its inputs).
func CoalesceOwned(c *chart.Chart, user map[string]any, opts Options) (map[string]any, []string, error) {
	return coalesce(c, user, opts)
}

func coalesce(c *chart.Chart, dest map[string]any, opts Options) (map[string]any, []string, error) {
	co := &coalescer{log: &helmlog.Log{Helm3: opts.Helm3}, helm3: opts.Helm3}
	if dest == nil {
		dest = map[string]any{}
	}
	err := co.chart(c, dest, "")
	return dest, co.log.Lines, err
}

// CoalesceTables is Helm's CoalesceTables, which helm lint uses to lay
// values.yaml under the user's values: src merged into dst, dst
// authoritative, a null of dst deleting the key; with the lines Helm logs.
// It works on copies: dst and src are left as they are.
func CoalesceTables(dst, src map[string]any, opts Options) (map[string]any, []string) {
	co := &coalescer{log: &helmlog.Log{Helm3: opts.Helm3}, helm3: opts.Helm3}
	return co.tables(copyMap(dst), copyMap(src), "", false), co.log.Lines
}

// LintUserValues returns the user values as helm lint renders with them.
// Its values check first lays values.yaml (chartValues) under them with
// CoalesceTables on a copy of their top level only, which changes the
// user's own nested tables: a key of values.yaml they lack is added, null
// included (a dependency condition then finds the null, and Helm warns),
// and a null of theirs where values.yaml has a value is deleted. The
// result is a copy; user and chartValues are left as they are.
func LintUserValues(user, chartValues map[string]any) map[string]any {
	if len(user) == 0 {
		return user
	}
	out := copyMap(user)
	co := &coalescer{log: &helmlog.Log{}} // the values check logs what this would
	for key, val := range out {
		dst, ok := val.(map[string]any)
		src, ok2 := chartValues[key].(map[string]any)
		if ok && ok2 {
			co.tables(dst, copyMap(src), key, false)
		}
	}
	return out
}

// Scope returns the .Values a subchart's templates see, given the coalesced
// values of its parent: the table under the subchart's name (its alias when
// aliased), or an empty table.
func Scope(parentValues map[string]any, sub *chart.Chart) map[string]any {
	if m, ok := parentValues[sub.Name()].(map[string]any); ok {
		return m
	}
	return map[string]any{}
}

// coalescer is one run of Helm's coalescing. With merge set it is
// MergeValues, which keeps nulls.
type coalescer struct {
	log   *helmlog.Log
	merge bool
	helm3 bool
	// share lets a chart's defaults land in the result as they are, not
	// copied, where coalescing never writes into them: the top-level ones
	// of a chart other than its globals and its subcharts' tables (only
	// the tables on the way to a null a copy drops are copied). The result
	// then shares tables with the charts' values and must only be read.
	share bool
}

// values coalesces a copy of user with c's defaults, a copy that shares
// with user the tables coalescing does not write into (see copyTouched):
// the result must only be read.
func (co *coalescer) values(c *chart.Chart, user map[string]any) (map[string]any, error) {
	dest := copyTouched(user, c)
	if dest == nil {
		dest = map[string]any{}
	}
	return dest, co.chart(c, dest, "")
}

func (co *coalescer) chart(c *chart.Chart, dest map[string]any, prefix string) error {
	co.defaults(c, dest, prefix)
	return co.subcharts(c, dest, prefix)
}

// subcharts coalesces each subchart's table of dest with the subchart.
func (co *coalescer) subcharts(c *chart.Chart, dest map[string]any, prefix string) error {
	for _, sub := range c.Subcharts {
		name := sub.Name()
		v, ok := dest[name]
		if !ok {
			v = map[string]any{}
			dest[name] = v
		}
		table, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("type mismatch on %s: %t", name, v)
		}
		subPrefix := concatPrefix(prefix, c.Name())
		co.globals(table, dest, subPrefix)
		if err := co.chart(sub, table, subPrefix); err != nil {
			return err
		}
	}
	return nil
}

// globals copies the parent's globals (src) into a subchart's table (dest):
// parent scalars win, parent tables are merged over the subchart's.
func (co *coalescer) globals(dest, src map[string]any, prefix string) {
	dg, sg := map[string]any{}, map[string]any{}
	if v, ok := dest[globalKey]; ok {
		if dg, ok = v.(map[string]any); !ok {
			co.log.Printf("coalesce.go", 138, "warning: skipping globals because destination %s is not a table.", globalKey)
			return
		}
	}
	if v, ok := src[globalKey]; ok {
		if sg, ok = v.(map[string]any); !ok {
			co.log.Printf("coalesce.go", 145, "warning: skipping globals because source %s is not a table.", globalKey)
			return
		}
	}
	for _, key := range sortedKeys(sg) {
		val := sg[key]
		if table, ok := val.(map[string]any); ok {
			vv := make(map[string]any, len(table))
			for k, v := range table {
				vv[k] = v
			}
			destv, ok := dg[key]
			if !ok {
				dg[key] = vv
				continue
			}
			destTable, ok := destv.(map[string]any)
			if !ok {
				co.log.Printf("coalesce.go", 161, "Conflict: cannot merge map onto non-map for %q. Skipping.", key)
				continue
			}
			// Helm merges the subchart's table under the parent's (shallow)
			// copy, mutating nested parent tables as it goes.
			co.tables(vv, destTable, concatPrefix(prefix, key), true)
			dg[key] = vv
		} else if dv, ok := dg[key]; ok && isTable(dv) {
			co.log.Printf("coalesce.go", 175, "key %s is table. Skipping", key)
		} else {
			dg[key] = val
		}
	}
	dest[globalKey] = dg
}

// defaults fills v with a copy of c's own values.yaml defaults: only what
// lands in v is copied, c.Values is only read.
func (co *coalescer) defaults(c *chart.Chart, v map[string]any, prefix string) {
	subPrefix := concatPrefix(prefix, c.Name())
	dropNew := !co.helm3 && !co.merge
	for _, key := range sortedKeys(c.Values) {
		val := c.Values[key]
		value, ok := v[key]
		if !ok {
			switch {
			case dropNew && val == nil:
			case co.share && key != globalKey && !isSubchart(c, key):
				v[key] = dropShared(val, dropNew)
			default:
				v[key] = copyDropping(val, dropNew)
			}
			continue
		}
		if value == nil && !co.merge {
			delete(v, key)
			continue
		}
		dest, ok := value.(map[string]any)
		if !ok {
			continue
		}
		src, ok := val.(map[string]any)
		if !ok {
			if val != nil {
				co.log.Printf("coalesce.go", 237, "warning: skipped value for %s.%s: Not a table.", subPrefix, key)
			}
			continue
		}
		merge := co.merge || isSubchart(c, key)
		co.defaultTables(dest, src, concatPrefix(subPrefix, key), merge, !co.helm3 && !merge)
	}
}

// defaultTables is [coalescer.tables] of dst with a copy of the chart
// defaults src, nulls dropped from its tables when drop is set, without
// making the copy: src is only read, and only what lands in dst is copied.
func (co *coalescer) defaultTables(dst, src map[string]any, prefix string, merge, drop bool) {
	if src == nil || dst == nil {
		return
	}
	for _, key := range sortedKeys(src) {
		val := src[key]
		if drop && val == nil {
			continue
		}
		dv, ok := dst[key]
		if ok && dv == nil {
			// tables sets src's key to null first: a null of dst stays, or
			// goes when the default is not null.
			if !merge && val != nil {
				delete(dst, key)
			}
			continue
		}
		switch {
		case !ok:
			dst[key] = copyDropping(val, drop)
		case isTable(val):
			if isTable(dv) {
				co.defaultTables(dv.(map[string]any), val.(map[string]any), concatPrefix(prefix, key), merge, drop)
			} else {
				co.log.Printf("coalesce.go", 316, "warning: cannot overwrite table with non table for %s (%v)", concatPrefix(prefix, key), copyDropping(val, drop))
			}
		case isTable(dv) && val != nil:
			co.log.Printf("coalesce.go", 319, "warning: destination for %s is a table. Ignoring non-table value (%v)", concatPrefix(prefix, key), val)
		}
	}
}

func isSubchart(c *chart.Chart, name string) bool {
	for _, sub := range c.Subcharts {
		if sub.Name() == name {
			return true
		}
	}
	return false
}

// tables merges src into dst, dst authoritative (Helm's
// coalesceTablesFullKey). Both are mutated, as in Helm.
func (co *coalescer) tables(dst, src map[string]any, prefix string, merge bool) map[string]any {
	if src == nil {
		return dst
	}
	if dst == nil {
		return src
	}
	srcNonNil := make(map[string]bool, len(src))
	for key, val := range src {
		if val != nil {
			srcNonNil[key] = true
		}
	}
	for key, val := range dst {
		if val == nil {
			src[key] = nil
		}
	}
	for _, key := range sortedKeys(src) {
		val := src[key]
		dv, ok := dst[key]
		switch {
		case ok && !merge && dv == nil && srcNonNil[key]:
			delete(dst, key)
		case !ok:
			dst[key] = val
		case isTable(val):
			if isTable(dv) {
				co.tables(dv.(map[string]any), val.(map[string]any), concatPrefix(prefix, key), merge)
			} else {
				co.log.Printf("coalesce.go", 316, "warning: cannot overwrite table with non table for %s (%v)", concatPrefix(prefix, key), val)
			}
		case isTable(dv) && val != nil:
			co.log.Printf("coalesce.go", 319, "warning: destination for %s is a table. Ignoring non-table value (%v)", concatPrefix(prefix, key), val)
		}
	}
	return dst
}

func concatPrefix(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// sortedKeys makes the order of Helm's warnings deterministic; Helm's own
// order is Go's random map order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
