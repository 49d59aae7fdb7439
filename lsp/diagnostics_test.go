package lsp

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
)

// TestMergeDropsRepeats merges the whole lint's findings with the syntax
// check's: a parse error both report at the same place is published once,
// though the lint names the file's path and the syntax check does not;
// findings about files as a whole stay apart by path.
func TestMergeDropsRepeats(t *testing.T) {
	f := source.NewFile("templates/a.yaml", []byte("a: {{ x\n"))
	span := source.Span{File: f, Start: 7, End: 7}
	lintFound := []lint.Finding{
		{Rule: "template-render", Span: span, Path: "templates/a.yaml", Message: "parse error at (c/templates/a.yaml:1): x"},
		{Rule: "chart-icon", Path: "Chart.yaml", Message: "icon is recommended"},
		{Rule: "values-file", Path: "values.yaml", Message: "file does not exist"},
	}
	syntax := []lint.Finding{{Rule: "template-render", Span: span, Message: "parse error at (templates/a.yaml:1): x"}}
	got := merge(lintFound, syntax)
	if len(got) != 3 || got[0].Path != "templates/a.yaml" {
		t.Errorf("merged %+v, want the lint's three findings", got)
	}
}

// TestShortenMessages keeps a long message's start and end, on character
// boundaries.
func TestShortenMessages(t *testing.T) {
	if got := shortenMiddle("short"); got != "short" {
		t.Errorf("shortenMiddle(short) = %q", got)
	}
	long := "template: a.yaml:1:2: " + strings.Repeat("é calling include: ", 1000) + "nested reference name: loop"
	got := shortenMiddle(long)
	if len(got) > maxMessage+10 || !utf8.ValidString(got) || !strings.HasPrefix(got, "template: a.yaml:1:2: ") || !strings.HasSuffix(got, "nested reference name: loop") || !strings.Contains(got, " … ") {
		t.Errorf("shorten gave %d bytes: %.80q…%.80q", len(got), got, got[max(0, len(got)-80):])
	}
}
