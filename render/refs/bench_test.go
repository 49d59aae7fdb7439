package refs

import (
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/corpus"
)

// largestTemplate indexes kube-prometheus-stack, the largest corpus chart,
// and returns its index and its largest template file.
func largestTemplate(b *testing.B) (*Index, *source.File) {
	b.Helper()
	dir := corpus.Dir(b)
	c, err := chart.Load(corpus.ChartPath(b, dir, "prometheus-community__kube-prometheus-stack"), chart.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var largest *source.File
	for _, f := range c.Templates {
		if largest == nil || len(f.Data) > len(largest.Data) {
			largest = f
		}
	}
	return Build(c), largest
}

// tokenOffsets are the offsets of the ends of the file's tokens: where a
// cursor is while a name is typed, or hovered.
func tokenOffsets(f *source.File) []int {
	var out []int
	for _, t := range Lex(f.Data) {
		out = append(out, t.End)
	}
	return out
}

// BenchmarkAt asks what is at each token of the largest template.
func BenchmarkAt(b *testing.B) {
	ix, f := largestTemplate(b)
	offsets := tokenOffsets(f)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.At(f, offsets[i%len(offsets)])
	}
}

// BenchmarkDotAt asks what . is at each token of the largest template.
func BenchmarkDotAt(b *testing.B) {
	ix, f := largestTemplate(b)
	offsets := tokenOffsets(f)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.DotAt(f, offsets[i%len(offsets)])
	}
}

// BenchmarkCursorAt reads the largest template at each token, and at its
// end, the most text to read.
func BenchmarkCursorAt(b *testing.B) {
	_, f := largestTemplate(b)
	offsets := tokenOffsets(f)
	b.Run("tokens", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			CursorAt(f.Data, offsets[i%len(offsets)])
		}
	})
	b.Run("end", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			CursorAt(f.Data, len(f.Data))
		}
	})
}

// BenchmarkLex tokenizes the largest template.
func BenchmarkLex(b *testing.B) {
	_, f := largestTemplate(b)
	b.SetBytes(int64(len(f.Data)))
	b.ReportAllocs()
	for b.Loop() {
		Lex(f.Data)
	}
}
