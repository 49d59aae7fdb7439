// Package tables holds the methods of Helm's Values type, which Helm 4
// (common.Values) and Helm 3 (chartutil.Values) define alike: templates
// call them (.Values.Table "a.b", .Values.PathValue "a.b", .Values.YAML),
// and each mode's Values type delegates here.
package tables

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"sigs.k8s.io/yaml"
)

// IsTable reports whether a value is a table for a mode's Values type: a
// plain map or a map of that type, as Helm's tableLookup accepts.
type IsTable func(v any) (map[string]any, bool)

// Table returns the table at a dot-separated path of v. As in Helm, a
// missing key returns the table reached with the error, a key that holds
// no table an empty table.
func Table(v map[string]any, name string, isTable IsTable) (map[string]any, error) {
	table := v
	for _, key := range strings.Split(name, ".") {
		next, ok := table[key]
		if !ok {
			return table, noTable(key)
		}
		if table, ok = isTable(next); !ok {
			return map[string]any{}, noTable(key)
		}
	}
	return table, nil
}

// PathValue returns the value, not a table, at a dot-separated path.
func PathValue(v map[string]any, path string, isTable IsTable) (any, error) {
	if path == "" {
		return nil, errors.New("YAML path cannot be empty")
	}
	keys := strings.Split(path, ".")
	key, parents := keys[len(keys)-1], keys[:len(keys)-1]
	table := v
	if len(parents) > 0 {
		var err error
		if table, err = Table(v, strings.Join(parents, "."), isTable); err != nil {
			return nil, noValue(key)
		}
	}
	if value, ok := table[key]; ok && !isPlainMap(value) {
		return value, nil
	}
	return nil, noValue(key)
}

// isPlainMap is Helm's istable, which only a plain map satisfies.
func isPlainMap(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

// AsMap returns v, or a new empty map when v is empty.
func AsMap(v map[string]any) map[string]any {
	if len(v) == 0 {
		return map[string]any{}
	}
	return v
}

// YAML encodes v with sigs.k8s.io/yaml, as Helm's Values.YAML does.
func YAML(v any) (string, error) {
	b, err := yaml.Marshal(v)
	return string(b), err
}

// Encode writes YAML(v) to w.
func Encode(w io.Writer, v any) error {
	b, err := yaml.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func noTable(key string) error { return fmt.Errorf("%q is not a table", key) }

func noValue(key string) error { return fmt.Errorf("%q is not a value", key) }
