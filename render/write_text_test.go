package render

import (
	"strings"
	"testing"
)

// TestWriteIsText checks that Write, which streams the output, prints
// what Text builds: manifests trimmed (trailing space of the last one,
// however far it goes), a newline, then the hooks.
func TestWriteIsText(t *testing.T) {
	m := func(source, content string) *Manifest { return &Manifest{Source: source, Content: content} }
	for _, tt := range []struct {
		name             string
		manifests, hooks []*Manifest
	}{
		{"nothing", nil, nil},
		{"hooks only", nil, []*Manifest{m("c/templates/h.yaml", "kind: Pod")}},
		{"plain", []*Manifest{m("c/templates/a.yaml", "kind: A"), m("c/templates/b.yaml", "kind: B")}, nil},
		{"trailing space", []*Manifest{m("c/templates/a.yaml", "kind: A\n\n  \n")}, []*Manifest{m("c/templates/h.yaml", "kind: H")}},
		{"blank last", []*Manifest{m("c/templates/a.yaml", "kind: A"), m("c/templates/b.yaml", " \n\u00a0")}, nil},
		{"empty last", []*Manifest{m("c/templates/a.yaml", "")}, nil},
	} {
		rel := &Release{Manifests: tt.manifests, Hooks: tt.hooks}
		var b strings.Builder
		if err := rel.Write(&b, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		if want := rel.Text(WriteOptions{}); b.String() != want {
			t.Errorf("%s: Write printed %q, Text is %q", tt.name, b.String(), want)
		}
	}
}
