package schema

import (
	"slices"
	"strings"
	"testing"
)

func TestChartfileSchemaCompiles(t *testing.T) {
	if n := chartfileSchema(); n.typ != typeObject || len(n.object().props) < 15 {
		t.Fatalf("embedded Chart.yaml schema did not compile: %+v", n)
	}
}

func TestValidateChartfile(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"valid v2", "apiVersion: v2\nname: web\nversion: 1.2.3\ntype: application\nkubeVersion: '>= 1.22.0-0'\ndependencies:\n- name: redis\n  version: ~17.0.0\n  repository: https://charts.example.com\n  alias: cache_1\n", nil},
		{"valid v1 without type", "apiVersion: v1\nname: old\nversion: 0.1.0\ntype: \"\"\n", nil},
		{"missing fields", "description: x\n", []string{
			`missing-required missing required field "apiVersion"`,
			`missing-required missing required field "name"`,
			`missing-required missing required field "version"`,
		}},
		{"bad values", "apiVersion: v3\nname: a/b\nversion: 1.2.3.4\ntype: app\nkubeVersion: '>>1'\nversoin: 1\n", []string{
			`invalid-enum apiVersion: invalid value "v3": must be one of "v2", "v1"`,
			`invalid-enum type: invalid value "app": must be one of "application", "library"`,
			`unknown-field versoin: unknown field "versoin" (did you mean "version"?)`,
			`invalid-name name: chart name "a/b" is invalid: it must not contain '/'`,
			`invalid-value version: version "1.2.3.4" is invalid: invalid semantic version`,
			`invalid-value kubeVersion: kubeVersion ">>1" is invalid: improper constraint: ">>1"`,
		}},
		{"dependencies", "apiVersion: v2\nname: p\nversion: 1.0.0\nmaintainers:\n- null\ndependencies:\n- name: a\n  alias: x.y\n- name: b\n  alias: a\n- name: a\n", []string{
			`wrong-type maintainers[0]: maintainers must not contain empty or null nodes`,
			`invalid-value dependencies[0].alias: dependency alias "x.y" has disallowed characters: use letters, digits, '-' and '_'`,
			`invalid-value dependencies[2]: more than one dependency with name or alias "a"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs, err := ValidateChartfile([]byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Kind.String()+" "+e.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	if _, err := ValidateChartfile([]byte("- a list\n")); err == nil {
		t.Error("ValidateChartfile accepted a YAML list")
	}
}

func TestChartfileLookup(t *testing.T) {
	tests := []struct {
		path     []string
		typ      string
		enum     string
		required bool
	}{
		{nil, "object", "", false},
		{[]string{"apiVersion"}, "string", `"v2","v1"`, true},
		{[]string{"dependencies", "0", "name"}, "string", "", true},
		{[]string{"dependencies", "alias"}, "string", "", false},
		{[]string{"annotations"}, "object", "", false},
	}
	for _, tt := range tests {
		n, ok := ChartfileLookup(tt.path)
		if !ok {
			t.Errorf("%v: not found", tt.path)
			continue
		}
		if n.Type != tt.typ || strings.Join(n.Enum, ",") != tt.enum || n.Required != tt.required || n.Description == "" && tt.path != nil {
			t.Errorf("%v: got %+v", tt.path, n)
		}
	}
}
