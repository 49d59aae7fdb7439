package rules

import (
	"strings"
	"testing"
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
// a top-level enabled (a parent's condition), a top-level exports (a
// parent's import-values) and paths values.yaml writes as .Values.<path>
// for tpl.
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
		{"exports", false, true}, // a parent's import-values reads its children
		{"server.exports", false, false},
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
