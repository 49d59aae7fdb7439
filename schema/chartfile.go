package schema

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/Masterminds/semver/v3"
	"sigs.k8s.io/yaml"

	"github.com/chartwright/chartwright/chart"
)

//go:embed chartfile.schema.json
var chartfileSchemaJSON []byte

// chartfileSchema compiles the embedded Chart.yaml schema once; a broken
// embedded file (caught by TestChartfileSchemaCompiles) gives an empty one.
var chartfileSchema = sync.OnceValue(func() *snode {
	var doc map[string]any
	if json.Unmarshal(chartfileSchemaJSON, &doc) != nil {
		return anyNode
	}
	return compileJSONSchema(doc, false)
})

var aliasRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z0-9_-]+$`) })

// ValidateChartfile checks a Chart.yaml (apiVersion v1 or v2): key names
// and types, required fields, the name, SemVer version and kubeVersion
// constraint, dependency aliases and duplicates. The error is non-nil only
// when data is not a YAML mapping.
func ValidateChartfile(data []byte) ([]Error, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse Chart.yaml: %w", err)
	}
	if doc == nil {
		return []Error{{Kind: MissingRequired, Message: "Chart.yaml is empty"}}, nil
	}
	if doc["type"] == "" {
		delete(doc, "type") // "" means application
	}
	w := &walker{}
	w.value(chartfileSchema(), doc)
	w.chartName(doc["name"])
	w.semver("version", doc["version"], false)
	w.semver("kubeVersion", doc["kubeVersion"], true)
	w.noNulls("maintainers", doc["maintainers"])
	w.noNulls("dependencies", doc["dependencies"])
	w.dependencies(doc["dependencies"])
	return w.errs, nil
}

// ChartfileLookup returns the schema node of a key path in Chart.yaml.
func ChartfileLookup(path []string) (*Node, bool) {
	n, prop, ok := walkPath(chartfileSchema(), path)
	if !ok {
		return nil, false
	}
	return nodeInfo(n, prop), true
}

func (w *walker) at(path ...string) *walker {
	w.path = path
	return w
}

func (w *walker) chartName(v any) {
	name, _ := v.(string)
	switch {
	case name == "." || name == "..":
		w.at("name").report(InvalidName, "", "chart name %q is not allowed", name)
	case strings.Contains(name, "/"):
		w.at("name").report(InvalidName, "", "chart name %q is invalid: it must not contain '/'", name)
	}
}

func (w *walker) semver(key string, v any, constraint bool) {
	s, ok := v.(string)
	if !ok || s == "" {
		return
	}
	var err error
	if constraint {
		_, err = semver.NewConstraint(s)
	} else {
		_, err = chart.ParseVersion(s)
	}
	if err != nil {
		w.at(key).report(InvalidValue, "", "%s %q is invalid: %v", key, s, err)
	}
}

func (w *walker) noNulls(key string, v any) {
	list, _ := v.([]any)
	for i, item := range list {
		if m, ok := item.(map[string]any); item == nil || (ok && len(m) == 0) {
			w.at(key, strconv.Itoa(i)).report(WrongType, "", "%s must not contain empty or null nodes", key)
		}
	}
}

func (w *walker) dependencies(v any) {
	list, _ := v.([]any)
	seen := map[string]bool{}
	for i, item := range list {
		dep, _ := item.(map[string]any)
		alias, _ := dep["alias"].(string)
		if alias != "" && !aliasRe().MatchString(alias) {
			w.at("dependencies", strconv.Itoa(i), "alias").report(InvalidValue, "", "dependency alias %q has disallowed characters: use letters, digits, '-' and '_'", alias)
		}
		key := alias
		if key == "" {
			key, _ = dep["name"].(string)
		}
		if key != "" && seen[key] {
			w.at("dependencies", strconv.Itoa(i)).report(InvalidValue, "", "more than one dependency with name or alias %q", key)
		}
		seen[key] = true
	}
}
