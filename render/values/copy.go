package values

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

func isTable(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}
