package jsonschema

import (
	"strings"
	"sync"
	"testing"
)

// TestMetaschemasCompileOnFirstUse checks chartwright's patch: no
// metaschema is compiled before a schema of its draft is, and schemas
// compiled from several goroutines at once are still checked against it.
func TestMetaschemasCompileOnFirstUse(t *testing.T) {
	if Draft7.sch != nil {
		t.Fatal("metaschemas compiled before the first Compile")
	}
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c := NewCompiler()
			doc := map[string]any{"$schema": "http://json-schema.org/draft-07/schema#", "type": 5}
			if err := c.AddResource("schema.json", doc); err != nil {
				errs[i] = err
				return
			}
			_, errs[i] = c.Compile("schema.json")
		}(i)
	}
	wg.Wait()
	for _, err := range errs {
		if err == nil || !strings.Contains(err.Error(), "is not valid against metaschema") {
			t.Fatalf("invalid schema: got %v, want a metaschema validation error", err)
		}
	}
	if Draft7.sch == nil {
		t.Error("draft 7: metaschema not compiled")
	}
	if Draft4.sch != nil {
		t.Error("draft 4: metaschema compiled with no schema of draft 4")
	}
}

// TestEachDraftsMetaschema checks that a schema of each draft is checked
// against its draft's metaschema, compiled on first use.
func TestEachDraftsMetaschema(t *testing.T) {
	for _, d := range []*Draft{Draft4, Draft6, Draft7, Draft2019, Draft2020} {
		c := NewCompiler()
		doc := map[string]any{"$schema": d.url, "type": 5}
		if err := c.AddResource("schema.json", doc); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Compile("schema.json"); err == nil || !strings.Contains(err.Error(), "is not valid against metaschema") {
			t.Errorf("draft %d: invalid schema gave %v, want a metaschema validation error", d.version, err)
		}
		if d.sch == nil {
			t.Errorf("draft %d: metaschema not compiled", d.version)
		}
	}
}

// TestCloneSharesProcessed checks chartwright's patch of root.clone: the
// clone shares the set of processed subschemas, and forgetAdded leaves the
// root's set as it was before the clone, as upstream's copy did.
func TestCloneSharesProcessed(t *testing.T) {
	r := &root{resources: map[jsonPointer]*resource{"": {anchors: map[anchor]jsonPointer{}}},
		subschemasProcessed: map[jsonPointer]struct{}{"": {}, "/a": {}}}
	failed := r.clone()
	failed.markProcessed("/b")
	failed.forgetAdded()
	if len(r.subschemasProcessed) != 2 {
		t.Errorf("after a failed clone: %v, want the root's two pointers", r.subschemasProcessed)
	}
	kept := r.clone()
	kept.markProcessed("/c")
	if _, ok := kept.subschemasProcessed["/c"]; !ok || len(kept.subschemasProcessed) != 3 {
		t.Errorf("after a kept clone: %v, want three pointers", kept.subschemasProcessed)
	}
	if kept.resources[""] == r.resources[""] {
		t.Error("the clone shares the root's resources")
	}
}
