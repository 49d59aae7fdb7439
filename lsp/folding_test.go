package lsp

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

// describeFolds writes folding ranges as "start-end kind".
func describeFolds(ranges []protocol.FoldingRange) []string {
	var out []string
	for _, r := range ranges {
		s := fmt.Sprintf("%d-%d", r.StartLine, r.EndLine)
		if r.Kind != "" {
			s += " " + string(r.Kind)
		}
		out = append(out, s)
	}
	return out
}

func TestFoldingRanges(t *testing.T) {
	tests := []struct {
		name string
		kind cache.Kind
		text string
		want []string
	}{
		{"if, else and end; the closing line stays visible", cache.KindTemplate,
			"{{- if .a }}\nx: 1\ny: 2\n{{- else }}\nx: 3\ny: 4\n{{- end }}\n",
			[]string{"0-2 region", "3-5 region"}},
		{"nested blocks, a define and a comment", cache.KindTemplate,
			"{{/*\nDoc.\n*/}}\n{{- define \"x\" }}\n{{- range .a }}\n- {{ . }}\n{{- end }}\n{{- end }}\n",
			[]string{"0-2 comment", "3-6 region", "4-5 region"}},
		{"unclosed and stray blocks are tolerated", cache.KindTemplate,
			"{{- end }}\n{{- with .a }}\nb: 1\n{{- end }}\n{{- if .c }}\nd: 1\n",
			[]string{"1-2 region"}},
		{"YAML nested under a key, actions inside", cache.KindTemplate,
			"metadata:\n  labels:\n    {{- include \"x\" . | nindent 4 }}\nspec:\n{{- if .a }}\n  replicas: 1\n{{- end }}\n  x: 2\n",
			[]string{"0-2", "1-2", "3-7", "4-5 region"}},
		{"a block crossing the YAML keeps the block", cache.KindTemplate,
			"{{- if .a }}\nspec:\n  x: 1\n{{- end }}\n  y: 2\n",
			[]string{"0-2 region"}},
		{"documents", cache.KindTemplate,
			"a: 1\nb:\n  c: 2\n---\n{{- if .x }}\nd: 1\ne: 2\n{{- end }}\n",
			[]string{"0-2 region", "1-2", "3-6 region", "4-6 region"}},
		{"values: mappings, lists, comments", cache.KindValues,
			"# One.\n# Two.\nimage:\n  tag: x\n  # gone: y\n\nenv:\n- name: A\n  value: b\n- name: C\n  value: d\nz: 1\n",
			[]string{"0-1 comment", "2-4", "6-10", "7-8", "9-10"}},
		{"CRLF", cache.KindValues, "a:\r\n  b:\r\n    c: 1\r\nd: 2\r\n", []string{"0-2", "1-2"}},
		{"no folds in values.schema.json", cache.KindValuesSchema, "{\n  \"a\": 1\n}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &cache.Document{Kind: tt.kind, File: source.NewFile("f", []byte(tt.text))}
			if got := describeFolds(foldingRanges(doc)); !slices.Equal(got, tt.want) {
				t.Errorf("folds of %q\n got: %q\nwant: %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestFoldingRangesShop checks the folds of shop's files, whose non-ASCII
// text counts in bytes and lines, not in folds.
func TestFoldingRangesShop(t *testing.T) {
	_, snap, folder := outlineWorkspace(t, "shop")
	for rel, want := range map[string][]string{
		"shop/templates/deployment.yaml": {"2-6", "5-6", "7-35", "9-11", "10-11", "12-35", "13-15", "14-15", "16-35",
			"17-35", "18-35", "20-22", "21-22", "23-35", "24-25", "26-28 region", "27-28", "30-34 region", "31-33 region", "32-33"},
		"shop/templates/_helpers.tpl": {"1-2 region", "6-8 region"},
		"shop/values.yaml":            {"3-7", "12-14", "17-21", "18-19", "20-21", "23-25", "28-30"},
		"shop/Chart.yaml":             {"6-12", "7-10", "11-12"},
	} {
		doc := outlineDocument(t, snap, folder, rel)
		if got := describeFolds(foldingRanges(doc)); !slices.Equal(got, want) {
			t.Errorf("folds of %s\n got: %q\nwant: %q", rel, got, want)
		}
	}
}

// TestFoldingRangesCorpus checks that the folds of every template of
// kube-prometheus-stack are well nested, within the file, and that there
// are some.
func TestFoldingRangesCorpus(t *testing.T) {
	total := 0
	for _, f := range corpusTemplates(t) {
		ranges := foldingRanges(&cache.Document{Kind: cache.KindTemplate, File: f})
		if err := checkNested(ranges, uint32(f.LineCount())); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
		total += len(ranges)
		if strings.Contains(string(f.Data), "{{- end") && len(ranges) == 0 {
			t.Errorf("%s: no folds", f.Name)
		}
	}
	if total < 1000 {
		t.Errorf("%d folds in all", total)
	}
}

// checkNested checks that ranges are sorted, span lines of the file, start
// on distinct lines and nest: each ends before the next starts or after
// it ends.
func checkNested(ranges []protocol.FoldingRange, lines uint32) error {
	var open []protocol.FoldingRange
	for i, r := range ranges {
		if r.EndLine <= r.StartLine || r.EndLine >= lines {
			return fmt.Errorf("range %+v out of the file's %d lines", r, lines)
		}
		if i > 0 && r.StartLine <= ranges[i-1].StartLine {
			return fmt.Errorf("range %+v after %+v", r, ranges[i-1])
		}
		for len(open) > 0 && open[len(open)-1].EndLine < r.StartLine {
			open = open[:len(open)-1]
		}
		if len(open) > 0 && r.EndLine > open[len(open)-1].EndLine {
			return fmt.Errorf("range %+v crosses %+v", r, open[len(open)-1])
		}
		open = append(open, r)
	}
	return nil
}

func BenchmarkFoldingRanges(b *testing.B) {
	for _, f := range []*source.File{corpusTemplates(b)[0], doubledTemplate(b)} {
		b.Run(fmt.Sprintf("%dlines", f.LineCount()), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				foldingRanges(&cache.Document{Kind: cache.KindTemplate, File: source.NewFile(f.Name, f.Data)})
			}
		})
	}
}
