package schema

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/internal/cache"
	"github.com/chartwright/chartwright/internal/valueschema"
	"github.com/chartwright/chartwright/third_party/jsonschema"
)

// valuesURL is where Helm registers a chart's values.schema.json.
const valuesURL = "file:///values.schema.json"

// ValuesSchema is a compiled values.schema.json.
type ValuesSchema struct {
	root *jsonschema.Schema
}

// CompileValues compiles a values.schema.json with the validator Helm uses,
// for every draft it accepts: $schema selects draft 4, 6, 7, 2019-09 or
// 2020-12, and 2020-12 applies when it is absent. Nothing is fetched:
// "urn:" references resolve to a permissive schema, as in Helm, and other
// external references fail to compile.
// A schema is compiled once per content; the result is shared and must not
// be modified.
func CompileValues(data []byte) (*ValuesSchema, error) {
	c := compiledValues.GetBytes(data, func() compiledValuesSchema {
		s, err := compileValues(data)
		return compiledValuesSchema{s, err}
	})
	return c.schema, c.err
}

// compiledValuesSchema is a compiled schema or why it does not compile.
type compiledValuesSchema struct {
	schema *ValuesSchema
	err    error
}

// compiledValues keeps compiled schemas: the linter's rules compile every
// chart's schema, once per values set.
var compiledValues = cache.New[compiledValuesSchema](64)

// compileValues compiles a values.schema.json: the renderer's compilation
// of the same content is shared, and a schema that does not compile is
// compiled again here only to word its error.
func compileValues(data []byte) (*ValuesSchema, error) {
	if c := valueschema.Compile(data); c.Err == nil {
		return &ValuesSchema{root: c.Schema}, nil
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse values.schema.json: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseLoader(jsonschema.SchemeURLLoader{"urn": urnLoader{}})
	if err := c.AddResource(valuesURL, doc); err != nil {
		return nil, fmt.Errorf("load values.schema.json: %w", err)
	}
	root, err := c.Compile(valuesURL)
	if err != nil {
		return nil, fmt.Errorf("compile values.schema.json: %w", err)
	}
	return &ValuesSchema{root: root}, nil
}

// urnLoader answers every urn: reference with the schema true.
type urnLoader struct{}

func (urnLoader) Load(string) (any, error) { return true, nil }

// Validate checks coalesced values. A failure is a
// *jsonschema.ValidationError, whose cause tree the renderer formats as
// Helm does.
func (s *ValuesSchema) Validate(values map[string]any) error {
	return s.root.Validate(values)
}

// Lookup returns what the schema says about a values path: allowed keys,
// types, default, enum and description. Array indices may be decimal
// strings or omitted; $ref, allOf, anyOf, oneOf and if/then/else are
// followed.
func (s *ValuesSchema) Lookup(path []string) (*Node, bool) {
	cur := []*jsonschema.Schema{s.root}
	required := false
	for i := 0; i < len(path); i++ {
		next, req, consumed := valuesChild(cur, path[i])
		if len(next) == 0 {
			return nil, false
		}
		if !consumed {
			i--
		}
		cur, required = next, req
	}
	n := valuesNode(cur)
	n.Required = required
	return n, true
}

// expand returns the schemas that apply together with s: its $ref target
// and combinator branches, s first.
func expand(s *jsonschema.Schema) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	seen := map[*jsonschema.Schema]bool{}
	var visit func(*jsonschema.Schema)
	visit = func(s *jsonschema.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, s)
		visit(s.Ref)
		visit(s.RecursiveRef)
		if s.DynamicRef != nil {
			visit(s.DynamicRef.Ref)
		}
		for _, group := range [][]*jsonschema.Schema{s.AllOf, s.AnyOf, s.OneOf, {s.Then, s.Else}} {
			for _, sub := range group {
				visit(sub)
			}
		}
	}
	visit(s)
	return out
}

// valuesChild finds the schemas of key seg under the schemas cur; consumed
// is false when cur are arrays and seg was not an index.
func valuesChild(cur []*jsonschema.Schema, seg string) (next []*jsonschema.Schema, required, consumed bool) {
	index, err := strconv.Atoi(seg)
	isIndex := err == nil
	var all []*jsonschema.Schema
	for _, s := range cur {
		all = append(all, expand(s)...)
	}
	for _, s := range all {
		if p, ok := s.Properties[seg]; ok {
			next = append(next, p)
		}
		required = required || contains(s.Required, seg)
		for re, p := range s.PatternProperties {
			if re.MatchString(seg) {
				next = append(next, p)
			}
		}
	}
	if len(next) > 0 {
		return next, required, true
	}
	for _, s := range all {
		if ap, ok := s.AdditionalProperties.(*jsonschema.Schema); ok {
			next = append(next, ap)
		}
	}
	if len(next) > 0 {
		return next, false, true
	}
	for _, s := range all {
		next = append(next, arrayItems(s, index, isIndex)...)
	}
	return next, false, isIndex
}

func arrayItems(s *jsonschema.Schema, index int, isIndex bool) []*jsonschema.Schema {
	if isIndex && index < len(s.PrefixItems) {
		return []*jsonschema.Schema{s.PrefixItems[index]}
	}
	if s.Items2020 != nil {
		return []*jsonschema.Schema{s.Items2020}
	}
	switch items := s.Items.(type) {
	case *jsonschema.Schema:
		return []*jsonschema.Schema{items}
	case []*jsonschema.Schema:
		if isIndex && index < len(items) {
			return []*jsonschema.Schema{items[index]}
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// valuesNode merges what the schemas (and those they expand to) say.
func valuesNode(cur []*jsonschema.Schema) *Node {
	n := &Node{}
	var types []string
	fields := map[string]*Field{}
	var all []*jsonschema.Schema
	for _, s := range cur {
		all = append(all, expand(s)...)
	}
	for _, s := range all {
		if s.Types != nil {
			types = appendNew(types, s.Types.ToStrings()...)
		}
		if n.Description == "" {
			n.Description = firstNonEmpty(s.Description, s.Title)
		}
		if n.Default == "" && s.Default != nil {
			n.Default = jsonText(*s.Default)
		}
		if s.Enum != nil && n.Enum == nil {
			for _, v := range s.Enum.Values {
				n.Enum = append(n.Enum, jsonText(v))
			}
		}
		addValuesFields(fields, s)
	}
	n.Type = "any"
	if len(types) > 0 {
		n.Type = strings.Join(types, "|")
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		n.Fields = append(n.Fields, *fields[name])
	}
	return n
}

func addValuesFields(fields map[string]*Field, s *jsonschema.Schema) {
	for name, p := range s.Properties {
		f := fields[name]
		if f == nil {
			f = &Field{Name: name}
			fields[name] = f
		}
		typ, desc := valuesSummary(p)
		if f.Type == "" || f.Type == "any" {
			f.Type = typ
		}
		if f.Description == "" {
			f.Description = desc
		}
	}
	for _, name := range s.Required {
		if f := fields[name]; f != nil {
			f.Required = true
		}
	}
}

// valuesSummary is the type and description of a schema, without its
// children (schemas may be recursive).
func valuesSummary(s *jsonschema.Schema) (typ, desc string) {
	var types []string
	for _, x := range expand(s) {
		if x.Types != nil {
			types = appendNew(types, x.Types.ToStrings()...)
		}
		if desc == "" {
			desc = firstNonEmpty(x.Description, x.Title)
		}
	}
	if len(types) == 0 {
		return "any", desc
	}
	return strings.Join(types, "|"), desc
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		if !contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
