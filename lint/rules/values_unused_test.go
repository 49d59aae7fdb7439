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
