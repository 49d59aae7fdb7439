package values

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/chart"
)

// Expectations are helm v4.3.1's `helm template` stderr for
// testdata/values/schema; the error text is the same in Helm 3, whose
// URN warning is worded as its log.Printf call. Helm orders subcharts that
// Chart.yaml does not list in random (map) order; the loader sorts them.
// jsonschema reports the properties of one object in map order too, so
// each case has at most one failing property per object.
func TestValidateSchemas(t *testing.T) {
	const header = "values don't meet the specifications of the schema(s) in the following chart(s):\n"
	urnV4 := []string{`level=WARN msg="unresolved URN reference ignored; using permissive schema" urn=urn:example:thing`}
	urnV3 := []string{"jsonschema.go:192: WARNING: unresolved URN reference ignored; using permissive schema: urn:example:thing"}
	tests := []struct {
		name     string
		user     map[string]any
		helm3    bool
		err      string
		warnings []string
	}{
		{name: "subchart globals are values too", warnings: urnV4,
			err: header + "sub:\n- at '': additional properties 'global' not allowed\n"},
		{name: "every chart, nested causes", warnings: urnV4,
			user: map[string]any{"tags": []any{nil, "c"},
				"sub": map[string]any{"port": int64(70000)}, "other": map[string]any{"x": int64(1)}},
			err: header + "sch:\n" +
				"- at '/tags/0': value must be one of 'a', 'b'\n- at '/tags/1': value must be one of 'a', 'b'\n" +
				"other:\n- at '/x': got number, want string\n" +
				"sub:\n- at '/port': maximum: got 70,000, want 65,535\n- at '': additional properties 'global' not allowed\n"},
		{name: "refs and bounds", warnings: urnV4, user: map[string]any{"mode": "x"},
			err: header + "sch:\n- at '/mode': value must be one of 'on', 'off'\nsub:\n- at '': additional properties 'global' not allowed\n"},
		{name: "minimum", warnings: urnV4, user: map[string]any{"age": int64(-1)},
			err: header + "sch:\n- at '/age': minimum: got -1, want 0\nsub:\n- at '': additional properties 'global' not allowed\n"},
		{name: "null removes a required default", warnings: urnV4,
			user: map[string]any{"ext": int64(3), "name": nil},
			err:  header + "sch:\n- at '': missing property 'name'\nsub:\n- at '': additional properties 'global' not allowed\n"},
		{name: "Helm 3", helm3: true, warnings: urnV3,
			err: header + "sub:\n- at '': additional properties 'global' not allowed\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Helm3: tt.helm3}
			warnings, err := validateChart(t, load(t, "schema", opts), tt.user, opts)
			if err == nil || err.Error() != tt.err {
				t.Errorf("error:\n%v\nwant:\n%s", err, tt.err)
			}
			compareLines(t, "warnings", warnings, tt.warnings)
		})
	}
}

func validateChart(t *testing.T, c *chart.Chart, user map[string]any, opts Options) ([]string, error) {
	t.Helper()
	pc, _, err := ProcessDependencies(c, user, opts)
	if err != nil {
		t.Fatal(err)
	}
	vals, _, err := Coalesce(pc, user, opts)
	if err != nil {
		t.Fatal(err)
	}
	return ValidateSchemas(pc, vals, opts)
}

// TestValidateSchemaDocuments covers schemas themselves: broken JSON,
// metaschema failures, references that would need the file system or the
// network. All but the remote reference are helm v4.3.1's messages (with no
// /defs.json on the machine).
func TestValidateSchemaDocuments(t *testing.T) {
	const header = "values don't meet the specifications of the schema(s) in the following chart(s):\n"
	tests := []struct {
		name   string
		schema string
		vals   map[string]any
		err    string
	}{
		{name: "valid", schema: `{"type":"object"}`, vals: map[string]any{"a": 1.0}},
		{name: "draft from $schema", schema: `{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"n":{"type":"number","maximum":1,"exclusiveMaximum":true}}}`,
			vals: map[string]any{"n": 1.0}, err: header + "c:\n- at '/n': exclusiveMaximum: got 1, want 1\n"},
		{name: "broken JSON", schema: `{"type":`, err: header + "c:\nunexpected EOF"},
		{name: "metaschema", schema: `{"type":1}`,
			err: header + "c:\n\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation failed with 'https://json-schema.org/draft/2020-12/schema#'\n- at '': 'allOf' failed\n  - at '/type': 'anyOf' failed\n    - at '/type': value must be one of 'array', 'boolean', 'integer', 'null', 'number', 'object', 'string'\n    - at '/type': got number, want array"},
		{name: "file reference", schema: `{"$ref":"defs.json"}`,
			err: header + "c:\nfailing loading \"file:///defs.json\": open /defs.json: no such file or directory"},
		{name: "remote reference", schema: `{"$ref":"https://example.com/s.json"}`,
			err: header + "c:\nfailing loading \"https://example.com/s.json\": HTTP request failed for https://example.com/s.json: network access is disabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &chart.Chart{Metadata: &chart.Metadata{Name: "c"}, Schema: []byte(tt.schema)}
			_, err := ValidateSchemas(c, tt.vals, Options{})
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || err.Error() != tt.err {
				t.Errorf("error:\n%q\nwant:\n%q", err, tt.err)
			}
		})
	}
}

// TestExternalDNS reproduces the corpus chart whose schema error differs
// between Helm 4 (null defaults dropped) and Helm 3 (null defaults kept).
func TestExternalDNS(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(corpus); errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus %s is missing", corpus)
		}
		t.Skipf("SKIPPED: corpus %s is missing; corpus tests did not run", corpus)
	}
	for _, tt := range []struct {
		expected string
		helm3    bool
	}{{"expected-v4", false}, {"expected", true}} {
		t.Run(tt.expected, func(t *testing.T) {
			opts := Options{Helm3: tt.helm3}
			c, err := chart.Load(filepath.Join(corpus, "charts", "kubernetes-sigs__external-dns"), chart.Options{FirstValuesDocument: tt.helm3})
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(corpus, tt.expected, "kubernetes-sigs__external-dns", "template.stderr.txt"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = validateChart(t, c, nil, opts)
			if err == nil {
				t.Fatal("no schema error")
			}
			if got := "Error: " + err.Error() + "\n"; got != string(want) {
				t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
