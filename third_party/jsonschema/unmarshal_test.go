package jsonschema

// chartwright's test of unmarshal.go (see UPSTREAM.md).

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
)

// unmarshalCases are documents the parser must read as the decoder does,
// or hand to it: escapes, invalid UTF-8, numbers at their edges, duplicate
// keys, trailing data, deep nesting and malformed text.
var unmarshalCases = []string{
	`{"type": "object", "properties": {"a": {"type": ["string", "null"], "default": ""}}}`,
	`{"a": 1, "a": 2}`, `[]`, `{}`, ` [1, -0, 0.5, -1.5e10, 2E-3, 1e+2, 123456789012345678901234567890] `,
	`"\u00e9\n\"\\\/\t"`, `{"\u0061": "b\ud83d\ude00"}`, "\"caf\xc3\xa9\"", "\"bad \xff utf8\"", `"\ud800"`,
	"{\"k\": \"\x7f\"}", `true`, `false`, `null`, `0`, `-`, `01`, `1.`, `.5`, `1e`, `+1`, `-a`, `tru`, `nul`,
	`{"a" 1}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{,}`, `{"a":1}}`, `{} {}`, `{}x`, `1 2`, ``, ` `,
	"\"ctl \x01\"", `"\x"`, `"unterminated`, `"\`, "\ufeff{}", `{"a":[{"b":[true,false,null]}]}`,
	strings.Repeat("[", maxParseDepth+1) + strings.Repeat("]", maxParseDepth+1),
	strings.Repeat(`{"a":`, 50) + "1" + strings.Repeat("}", 50),
}

// checkSameAsDecoder fails when UnmarshalJSONBytes and UnmarshalJSON give
// different values or errors for data.
func checkSameAsDecoder(t *testing.T, data []byte) {
	t.Helper()
	got, gotErr := UnmarshalJSONBytes(data)
	want, wantErr := UnmarshalJSON(bytes.NewReader(data))
	if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
		t.Fatalf("%.200q: error %v, decoder's %v", data, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%.200q: %#v, decoder's %#v", data, got, want)
	}
}

func TestUnmarshalJSONBytesSameAsDecoder(t *testing.T) {
	for _, c := range unmarshalCases {
		checkSameAsDecoder(t, []byte(c))
	}
}

// TestUnmarshalJSONBytesReadsSchemas checks that the parser itself, not
// its fallback, reads the metaschemas and the corpus's schemas, and reads
// them as the decoder does.
func TestUnmarshalJSONBytesReadsSchemas(t *testing.T) {
	files := filesBelow(t, "metaschemas", func(string) bool { return true })
	corpusSchemas := filesBelow(t, filepath.Join(corpus.Dir(t), "charts"), func(name string) bool {
		return name == "values.schema.json"
	})
	if len(corpusSchemas) == 0 {
		t.Fatal("no values.schema.json in the corpus")
	}
	for _, f := range append(files, corpusSchemas...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := jsonParser{data: data, interned: map[string]string{}}
		if _, ok := p.document(); !ok {
			t.Errorf("%s: the parser gave up at byte %d", f, p.pos)
		}
		checkSameAsDecoder(t, data)
	}
}

// filesBelow lists the files below dir whose names keep accepts.
func filesBelow(t *testing.T, dir string, keep func(name string) bool) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && keep(d.Name()) {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func FuzzUnmarshalJSONBytes(f *testing.F) {
	for _, c := range unmarshalCases {
		f.Add([]byte(c))
	}
	f.Fuzz(checkSameAsDecoder)
}
