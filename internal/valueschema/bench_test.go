package valueschema

import (
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/third_party/jsonschema"
)

// corpusSchema is one distinct values.schema.json of the corpus, named by
// the folder of its first chart.
type corpusSchema struct {
	name string
	data []byte
}

// corpusSchemas reads the corpus's values.schema.json files, each content
// once (bitnami's redis is in two charts).
func corpusSchemas(tb testing.TB) []corpusSchema {
	tb.Helper()
	charts := filepath.Join(corpus.Dir(tb), "charts")
	seen := map[[32]byte]bool{}
	var out []corpusSchema
	err := filepath.WalkDir(charts, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "values.schema.json" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if sum := sha256.Sum256(data); !seen[sum] {
			seen[sum] = true
			rel, _ := filepath.Rel(charts, filepath.Dir(path))
			out = append(out, corpusSchema{strings.ReplaceAll(filepath.ToSlash(rel), "/", ":"), data})
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatalf("no values.schema.json below %s", charts)
	}
	return out
}

// BenchmarkCompile compiles each distinct values.schema.json of the corpus
// as a lint does, once per process.
func BenchmarkCompile(b *testing.B) {
	for _, s := range corpusSchemas(b) {
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(s.data)))
			b.ReportAllocs()
			for b.Loop() {
				c := &Compiled{}
				if _, err := c.compile(s.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUnmarshal parses traefik's values.schema.json (181 kB, the
// corpus's largest) into the values the compiler reads, the first step of
// a compilation.
func BenchmarkUnmarshal(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(corpus.Dir(b), "charts", "traefik__traefik", "values.schema.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jsonschema.UnmarshalJSONBytes(data); err != nil {
			b.Fatal(err)
		}
	}
}
