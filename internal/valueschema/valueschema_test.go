package valueschema

import (
	"slices"
	"testing"
)

func TestCompileSharesOneCompilation(t *testing.T) {
	a := Compile([]byte(`{"type": "object", "properties": {"x": {"$ref": "urn:example:x"}}}`))
	b := Compile([]byte(`{"type": "object", "properties": {"x": {"$ref": "urn:example:x"}}}`))
	if a != b {
		t.Errorf("the same content compiled twice: %p != %p", a, b)
	}
	if a.Err != nil {
		t.Fatalf("Compile: %v", a.Err)
	}
	if want := []string{"urn:example:x"}; !slices.Equal(a.URNs, want) {
		t.Errorf("URNs = %q, want %q", a.URNs, want)
	}
	if err := a.Schema.Validate(map[string]any{"x": 1}); err != nil {
		t.Errorf("a urn: reference must be permissive: %v", err)
	}
	if err := a.Schema.Validate("not an object"); err == nil {
		t.Error("a string validated against type object")
	}
}

func TestCompileIsOffline(t *testing.T) {
	c := Compile([]byte(`{"$ref": "file:///other.json"}`))
	if want := `failing loading "file:///other.json": open /other.json: no such file or directory`; c.Err == nil || c.Err.Error() != want {
		t.Errorf("file $ref: err = %v, want %s (Helm's text)", c.Err, want)
	}
	if c = Compile([]byte(`{"$ref": "https://example.com/s.json"}`)); c.Err == nil {
		t.Error("https $ref compiled without network")
	}
}
