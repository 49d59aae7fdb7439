package values

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chartwright/chartwright/chart"
)

// Flags are the user values of a helm command line, in the order Helm
// applies them: -f files, then --set-json, --set, --set-string, --set-file
// and --set-literal, each flag's occurrences in order.
type Flags struct {
	ValueFiles []string // -f/--values
	Set        []string // --set
	SetString  []string // --set-string
	SetFile    []string // --set-file
	SetJSON    []string // --set-json
	SetLiteral []string // --set-literal
}

// Merge computes the user values of f as Helm's values.Options.MergeValues
// does, with Helm's error texts. readFile reads -f files and --set-file
// values; it is where "-" (stdin) and URLs are handled, and its errors are
// returned as they are.
func (f Flags) Merge(readFile func(name string) ([]byte, error), opts Options) (map[string]any, error) {
	base := map[string]any{}
	for _, name := range f.ValueFiles {
		data, err := readFile(name)
		if err != nil {
			return nil, err
		}
		m, err := readValuesFile(data, opts)
		if err != nil {
			return nil, fmt.Errorf("failed to parse %s: %w", name, err)
		}
		base = chart.MergeMaps(base, m)
	}
	for _, value := range f.SetJSON {
		var err error
		if base, err = mergeJSON(base, value, opts); err != nil {
			return nil, err
		}
	}
	sets := []struct {
		flag   string
		values []string
		parser func(data map[string]any, s string) *setParser
	}{
		{"--set", f.Set, typedParser},
		{"--set-string", f.SetString, stringParser},
		{"--set-file", f.SetFile, fileParser(readFile)},
		{"--set-literal", f.SetLiteral, literalParser},
	}
	for _, set := range sets {
		for _, value := range set.values {
			p := set.parser(base, value)
			p.helm3 = opts.Helm3
			if err := p.parse(); err != nil {
				return nil, fmt.Errorf("failed parsing %s data: %w", set.flag, err)
			}
		}
	}
	return base, nil
}

// mergeJSON applies one --set-json argument. Helm 4 merges a JSON object
// argument ("{...}") into base; otherwise it is a key=json list.
func mergeJSON(base map[string]any, value string, opts Options) (map[string]any, error) {
	if trimmed := strings.TrimSpace(value); !opts.Helm3 && strings.HasPrefix(trimmed, "{") {
		var m map[string]any
		if err := json.Unmarshal([]byte(trimmed), &m); err != nil {
			return nil, fmt.Errorf("failed parsing --set-json data JSON: %s", value)
		}
		return chart.MergeMaps(base, m), nil
	}
	p := &setParser{sc: &scanner{s: value}, data: base, json: true, helm3: opts.Helm3}
	if err := p.parse(); err != nil {
		return nil, fmt.Errorf("failed parsing --set-json data %s", value)
	}
	return base, nil
}

func typedParser(data map[string]any, s string) *setParser {
	return &setParser{sc: &scanner{s: s}, data: data, value: typedValue}
}

func stringParser(data map[string]any, s string) *setParser {
	return &setParser{sc: &scanner{s: s}, data: data, value: stringValue}
}

func literalParser(data map[string]any, s string) *setParser {
	return &setParser{sc: &scanner{s: s}, data: data, literal: true}
}

// fileParser reads each value as the name of a file whose content is the
// string value.
func fileParser(readFile func(string) ([]byte, error)) func(map[string]any, string) *setParser {
	return func(data map[string]any, s string) *setParser {
		read := func(rs []rune) (any, error) {
			b, err := readFile(string(rs))
			if err != nil {
				return nil, err
			}
			return string(b), nil
		}
		return &setParser{sc: &scanner{s: s}, data: data, value: read}
	}
}

// readValuesFile parses a -f file: Helm 3 reads its first YAML document;
// Helm 4 merges all documents, split as Kubernetes' YAMLReader does.
func readValuesFile(data []byte, opts Options) (map[string]any, error) {
	return chart.ReadValues(data, opts.Helm3)
}
