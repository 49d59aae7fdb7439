package jsonschema

// chartwright's tests of its patch to validator.go and objcompiler.go (see
// UPSTREAM.md): what a schema reports does not depend on Go's map order.

import (
	"cmp"
	"strings"
	"testing"
)

// compileDoc compiles doc as the schema schema.json.
func compileDoc(doc map[string]any) (*Schema, error) {
	c := NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("schema.json")
}

// TestValidationErrorsInNameOrder validates values with several wrong and
// several unknown properties many times: the causes come in the order of
// the properties' names, and so do the names of an AdditionalProperties
// error, every time.
func TestValidationErrorsInNameOrder(t *testing.T) {
	props := map[string]any{}
	for _, name := range []string{"e", "b", "d", "a", "c"} {
		props[name] = map[string]any{"type": "string"}
	}
	sch, err := compileDoc(map[string]any{"type": "object", "properties": props, "additionalProperties": false})
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]any{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "z": 0, "x": 0, "y": 0, "w": 0}
	// each wrong property's cause, then the root's additionalProperties
	want := "/properties/a /properties/b /properties/c /properties/d /properties/e #"
	for range 30 {
		verr := sch.Validate(values).(*ValidationError)
		var got []string
		for _, cause := range verr.Causes {
			_, fragment, _ := strings.Cut(cause.SchemaURL, "#")
			got = append(got, cmp.Or(fragment, "#"))
		}
		if strings.Join(got, " ") != want {
			t.Fatalf("causes %v, want %s", got, want)
		}
		if msg := verr.Causes[len(verr.Causes)-1].Error(); !strings.Contains(msg, "'w', 'x', 'y', 'z'") {
			t.Fatalf("additional properties: %s, want them in name order", msg)
		}
	}
}

// TestUnloadableReferenceInNameOrder compiles a schema with several
// references that cannot load many times: the error names the one under
// the first property name every time.
func TestUnloadableReferenceInNameOrder(t *testing.T) {
	props := map[string]any{}
	for _, name := range []string{"m", "k", "z", "b", "q"} {
		props[name] = map[string]any{"$ref": "https://example.com/" + name + ".json"}
	}
	for range 30 {
		_, err := compileDoc(map[string]any{"properties": props})
		if err == nil || !strings.Contains(err.Error(), `"https://example.com/b.json"`) {
			t.Fatalf("compile error %v, want the reference of property b", err)
		}
	}
}
