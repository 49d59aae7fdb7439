package render

import (
	"testing"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/internal/fastparse"
)

// TestTextIndexOrigins checks where the index places the text nodes of a
// tree parsed from its file's data (the file is kept) and of one parsed
// from a copy (each node is kept), and that it places nothing else: not
// even bytes beyond a file's data in the same array.
func TestTextIndexOrigins(t *testing.T) {
	const text = "a: {{ .Values.a }}\nb: {{ .Values.b }}\n"
	backing := []byte(text + "beyond the file")
	inPlace := source.NewFile("templates/a.yaml", backing[:len(text):len(text)])
	copied := source.NewFile("templates/b.yaml", []byte(text))
	parsed := func(f *source.File) *parse.Tree {
		trees, err := fastparse.ParseBytes(f.Name, f.Data, parse.SkipFuncCheck)
		if f == copied {
			trees, err = fastparse.Parse(f.Name, string(f.Data), parse.SkipFuncCheck)
		}
		if err != nil {
			t.Fatal(err)
		}
		return trees[f.Name]
	}
	trees := map[*source.File]*parse.Tree{inPlace: parsed(inPlace), copied: parsed(copied)}
	ix := newTextIndex()
	ix.add(trees[inPlace], inPlace)
	ix.add(trees[copied], copied)
	ix.seal()
	if len(ix.files) != 1 || ix.files[0].file != inPlace || len(ix.nodes) != 3 {
		t.Fatalf("index of %d files and %d nodes, want the file parsed in place and the copy's 3 nodes", len(ix.files), len(ix.nodes))
	}
	for f, tree := range trees {
		walkText(tree.Root, func(n *parse.TextNode) {
			if o, ok := ix.origin(n.Text); !ok || o.File != f || o.Offset != int(n.Pos) {
				t.Errorf("%s: text %q at %d placed at %v, %v", f.Name, n.Text, n.Pos, o, ok)
			}
		})
	}
	for _, p := range [][]byte{backing[len(text):], []byte("a: ")} {
		if o, ok := ix.origin(p); ok {
			t.Errorf("%q is placed at %v: it is no text node", p, o)
		}
	}
}
