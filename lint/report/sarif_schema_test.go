package report

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/third_party/jsonschema"
)

// sarifSchemaFile is the SARIF 2.1.0 schema, brought by a test-only npm package
// that .ci/run installs (cd tools/sarif-schema && npm ci).
const sarifSchemaFile = "../../tools/sarif-schema/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"

// Every SARIF file we produce, the report goldens and each rule's fixture
// golden, validates against the SARIF 2.1.0 schema.
func TestSARIFValidatesAgainstSchema(t *testing.T) {
	schema := compileSARIFSchema(t)
	files, _ := filepath.Glob("testdata/sarif/*.golden")
	more, _ := filepath.Glob("../../testdata/lint/*/want.sarif")
	files = append(files, more...)
	if len(files) < 10 {
		t.Fatalf("found only %d SARIF goldens to validate", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s does not validate against SARIF 2.1.0:\n%v", f, err)
		}
	}
}

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	data, err := os.ReadFile(sarifSchemaFile)
	if os.IsNotExist(err) {
		msg := "SARIF SCHEMA MISSING: run `make test`, or `cd tools/sarif-schema && npm ci`; SARIF validation did not run"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	return schema
}
