// Package valueschema compiles a chart's values.schema.json as Helm does,
// once per content in a process: the renderer validates values with it
// (render/values) and the linter and the language server look paths up in
// it (schema), so a lint compiles each schema once, not once per user.
// [Compile] returns a [Compiled], shared by every caller and never modified.
package valueschema

import (
	"fmt"
	"io/fs"
	neturl "net/url"
	"syscall"

	"github.com/chartwright/chartwright/internal/cache"
	"github.com/chartwright/chartwright/third_party/jsonschema"
)

// URL is the resource name Helm gives every values.schema.json.
const URL = "file:///values.schema.json"

// Compiled is a values.schema.json compiled as Helm compiles it, or why it
// does not compile, with the urn: references the compiler resolved, in
// order, for Helm's warnings.
type Compiled struct {
	Schema *jsonschema.Schema
	URNs   []string
	Err    error
}

// compiled keeps compiled schemas by content.
var compiled = cache.New[*Compiled](64)

// Compile compiles a values.schema.json once per content. Nothing is
// fetched: a $ref to another file:// document fails as if the file were
// missing, an http(s) $ref fails as Helm does offline, and urn: references
// are the permissive schema true, as in Helm. The draft is 2020-12 unless
// $schema names another.
func Compile(data []byte) *Compiled {
	return compiled.GetBytes(data, func() *Compiled {
		c := &Compiled{}
		c.Schema, c.Err = c.compile(data)
		return c
	})
}

// compile compiles offline, recording urn: references; a panic of the
// compiler becomes the error Helm's recover gives.
func (c *Compiled) compile(data []byte) (schema *jsonschema.Schema, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("unable to validate schema: %s", r)
		}
	}()
	doc, err := jsonschema.UnmarshalJSONBytes(data)
	if err != nil {
		return nil, err
	}
	compiler := jsonschema.NewCompiler()
	compiler.UseLoader(jsonschema.SchemeURLLoader{
		"file":  offlineLoader{},
		"http":  offlineLoader{},
		"https": offlineLoader{},
		"urn":   urnLoader{c},
	})
	if err := compiler.AddResource(URL, doc); err != nil {
		return nil, err
	}
	return compiler.Compile(URL)
}

// offlineLoader fails to load other documents, as Helm does when the file
// does not exist or the network is unreachable.
type offlineLoader struct{}

func (offlineLoader) Load(url string) (any, error) {
	u, err := neturl.Parse(url)
	if err != nil {
		return nil, err
	}
	if u.Scheme == "file" {
		return nil, &fs.PathError{Op: "open", Path: u.Path, Err: syscall.ENOENT}
	}
	return nil, fmt.Errorf("HTTP request failed for %s: network access is disabled", url)
}

// urnLoader resolves every urn: reference to the schema true, as Helm does
// when no URN resolver is configured, and records it for the warning.
type urnLoader struct{ c *Compiled }

func (l urnLoader) Load(urn string) (any, error) {
	l.c.URNs = append(l.c.URNs, urn)
	return true, nil
}
