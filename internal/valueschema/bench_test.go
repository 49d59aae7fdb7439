package valueschema

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/third_party/jsonschema"
)

// BenchmarkCompile compiles traefik's values.schema.json (181 kB), the
// corpus's largest, as a lint does once per process.
func BenchmarkCompile(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(corpus.Dir(b), "charts", "traefik__traefik", "values.schema.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c := &Compiled{}
		if _, err := c.compile(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnmarshal parses the same schema into the values the compiler
// reads, the first step of a compilation.
func BenchmarkUnmarshal(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(corpus.Dir(b), "charts", "traefik__traefik", "values.schema.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jsonschema.UnmarshalJSON(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
