package lsp_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// Helpers of the end-to-end tests of hover, definition, references,
// rename and highlight.

// navPosition is the LSP position (0-based line, UTF-16 character) right
// after the first occurrence of context in text, computed independently
// of the server's conversions.
func navPosition(t *testing.T, text, context string) lsptest.Position {
	t.Helper()
	i := strings.Index(text, context)
	if i < 0 {
		t.Fatalf("%q not in the text", context)
	}
	before := text[:i+len(context)]
	line := strings.Count(before, "\n")
	return lsptest.Position{Line: line, Character: len(utf16.Encode([]rune(before[strings.LastIndex(before, "\n")+1:])))}
}

// navParams are the params of a request at a position of a file.
func navParams(path string, pos lsptest.Position) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": lsptest.URI(path)}, "position": pos}
}

// navLocation is an LSP location.
type navLocation struct {
	URI   string        `json:"uri"`
	Range lsptest.Range `json:"range"`
}

// describeNavLocations renders locations as "path:line:char-line:char",
// paths relative to folder.
func describeNavLocations(t *testing.T, folder string, locs []navLocation) []string {
	t.Helper()
	var out []string
	for _, l := range locs {
		rel, err := filepath.Rel(lsptest.URI(folder), l.URI)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s:%s", rel, describeRange(l.Range)))
	}
	return out
}

// describeRange renders a range as "line:char-line:char".
func describeRange(r lsptest.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character)
}
