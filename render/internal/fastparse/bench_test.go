package fastparse

import (
	"os"
	"testing"
	"text/template/parse"
)

// BenchmarkParse parses every template of our test charts and of the shared
// corpus with text/template/parse and with this package.
func BenchmarkParse(b *testing.B) {
	var texts []string
	for _, path := range append(testdataTemplates(b), corpusTemplates(b)...) {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	b.Run("text-template", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, text := range texts {
				parse.Parse("t", text, "", "", funcs, builtins)
			}
		}
	})
	b.Run("fastparse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, text := range texts {
				Parse("t", text, 0, funcs, builtins)
			}
		}
	})
}
