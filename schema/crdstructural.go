package schema

import (
	"fmt"
	"regexp"
)

// schemaLevel is where a node of a structural schema is: the root, the
// items of an array, or a field (a property or additionalProperties).
type schemaLevel int

const (
	rootLevel schemaLevel = iota
	itemLevel
	fieldLevel
)

// openAPIContext is what the API server's OpenAPI checks of a CRD schema
// carry down to a node (apiextensions-apiserver's specStandardValidatorV3).
type openAPIContext struct {
	noDefaults string // why default is forbidden here; "" where it is allowed
	insideMeta bool   // within the apiVersion, kind or metadata of a resource
}

// schema checks one version's openAPIV3Schema as the API server does: its
// OpenAPI checks (unsupported keywords, uniqueItems, additionalProperties
// beside properties, the x-kubernetes list and map extensions) and, as every
// v1 CRD's schema must be structural, the structural invariants and the
// completeness of the root's value validations. Defaults (validated and
// pruned), CEL rules and the fields the status subresource allows at the
// root are not checked.
func (c *crdChecker) schema(root map[string]any, at *crdPath) {
	if root["nullable"] == true {
		c.forbidden(under(at, "nullable"), "nullable cannot be true at the root")
	}
	c.openAPI(root, at, openAPIContext{}, true)
	c.structural(root, at, rootLevel)
	for _, v := range valueValidations(root) {
		c.complete(v.schema, root, at, under(at, v.at...))
	}
}

// openAPI checks a node and those under it as
// ValidateCustomResourceDefinitionOpenAPISchema does.
func (c *crdChecker) openAPI(s map[string]any, at *crdPath, ctx openAPIContext, isRoot bool) {
	c.keywords(s, at, ctx)
	if s["uniqueItems"] == true {
		c.forbidden(under(at, "uniqueItems"), "uniqueItems cannot be set to true since the runtime complexity becomes quadratic")
	}
	props, _ := s["properties"].(map[string]any)
	if ap, set := s["additionalProperties"]; set && ap != nil {
		if len(props) > 0 && (ap == false || isMap(ap)) {
			c.forbidden(under(at, "additionalProperties"), "additionalProperties and properties are mutual exclusive")
		}
		sub := ctx
		if ctx.insideMeta {
			sub.noDefaults = "inside additionalProperties applying to object metadata"
		}
		c.openAPIChild(ap, under(at, "additionalProperties"), sub)
	}
	for name, p := range props {
		sub := ctx
		if (isRoot || s["x-kubernetes-embedded-resource"] == true) && oneOf(name, "apiVersion", "kind", "metadata") {
			sub.insideMeta = true
			if isRoot {
				sub.noDefaults = "in top-level " + name
			}
		}
		c.openAPIChild(p, under(at, "properties", name), sub)
	}
	c.openAPIChild(s["not"], under(at, "not"), ctx)
	for _, key := range []string{"allOf", "oneOf", "anyOf"} {
		list, _ := s[key].([]any)
		for i, item := range list {
			c.openAPIChild(item, under(at, key, fmt.Sprint(i)), ctx)
		}
	}
	c.openAPIChild(s["items"], under(at, "items"), ctx)
	if s["x-kubernetes-preserve-unknown-fields"] == false {
		c.invalid(under(at, "x-kubernetes-preserve-unknown-fields"), false, "must be true or undefined")
	}
	c.mapType(s, at)
	c.listType(s, at)
}

// openAPIChild checks a node under another, when it is a schema object.
func (c *crdChecker) openAPIChild(v any, at *crdPath, ctx openAPIContext) {
	if m, ok := v.(map[string]any); ok {
		c.openAPI(m, at, ctx, false)
	}
}

// isMap reports whether v is a YAML mapping.
func isMap(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

// keywords checks what the API server's OpenAPI v3 checks refuse on any
// node: an unknown type, a default where it is forbidden, the JSON schema
// keywords it does not support, items that are a list, an embedded
// resource within a resource's metadata.
func (c *crdChecker) keywords(s map[string]any, at *crdPath, ctx openAPIContext) {
	typ, _ := s["type"].(string)
	switch {
	case typ == "null":
		c.forbidden(under(at, "type"), "type cannot be set to null, use nullable as an alternative")
	case typ != "" && !oneOf(typ, "array", "boolean", "integer", "number", "object", "string"):
		c.invalid(under(at, "type"), typ, `must be one of "array", "boolean", "integer", "number", "object", "string"`)
	}
	if s["default"] != nil && ctx.noDefaults != "" {
		c.forbidden(under(at, "default"), "must not be set "+ctx.noDefaults)
	}
	for _, key := range []string{"id", "$schema", "$ref", "additionalItems", "dependencies"} {
		if v, set := s[key]; set && v != nil && v != "" {
			c.forbidden(under(at, key), key+" is not supported")
		}
	}
	for _, key := range []string{"patternProperties", "definitions"} {
		if m, _ := s[key].(map[string]any); len(m) > 0 {
			c.forbidden(under(at, key), key+" is not supported")
		}
	}
	if list, _ := s["items"].([]any); len(list) > 0 {
		c.forbidden(under(at, "items"), "items must be a schema object and not an array")
	}
	if ctx.insideMeta && s["x-kubernetes-embedded-resource"] == true {
		c.forbidden(under(at, "x-kubernetes-embedded-resource"), "must not be used inside of resource meta")
	}
}

// mapType checks x-kubernetes-map-type: atomic or granular, on an object.
func (c *crdChecker) mapType(s map[string]any, at *crdPath) {
	mt, set := s["x-kubernetes-map-type"].(string)
	if !set {
		return
	}
	c.typeFor(s, at, "object", "x-kubernetes-map-type is specified")
	if mt != "atomic" && mt != "granular" {
		c.invalid(under(at, "x-kubernetes-map-type"), mt, `must be one of "atomic", "granular"`)
	}
}

// typeFor reports a node whose type is not want, which an extension asks.
func (c *crdChecker) typeFor(s map[string]any, at *crdPath, want, because string) {
	switch typ, _ := s["type"].(string); typ {
	case want:
	case "":
		c.required(under(at, "type"), "must be "+want+" if "+because)
	default:
		c.invalid(under(at, "type"), typ, "must be "+want+" if "+because)
	}
}

// listType checks x-kubernetes-list-type and x-kubernetes-list-map-keys:
// atomic, set or map on an array, the items of a set atomic, a map's keys
// scalar properties of its items, required or defaulted, not nullable.
func (c *crdChecker) listType(s map[string]any, at *crdPath) {
	lt, hasType := s["x-kubernetes-list-type"].(string)
	keys, _ := s["x-kubernetes-list-map-keys"].([]any)
	items, _ := s["items"].(map[string]any)
	if hasType {
		c.typeFor(s, at, "array", "x-kubernetes-list-type is specified")
		if !oneOf(lt, "atomic", "set", "map") {
			c.invalid(under(at, "x-kubernetes-list-type"), lt, `must be one of "atomic", "map", "set"`)
		}
	}
	switch {
	case len(keys) > 0 && !hasType:
		c.required(under(at, "x-kubernetes-list-type"), "must be map if x-kubernetes-list-map-keys is non-empty")
	case len(keys) > 0 && lt != "map":
		c.invalid(under(at, "x-kubernetes-list-type"), lt, "must be map if x-kubernetes-list-map-keys is non-empty")
	}
	if s["type"] == "array" && lt == "set" && items != nil {
		c.setItems(items, under(at, "items"))
	}
	if lt == "map" {
		c.mapList(s, keys, items, at)
	}
	if items != nil && (lt == "set" || lt == "map") && items["nullable"] == true {
		c.forbidden(under(at, "items", "nullable"), "cannot be nullable when x-kubernetes-list-type is "+lt)
	}
}

// setItems checks that the items of a set are atomic.
func (c *crdChecker) setItems(items map[string]any, at *crdPath) {
	const reason = "must be atomic as item of a list with x-kubernetes-list-type=set"
	switch items["type"] {
	case "array":
		if lt, ok := items["x-kubernetes-list-type"].(string); ok && lt != "atomic" {
			c.invalid(under(at, "x-kubernetes-list-type"), lt, reason)
		}
	case "object":
		if mt, _ := items["x-kubernetes-map-type"].(string); mt != "atomic" {
			c.invalid(under(at, "x-kubernetes-map-type"), mt, reason)
		}
	}
}

// mapList checks a list of x-kubernetes-list-type map: keys, items that
// are objects, each key a scalar property of them, required or
// defaulted, not nullable, and no key twice.
func (c *crdChecker) mapList(s map[string]any, keys []any, items map[string]any, at *crdPath) {
	if len(keys) == 0 {
		c.required(under(at, "x-kubernetes-list-map-keys"), "must not be empty if x-kubernetes-list-type is map")
	}
	switch s["items"].(type) {
	case nil:
		c.required(under(at, "items"), "must have a schema if x-kubernetes-list-type is map")
		return
	case []any:
		c.invalid(under(at, "items"), "a list", "must only have a single schema if x-kubernetes-list-type is map")
		return
	}
	if typ, _ := items["type"].(string); typ != "object" {
		c.invalid(under(at, "items", "type"), typ, "must be object if parent array's x-kubernetes-list-type is map")
		return
	}
	props, _ := items["properties"].(map[string]any)
	required := map[any]bool{}
	list, _ := items["required"].([]any)
	for _, r := range list {
		required[r] = true
	}
	seen := map[string]bool{}
	for _, k := range keys {
		key, _ := k.(string)
		c.mapListKey(props, key, required[key], at)
		if seen[key] {
			c.invalid(under(at, "x-kubernetes-list-map-keys"), key, "must not contain duplicate entries")
		}
		seen[key] = true
	}
}

// mapListKey checks one key of a map list.
func (c *crdChecker) mapListKey(props map[string]any, key string, required bool, at *crdPath) {
	p, ok := props[key].(map[string]any)
	if !ok {
		c.invalid(under(at, "x-kubernetes-list-map-keys"), key, "entries must all be names of item properties")
		return
	}
	pat := under(at, "items", "properties", key)
	if typ := p["type"]; typ == "array" || typ == "object" {
		c.invalid(under(pat, "type"), typ, "must be a scalar type if parent array's x-kubernetes-list-type is map")
	}
	if !required && p["default"] == nil {
		c.required(under(pat, "default"), "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property")
	}
	if p["nullable"] == true {
		c.forbidden(under(pat, "nullable"), "this property is in x-kubernetes-list-map-keys, so it cannot be nullable")
	}
}

// structural checks the structural invariants of a node and those under
// it through properties, items and additionalProperties, as
// validateStructuralInvariants does.
func (c *crdChecker) structural(s map[string]any, at *crdPath, lvl schemaLevel) {
	typ, _ := s["type"].(string)
	items, _ := s["items"].(map[string]any)
	if typ == "array" && s["items"] == nil {
		c.required(under(at, "items"), "must be specified")
	}
	if items != nil {
		c.structural(items, under(at, "items"), itemLevel)
	}
	props, _ := s["properties"].(map[string]any)
	for name, p := range props {
		if m, ok := p.(map[string]any); ok {
			c.structural(m, under(at, "properties", name), fieldLevel)
		}
	}
	ap, hasAP := s["additionalProperties"]
	hasAP = hasAP && ap != nil
	if hasAP && lvl == rootLevel {
		c.forbidden(under(at, "additionalProperties"), "must not be used at the root")
	}
	if m, ok := ap.(map[string]any); ok {
		c.structural(m, under(at, "additionalProperties"), fieldLevel)
	}
	c.extensions(s, at)
	c.valueValidation(s, isIntOrStringAnyOf(s), isIntOrStringAllOf(s), at)
	c.structuralType(s, at, lvl)
	embedded := s["x-kubernetes-embedded-resource"] == true
	if embedded && hasAP {
		c.forbidden(under(at, "additionalProperties"), "must not be used if x-kubernetes-embedded-resource is set")
	}
	c.resourceFields(props, at, lvl == rootLevel || embedded, lvl)
	if embedded && s["x-kubernetes-preserve-unknown-fields"] != true && len(props) == 0 {
		c.required(under(at, "properties"), "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields")
	}
}

// extensions checks the Kubernetes extensions int-or-string excludes.
func (c *crdChecker) extensions(s map[string]any, at *crdPath) {
	if s["x-kubernetes-int-or-string"] != true {
		return
	}
	if s["x-kubernetes-preserve-unknown-fields"] == true {
		c.invalid(under(at, "x-kubernetes-preserve-unknown-fields"), true, "must be false if x-kubernetes-int-or-string is true")
	}
	if s["x-kubernetes-embedded-resource"] == true {
		c.invalid(under(at, "x-kubernetes-embedded-resource"), true, "must be false if x-kubernetes-int-or-string is true")
	}
}

// structuralType checks a node's type: object for an embedded resource
// and at the root, and given unless int-or-string or preserving unknown
// fields.
func (c *crdChecker) structuralType(s map[string]any, at *crdPath, lvl schemaLevel) {
	typ, _ := s["type"].(string)
	switch {
	case s["x-kubernetes-embedded-resource"] == true:
		c.typeFor(s, at, "object", "x-kubernetes-embedded-resource is true")
	case typ == "" && s["x-kubernetes-int-or-string"] != true && s["x-kubernetes-preserve-unknown-fields"] != true:
		c.required(under(at, "type"), map[schemaLevel]string{
			rootLevel:  "must not be empty at the root",
			itemLevel:  "must not be empty for specified array items",
			fieldLevel: "must not be empty for specified object fields",
		}[lvl])
	}
	if lvl == rootLevel && typ != "" && typ != "object" {
		c.invalid(under(at, "type"), typ, "must be object at the root")
	}
}

// resourceFields checks apiVersion, kind and metadata of a resource's
// schema (the root or an embedded resource, checkMeta) and, at the root,
// that metadata restricts nothing but name and generateName.
func (c *crdChecker) resourceFields(props map[string]any, at *crdPath, checkMeta bool, lvl schemaLevel) {
	if checkMeta {
		for _, name := range []string{"apiVersion", "kind"} {
			if p, ok := props[name].(map[string]any); ok && p["type"] != "string" {
				c.invalid(under(at, "properties", name, "type"), str(p["type"]), "must be string")
			}
		}
	}
	meta, ok := props["metadata"].(map[string]any)
	if !ok {
		return
	}
	mat := under(at, "properties", "metadata")
	if checkMeta && meta["type"] != "object" {
		c.invalid(under(mat, "type"), str(meta["type"]), "must be object")
	}
	if lvl == rootLevel && restrictsMetadata(meta) {
		c.forbidden(mat, "must not specify anything other than name and generateName, but metadata is implicitly specified")
	}
}

// restrictsMetadata reports whether the root's metadata schema sets more
// than its type, a default, properties name and generateName, or what the
// structural schema drops (example, externalDocs). A key whose value is
// empty (false, "", an empty list or mapping) is left alone.
func restrictsMetadata(meta map[string]any) bool {
	for key, v := range meta {
		switch key {
		case "type", "default", "example", "externalDocs":
			continue
		case "properties":
			props, _ := v.(map[string]any)
			for name := range props {
				if name != "name" && name != "generateName" {
					return true
				}
			}
			continue
		}
		if !emptyValue(v) {
			return true
		}
	}
	return false
}

// emptyValue reports whether v is null, false, "" or an empty list or
// mapping.
func emptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// valueValidation checks the value validations of a node (anyOf, allOf,
// oneOf, not) and its pattern, as validateValueValidation does; the
// int-or-string patterns of anyOf are skipped when they are there.
func (c *crdChecker) valueValidation(s map[string]any, skipAnyOf, skipFirstAllOfAnyOf bool, at *crdPath) {
	for _, v := range valueValidations(s) {
		key := v.at[0]
		if key == "anyOf" && skipAnyOf {
			continue
		}
		c.nested(v.schema, key == "allOf" && v.at[1] == "0" && skipFirstAllOfAnyOf, under(at, v.at...))
	}
	if p, _ := s["pattern"].(string); p != "" {
		if _, err := regexp.Compile(p); err != nil {
			c.invalid(under(at, "pattern"), p, fmt.Sprintf("must be a valid regular expression, but isn't: %v", err))
		}
	}
}

// subschema is a schema object under a node, at a path relative to it.
type subschema struct {
	schema map[string]any
	at     []string
}

// valueValidations lists the value validations of a node: not, then each
// of allOf, anyOf and oneOf.
func valueValidations(s map[string]any) []subschema {
	var out []subschema
	if m, ok := s["not"].(map[string]any); ok {
		out = append(out, subschema{m, []string{"not"}})
	}
	for _, key := range []string{"allOf", "anyOf", "oneOf"} {
		list, _ := s[key].([]any)
		for i, item := range list {
			if m, ok := item.(map[string]any); ok {
				out = append(out, subschema{m, []string{key, fmt.Sprint(i)}})
			}
		}
	}
	return out
}

// nestedForbidden are the keys a value validation must not set to be
// structural, with what the API server says of them.
var nestedForbidden = []struct{ key, says string }{
	{"type", "must be empty to be structural"},
	{"default", "must be undefined to be structural"},
	{"title", "must be empty to be structural"},
	{"description", "must be empty to be structural"},
	{"nullable", "must be false to be structural"},
	{"x-kubernetes-preserve-unknown-fields", "must be false to be structural"},
	{"x-kubernetes-embedded-resource", "must be false to be structural"},
	{"x-kubernetes-int-or-string", "must be false to be structural"},
	{"x-kubernetes-list-map-keys", "must be empty to be structural"},
	{"x-kubernetes-list-type", "must be undefined to be structural"},
	{"x-kubernetes-map-type", "must be undefined to be structural"},
	{"x-kubernetes-validations", "must be empty to be structural"},
}

// nested checks a value validation (a schema under anyOf, allOf, oneOf or
// not) and those under it, as validateNestedValueValidation does: it may
// only validate, not specify.
func (c *crdChecker) nested(v map[string]any, skipAnyOf bool, at *crdPath) {
	c.valueValidation(v, skipAnyOf, false, at)
	if items, ok := v["items"].(map[string]any); ok {
		c.nested(items, false, under(at, "items"))
	}
	props, _ := v["properties"].(map[string]any)
	for name, p := range props {
		if m, ok := p.(map[string]any); ok {
			c.nested(m, false, under(at, "properties", name))
		}
	}
	for _, f := range nestedForbidden {
		if val, set := v[f.key]; set && !emptyValue(val) {
			c.forbidden(under(at, f.key), f.says)
		}
	}
	if ap := v["additionalProperties"]; ap != nil && ap != false {
		c.forbidden(under(at, "additionalProperties"), "must be undefined to be structural")
	}
	if _, ok := props["metadata"]; ok {
		c.forbidden(under(at, "properties", "metadata"), "must not be specified in a nested context")
	}
}

// isIntOrStringAnyOf reports whether a node's anyOf is exactly
// [{type: integer}, {type: string}], which int-or-string may have.
func isIntOrStringAnyOf(s map[string]any) bool {
	list, _ := s["anyOf"].([]any)
	return len(list) == 2 && onlyType(list[0], "integer") && onlyType(list[1], "string")
}

// isIntOrStringAllOf reports whether a node's first allOf has the
// int-or-string anyOf.
func isIntOrStringAllOf(s map[string]any) bool {
	list, _ := s["allOf"].([]any)
	if len(list) == 0 {
		return false
	}
	first, _ := list[0].(map[string]any)
	return first != nil && isIntOrStringAnyOf(first)
}

// onlyType reports whether v is a schema that sets its type to typ and
// nothing else (but what the structural schema drops).
func onlyType(v any, typ string) bool {
	m, _ := v.(map[string]any)
	if m["type"] != typ {
		return false
	}
	for key, val := range m {
		if key != "type" && key != "example" && key != "externalDocs" && !emptyValue(val) {
			return false
		}
	}
	return true
}

// complete checks that what a value validation of the root says of
// properties and items is specified in the structural part of the schema,
// as validateStructuralCompleteness does (for the root only, as it does).
func (c *crdChecker) complete(v, s map[string]any, sAt, vAt *crdPath) {
	if s == nil {
		c.required(sAt, "because it is defined in "+PathString(vAt.keys()))
		return
	}
	for _, sub := range valueValidations(v) {
		c.complete(sub.schema, s, sAt, under(vAt, sub.at...))
	}
	if items, ok := v["items"].(map[string]any); ok {
		sItems, _ := s["items"].(map[string]any)
		c.complete(items, sItems, under(sAt, "items"), under(vAt, "items"))
	}
	props, _ := v["properties"].(map[string]any)
	sProps, _ := s["properties"].(map[string]any)
	for name, p := range props {
		m, ok := p.(map[string]any)
		if !ok {
			continue
		}
		sp, _ := sProps[name].(map[string]any)
		c.complete(m, sp, under(sAt, "properties", name), under(vAt, "properties", name))
	}
}
