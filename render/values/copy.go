package values

import "github.com/chartwright/chartwright/chart"

// copyMap deep-copies the maps and lists of a values tree; scalars are
// shared. A nil map stays nil.
func copyMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = copyValue(v)
	}
	return out
}

func copyValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return copyMap(v)
	case []any:
		if v == nil {
			return v
		}
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = copyValue(e)
		}
		return out
	}
	return v
}

// copyTouched copies user as far as coalescing c with the copy writes
// into it: the map itself, and deeply the tables under the keys of c's
// table defaults, of its subcharts and of the globals. The other values are
// shared: coalescing only reads them. Dependency processing coalesces the
// whole values of a chart with each subchart that has dependencies, which
// writes into few of them.
func copyTouched(user map[string]any, c *chart.Chart) map[string]any {
	if user == nil {
		return nil
	}
	out := make(map[string]any, len(user))
	for k, v := range user {
		if isTable(v) && (k == globalKey || isTable(c.Values[k]) || isSubchart(c, k)) {
			v = copyValue(v)
		}
		out[k] = v
	}
	return out
}

// copyDropping is copyValue, leaving out the null entries of v's nested
// tables (not those inside lists) when drop is set, as dropNulls would.
func copyDropping(v any, drop bool) any {
	m, ok := v.(map[string]any)
	if !ok || m == nil || !drop {
		return copyValue(v)
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		if e != nil {
			out[k] = copyDropping(e, drop)
		}
	}
	return out
}

// dropShared is copyDropping for a result that is only read: the tables
// that hold no null to leave out are shared, not copied.
func dropShared(v any, drop bool) any {
	m, ok := v.(map[string]any)
	if !ok || !drop || !holdsNull(m) {
		return v
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		if e != nil {
			out[k] = dropShared(e, drop)
		}
	}
	return out
}

// holdsNull reports whether v's nested tables (not lists) hold a null
// entry, which copyDropping would leave out.
func holdsNull(v any) bool {
	m, _ := v.(map[string]any)
	for _, e := range m {
		if e == nil || holdsNull(e) {
			return true
		}
	}
	return false
}

func isTable(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}
