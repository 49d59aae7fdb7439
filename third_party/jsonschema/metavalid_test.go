package jsonschema

// chartwright's tests of its patch to roots.go (fastmeta.go, see UPSTREAM.md).
// They compile metaschemas: the file sorts after lazy_test.go, whose test
// must run before any.

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// metaschemaVerdict prepares doc as addRoot does and returns whether the
// shortcut would take it as valid, and the metaschema's own verdict.
func metaschemaVerdict(doc any) (shortcut bool, err error, ok bool) {
	rr := newRoots()
	u := url("file:///values.schema.json")
	r := &root{url: u, doc: doc, resources: map[jsonPointer]*resource{}, subschemasProcessed: map[jsonPointer]struct{}{}}
	if rr.collectResources(r, doc, u, "", dialect{rr.defaultDraft, nil}) != nil {
		return false, nil, false // the compiler stops before validating
	}
	return rr.metaValid(r.resource("").dialect, doc), rr.validate(r, doc, ""), true
}

// metaSeeds are schemas of every draft, valid and not, for the keywords
// the shortcut checks and some it leaves to the metaschema.
var metaSeeds = []string{
	`{"type":"object","properties":{"a":{"type":"string","enum":["x","y"],"default":"x"}},"required":["a"]}`,
	`{"$schema":"http://json-schema.org/draft-04/schema#","type":"object","required":[]}`,
	`{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"a":{"type":["string","null"],"minLength":1}}}`,
	`{"$schema":"http://json-schema.org/draft-06/schema#","items":{"type":"integer","minimum":1,"maximum":2.5}}`,
	`{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"d":{"type":"boolean"}},"$ref":"#/definitions/d"}`,
	`{"$schema":"https://json-schema.org/draft/2019-09/schema","$defs":{"d":{"pattern":"^a+$"}},"allOf":[{"$ref":"#/$defs/d"}]}`,
	`{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://example.com/s","additionalProperties":false}`,
	`{"$schema":"http://json-schema.org/schema#","type":"object","properties":{"x":{"form":true,"sliderMin":"no","title":"X"}}}`,
	`{"type":"strin"}`, `{"type":["string","string"]}`, `{"type":[]}`, `{"enum":[]}`, `{"enum":["a","a"]}`,
	`{"required":["a",1]}`, `{"required":["a","a"]}`, `{"$schema":"http://json-schema.org/draft-04/schema#","enum":["a","a"]}`, `{"minLength":-1}`, `{"minLength":1.5}`, `{"maxItems":"3"}`, `{"pattern":"("}`,
	`{"pattern":"\\p{Greek}"}`, `{"$ref":"#/definitions/a b"}`, `{"$ref":"\\x"}`, `{"$id":"http://x/y#frag"}`,
	`{"$schema":"http://json-schema.org/draft-07/schema#","$id":"#a"}`, `{"properties":{"a":5}}`, `{"properties":[]}`,
	`{"items":[{"type":"string"}]}`, `{"additionalProperties":"no"}`, `{"allOf":[]}`, `{"anyOf":[true]}`,
	`{"not":{"type":"nope"}}`, `{"title":5}`, `{"description":null}`, `{"readOnly":"yes"}`, `{"examples":{}}`,
	`{"enum":[1,"1",-2,0,true,null]}`, `{"enum":[1,1.0]}`, `{"enum":[0,-0]}`, `{"enum":[1e2,100]}`, `{"enum":[01]}`,
	`{"$schema":"http://json-schema.org/draft-04/schema#","enum":[1,1.0]}`, `{"uniqueItems":1}`, `{"format":7}`, `{"dependencies":{"a":["b"]}}`, `{"exclusiveMinimum":true}`,
	`{"$schema":"http://json-schema.org/draft-04/schema#","exclusiveMinimum":5}`, `{"const":null,"default":[1,{}]}`,
	`{"if":{"type":"string"},"then":{"minLength":2},"else":{"type":"x"}}`, `{"properties":{"a":{"properties":{"b":{"type":"q"}}}}}`,
}

// FuzzMetaValid checks that the shortcut never takes for valid a schema
// the metaschema rejects: the error a chart author gets must not be lost.
func FuzzMetaValid(f *testing.F) {
	for _, s := range metaSeeds {
		f.Add([]byte(s))
	}
	for _, s := range testdataSchemas(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		if shortcut, err, ok := metaschemaVerdict(doc); ok && shortcut && err != nil {
			t.Fatalf("the shortcut takes %s for valid; the metaschema says %v", data, err)
		}
	})
}

// TestMetaValidTakesTypicalSchemas checks that the shortcut serves the
// schemas charts are made of: our test charts' valid ones.
func TestMetaValidTakesTypicalSchemas(t *testing.T) {
	schemas := testdataSchemas(t)
	if len(schemas) == 0 {
		t.Fatal("no values.schema.json under testdata")
	}
	valid := 0
	for _, data := range schemas {
		doc, err := UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if shortcut, err, _ := metaschemaVerdict(doc); err == nil && !shortcut {
			t.Errorf("a valid schema misses the shortcut: %.80s…", data)
		} else if err == nil {
			valid++
		}
	}
	if valid == 0 {
		t.Error("no valid values.schema.json under testdata")
	}
}

// TestMetaValidKeywords checks that every keyword some embedded
// metaschema constrains is one the shortcut checks or refuses, never one
// it lets through unchecked.
func TestMetaValidKeywords(t *testing.T) {
	err := fs.WalkDir(metaFS, "metaschemas", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := metaFS.ReadFile(path)
		if err != nil {
			return err
		}
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			return err
		}
		for _, k := range propertyNames(doc) {
			if !constrainedKeywords[k] {
				t.Errorf("%s constrains %q, which the shortcut does not know", path, k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// propertyNames are the names under every "properties" of a metaschema.
func propertyNames(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		if props, ok := v["properties"].(map[string]any); ok {
			for k := range props {
				out = append(out, k)
			}
		}
		for _, e := range v {
			out = append(out, propertyNames(e)...)
		}
	case []any:
		for _, e := range v {
			out = append(out, propertyNames(e)...)
		}
	}
	return out
}

// testdataSchemas are the values.schema.json files of the repository's
// test data.
func testdataSchemas(t testing.TB) [][]byte {
	var out [][]byte
	root := filepath.Join("..", "..", "testdata")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "values.schema.json") {
			return err
		}
		data, err := os.ReadFile(path)
		out = append(out, bytes.TrimPrefix(data, []byte("\ufeff"))) // as the chart loader reads it
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
