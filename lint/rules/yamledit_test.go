package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/kube"
	"github.com/chartwright/chartwright/lint"
)

// apply applies edits to text, as an editor does: each edit's span refers
// to the original text, and edits do not overlap.
func apply(t *testing.T, text string, edits []lint.Edit) string {
	t.Helper()
	sorted := slices.Clone(edits)
	slices.SortFunc(sorted, func(a, b lint.Edit) int { return b.Span.Start - a.Span.Start })
	for i, e := range sorted {
		if i > 0 && e.Span.End > sorted[i-1].Span.Start {
			t.Fatalf("overlapping edits %+v", edits)
		}
		text = text[:e.Span.Start] + e.NewText + text[e.Span.End:]
	}
	return text
}

func TestAddKeyEdits(t *testing.T) {
	tests := []struct {
		name, text string
		path       []string
		want       string // "" for no fix
	}{
		{"top level", "a: 1\nb: 2\n", []string{"c"}, "a: 1\nb: 2\nc: null\n"},
		{"nested path at top level", "a: 1\n", []string{"x", "z"}, "a: 1\nx:\n  z: null\n"},
		{"under a mapping, after its last key", "image:\n  repo: r\n  tag: t\n# about b\nb: 2\n", []string{"image", "pullPolicy"},
			"image:\n  repo: r\n  tag: t\n  pullPolicy: null\n# about b\nb: 2\n"},
		{"four-space indentation", "a:\n    b:\n        c: 1\nd: 2\n", []string{"a", "b", "e", "f"},
			"a:\n    b:\n        c: 1\n        e:\n            f: null\nd: 2\n"},
		{"the file's unit for a new nesting", "a:\n    b: 1\n", []string{"x", "z"}, "a:\n    b: 1\nx:\n    z: null\n"},
		{"after a block scalar and a list", "a:\n  s: |\n    one\n\n    two\n  l:\n  - 1\n  - 2\nb: 1\n", []string{"a", "c"},
			"a:\n  s: |\n    one\n\n    two\n  l:\n  - 1\n  - 2\n  c: null\nb: 1\n"},
		{"under an empty value", "a:\nb: 1\n", []string{"a", "c"}, "a:\n  c: null\nb: 1\n"},
		{"under an empty value with a comment", "a: # none yet\nb: 1\n", []string{"a", "c"}, "a: # none yet\n  c: null\nb: 1\n"},
		{"under {}", "a: {}\nb: 1\n", []string{"a", "c"}, "a:\n  c: null\nb: 1\n"},
		{"CRLF line ends", "a:\r\n  b: 1\r\n", []string{"a", "c"}, "a:\r\n  b: 1\r\n  c: null\r\n"},
		{"no final newline", "a: 1", []string{"b"}, "a: 1\nb: null"},
		{"comments only", "# nothing yet\n", []string{"a"}, "# nothing yet\na: null\n"},
		{"empty file", "", []string{"a"}, "a: null\n"},
		{"first document only", "a: 1\n---\nb: 2\n", []string{"c"}, "a: 1\nc: null\n---\nb: 2\n"},
		{"keys YAML would misread are quoted", "a: 1\n", []string{"on", "my key"}, "a: 1\n\"on\":\n  \"my key\": null\n"},
		{"under {} with a comment", "a: {} # later\n", []string{"a", "c"}, "a: # later\n  c: null\n"},
		{"non-ASCII text before", "grüß: \"👋\"\n", []string{"b"}, "grüß: \"👋\"\nb: null\n"},
		{"defined already", "a:\n  b: 1\n", []string{"a", "b"}, ""},
		{"flow mapping", "a: {b: 1}\n", []string{"a", "c"}, ""},
		{"under a scalar", "a: text\n", []string{"a", "c"}, ""},
		{"under a list", "a:\n- 1\n", []string{"a", "c"}, ""},
		{"invalid YAML", "a: [\n", []string{"b"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var edits []lint.Edit
			y, err := valuesYAML(source.NewFile("values.yaml", []byte(tt.text)))
			ok := err == nil
			if ok {
				edits, ok = y.addKeyEdits(tt.path)
			}
			if !ok {
				if tt.want != "" {
					t.Fatalf("no fix, want\n%s", tt.want)
				}
				return
			}
			got := apply(t, tt.text, edits)
			if tt.want == "" {
				t.Fatalf("fix gives\n%s\nwant none", got)
			}
			if got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			if !defines(t, got, tt.path) {
				t.Errorf("%q does not define %v", got, tt.path)
			}
		})
	}
}

// defines reports whether the YAML text has the key path.
func defines(t *testing.T, text string, path []string) bool {
	t.Helper()
	idx, err := chart.IndexYAML(source.NewFile("values.yaml", []byte(text)))
	if err != nil {
		t.Fatalf("the edit broke the YAML: %v\n%s", err, text)
	}
	_, ok := idx.Lookup(path)
	return ok
}

func TestRemoveKeyEdits(t *testing.T) {
	tests := []struct {
		name, text string
		path       []string
		want       string
	}{
		{"a scalar", "a: 1\nb: 2\nc: 3\n", []string{"b"}, "a: 1\nc: 3\n"},
		{"with its comment block", "a: 1\n# about b\n# more\nb: 2\nc: 3\n", []string{"b"}, "a: 1\nc: 3\n"},
		{"a comment after a blank line stays", "a: 1\n# section\n\nb: 2\nc: 3\n", []string{"b"}, "a: 1\n# section\n\nc: 3\n"},
		{"one of two blank lines around it goes", "a: 1\n\n# b\nb: 2\n\nc: 3\n", []string{"b"}, "a: 1\n\nc: 3\n"},
		{"a whole block", "a: 1\nb:\n  x: 1\n  # inner\n  y:\n  - 1\n  - 2\n  # commented: option\nc: 3\n", []string{"b"}, "a: 1\nc: 3\n"},
		{"a list at the key's indentation", "b:\n- 1\n- 2\nc: 3\n", []string{"b"}, "c: 3\n"},
		{"a block scalar", "b: |\n  one\n\n  two\nc: 3\n", []string{"b"}, "c: 3\n"},
		{"nested", "image:\n  # the repo\n  repo: r\n  tag: t\n", []string{"image", "repo"}, "image:\n  tag: t\n"},
		{"the last child leaves {}", "a:\n  # only\n  b: 1\nc: 2\n", []string{"a", "b"}, "a: {}\nc: 2\n"},
		{"the last key of the file", "a: 1\nb: 2", []string{"b"}, "a: 1\n"},
		{"CRLF", "a: 1\r\nb: 2\r\n", []string{"a"}, "b: 2\r\n"},
		{"flow mapping", "a: {b: 1, c: 2}\n", []string{"a", "b"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, err := valuesYAML(source.NewFile("values.yaml", []byte(tt.text)))
			if err != nil {
				t.Fatal(err)
			}
			k, ok := y.keys.Lookup(tt.path)
			if !ok {
				t.Fatalf("no key %v", tt.path)
			}
			edits, ok := y.removeKeyEdits(k)
			if !ok {
				if tt.want != "" {
					t.Fatalf("no fix, want\n%s", tt.want)
				}
				return
			}
			got := apply(t, tt.text, edits)
			if got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			if strings.TrimSpace(got) != "" && defines(t, got, tt.path) {
				t.Errorf("%v is still there", tt.path)
			}
		})
	}
}

func TestApiVersionFix(t *testing.T) {
	hd := &head{APIVersion: "batch/v1beta1", Kind: "CronJob"}
	tests := []struct {
		name, text string
		want       string
	}{
		{"literal", "apiVersion: batch/v1beta1\nkind: CronJob\n", "apiVersion: batch/v1\nkind: CronJob\n"},
		{"quoted, with a comment", "apiVersion: \"batch/v1beta1\" # old\n", "apiVersion: \"batch/v1\" # old\n"},
		{"from an include", "apiVersion: {{ include \"x\" . }}\n", ""},
		{"from a value", "apiVersion: {{ .Values.api }}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := source.NewFile("templates/cj.yaml", []byte(tt.text))
			fixes := apiVersionFix(source.Span{File: f}, hd, kube.Release{Major: 1, Minor: 37})
			if tt.want == "" {
				if len(fixes) > 0 {
					t.Errorf("fix %+v, want none", fixes)
				}
				return
			}
			if len(fixes) != 1 || fixes[0].Title != "use apiVersion batch/v1" {
				t.Fatalf("fixes %+v", fixes)
			}
			if got := apply(t, tt.text, fixes[0].Edits); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestApiVersionFixReplacements checks which apiVersion the fix writes for
// a kind and target: the replacement Kubernetes names, the next one when
// that is removed at the target too, or none.
func TestApiVersionFixReplacements(t *testing.T) {
	tests := []struct {
		apiVersion, kind string
		target           int // minor version of 1.x
		want             string
	}{
		{"policy/v1beta1", "PodSecurityPolicy", 37, ""},
		// Only the history of Kubernetes knows the kind.
		{"batch/v2alpha1", "CronJob", 37, "batch/v1"},
		// Its replacement, policy/v1beta1, is gone from 1.25 on.
		{"extensions/v1beta1", "PodSecurityPolicy", 24, "policy/v1beta1"},
		{"extensions/v1beta1", "PodSecurityPolicy", 25, ""},
		// v1beta3, the replacement named, is gone from 1.32 on: v1 replaces it.
		{"flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", 31, "flowcontrol.apiserver.k8s.io/v1beta3"},
		{"flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", 37, "flowcontrol.apiserver.k8s.io/v1"},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s %s at 1.%d", tt.apiVersion, tt.kind, tt.target)
		text := "apiVersion: " + tt.apiVersion + "\n"
		fixes := apiVersionFix(source.Span{File: source.NewFile("a", []byte(text))},
			&head{APIVersion: tt.apiVersion, Kind: tt.kind}, kube.Release{Major: 1, Minor: tt.target})
		if tt.want == "" {
			if len(fixes) > 0 {
				t.Errorf("%s: fix %+v, want none", name, fixes)
			}
			continue
		}
		if len(fixes) != 1 || fixes[0].Title != "use apiVersion "+tt.want {
			t.Errorf("%s: fixes %+v, want use apiVersion %s", name, fixes, tt.want)
			continue
		}
		if got := apply(t, text, fixes[0].Edits); got != "apiVersion: "+tt.want+"\n" {
			t.Errorf("%s: got %q", name, got)
		}
	}
}
