package rules

import (
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
)

// TestReadTrieUsage checks how read paths use values keys.
func TestReadTrieUsage(t *testing.T) {
	reads := &readTrie{}
	for _, r := range []readPath{
		{path: split("image.repository")},
		{path: split("resources"), whole: true},
		{path: split("env.[].name")},
		{path: split("extra.*"), whole: true},
		{path: split("probe")},
	} {
		reads.add(r)
	}
	for _, tt := range []struct {
		path string
		want use
	}{
		{"image", partly},
		{"image.repository", partly},
		{"image.tag", unused},
		{"resources.limits.cpu", used},
		{"env", partly},
		{"env.x.name", partly},
		{"env.x.value", unused},
		{"extra.a.b", used},
		{"extra", partly},
		{"probe.path", partly},
		{"other", unused},
	} {
		if got := reads.usage(split(tt.path)); got != tt.want {
			t.Errorf("usage(%s) = %d, want %d", tt.path, got, tt.want)
		}
	}
}

func split(path string) []string { return strings.Split(path, ".") }

// TestReadElsewhere checks the keys read where templates do not show it:
// a top-level enabled (a parent's condition) and paths values.yaml writes
// as .Values.<path> for tpl.
func TestReadElsewhere(t *testing.T) {
	const values = `enabled: true
server:
  # image: "{{ .Values.server.sidecar.tag }}"
  sidecar: {}
  other: {}
  name: x
  nameSuffix: y
extra: "{{ .Values.server.name }}"
self: "{{ .Values.Values.Values }}"
`
	for _, tt := range []struct {
		path string
		leaf bool
		want bool
	}{
		{"enabled", true, true},
		{"server.enabled", true, false},
		{"server", false, false},           // .Values.server.… reads below server, not all of it
		{"server.sidecar", true, true},     // {} waiting for what tpl reads below it
		{"server.other", true, false},      // never written
		{"server.name", true, true},        // written whole
		{"server.nameSuffix", true, false}, // .Values.server.name is another key
		{"server.sidecar.tag", true, true}, // written whole
		{"Values", false, false},           // below it; the mention inside that one is passed over
		{"Values", true, true},
	} {
		if got := mentionsOf([]byte(values)).readElsewhere(split(tt.path), tt.leaf); got != tt.want {
			t.Errorf("readElsewhere(%s) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// TestEveryKeyRead checks the shortcut of unusedKeys against the walk over
// the index it saves: when everyKeyRead answers true, the index walk finds
// no unused key; it answers false for what it cannot tell (anchors,
// several documents) and for an unused key.
func TestEveryKeyRead(t *testing.T) {
	tests := []struct {
		name, values string
		reads        []readPath
		want         bool
	}{
		{"all read", "a: 1\nb:\n  c: 2\n", []readPath{{path: []string{"a"}}, {path: []string{"b", "c"}}}, true},
		{"nested unused", "a: 1\nb:\n  c: 2\n  d: 3\n", []readPath{{path: []string{"a"}}, {path: []string{"b", "c"}}}, false},
		{"top unused", "a: 1\nz: 2\n", []readPath{{path: []string{"a"}}}, false},
		{"whole subtree", "b:\n  c: 2\n  d: [1]\n", []readPath{{path: []string{"b"}, whole: true}}, true},
		{"wildcard", "m:\n  one:\n    p: 1\n  two:\n    p: 2\n", []readPath{{path: []string{"m", "*", "p"}}}, true},
		{"list element read", "l:\n  - x: 1\n", []readPath{{path: []string{"l", "[]", "x"}}}, true},
		{"quoted key", "\"a b\": 1\n", []readPath{{path: []string{"a b"}}}, true},
		{"empty", "# nothing\n", nil, true},
		{"anchor", "a: &x 1\nb: *x\n", []readPath{{path: []string{"a"}}, {path: []string{"b"}}}, false},
		{"two documents", "a: 1\n---\nb: 2\n", []readPath{{path: []string{"a"}}}, false},
		{"a key yaml.v2 makes a bool", "a: 1\n\"on\": 2\non: 3\n", []readPath{{path: []string{"a"}}, {path: []string{"on"}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reads := &readTrie{}
			for _, r := range tt.reads {
				reads.add(r)
			}
			got := everyKeyRead([]byte(tt.values), reads)
			if got != tt.want {
				t.Errorf("everyKeyRead = %v, want %v", got, tt.want)
			}
			idx, err := chart.IndexYAML(source.NewFile("values.yaml", []byte(tt.values)))
			if err != nil {
				t.Fatal(err)
			}
			var unusedFound []string
			var walk func(level []*chart.Key)
			walk = func(level []*chart.Key) {
				for _, k := range level {
					switch reads.usage(k.Path) {
					case unused:
						unusedFound = append(unusedFound, strings.Join(k.Path, "."))
					case partly:
						walk(k.Children)
					}
				}
			}
			walk(idx.Keys)
			if got && len(unusedFound) > 0 {
				t.Errorf("everyKeyRead = true, but the index walk finds %q unused", unusedFound)
			}
		})
	}
}
