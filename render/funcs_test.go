package render

import (
	"reflect"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestFromYAMLAgreesWithHelm compares fromYAML with Helm's fromYaml
// (sigs.k8s.io/yaml into an empty map, the error's text under "Error") on
// texts the fast reader answers for and texts it leaves to yaml.v2.
func TestFromYAMLAgreesWithHelm(t *testing.T) {
	for _, text := range []string{
		"", "# only a comment\n", "---\n", "a: 1\nb: [x, 2.5, true]\nc:\n  d: null\n  e: 'q'\n", "a: 010\nb: 1e3\nc: yes\nd: ~\n",
		"a: {b: c}\nlist:\n- x\n- y: z\n", "a: &x 1\nb: *x\n", "a: 1\na: 2\n", "- a\n- b\n", "plain text", "a: [b\n",
		"a:\tb\n", "1: a\ntrue: b\n", "a: .inf\n", "a: |\n  text\n  more\n", "{}", "{a: [b]}\n", "{a: 1}\nb: 2\n",
	} {
		want := map[string]any{}
		if err := yaml.Unmarshal([]byte(text), &want); err != nil {
			want["Error"] = err.Error()
		}
		if got := fromYAML(text); !reflect.DeepEqual(got, want) || (got == nil) != (want == nil) {
			t.Errorf("fromYAML(%q) = %#v, Helm's %#v", text, got, want)
		}
	}
}
