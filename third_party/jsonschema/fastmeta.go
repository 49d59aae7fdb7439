package jsonschema

// Patched for chartwright (see UPSTREAM.md): a schema the metaschema
// certainly accepts skips validation against it.

import (
	"encoding/json"
	"strings"
)

// metaValid reports whether doc, a schema document of the dialect,
// certainly satisfies the dialect's metaschema, as every metaschema from
// draft 4 to 2020-12 constrains the keywords it uses: object subschemas,
// keyword values of the types every draft requires, formats checked as
// the metaschemas (compiled with format assertion) check them. It is
// conservative: a keyword it does not know how every draft constrains (a
// boolean subschema, dependencies, exclusiveMinimum, ...) makes it answer
// false, and the metaschema validates the document as upstream does, so
// that an invalid schema gets the same error. Validating a chart's
// values.schema.json against the metaschema was a tenth of a lint's CPU.
func (rr *roots) metaValid(d dialect, doc any) bool {
	if rr.assertVocabs || len(rr.vocabularies) > 0 || d.vocabs != nil || !knownDraft(d.draft) {
		return false
	}
	m := metaCheck{regexp: rr.regexpEngine, draft: d.draft}
	obj, ok := doc.(map[string]any)
	return ok && m.schema(obj, true)
}

func knownDraft(d *Draft) bool {
	return d == Draft4 || d == Draft6 || d == Draft7 || d == Draft2019 || d == Draft2020
}

// metaCheck checks schemas against what every draft's metaschema requires.
type metaCheck struct {
	regexp RegexpEngine
	draft  *Draft
}

// constrainedKeywords are the keywords some draft's metaschema (or one of
// its vocabularies') constrains: a schema using one that keyword does not
// check is left to the metaschema. Others are free (TestMetaValidKeywords
// reads the metaschemas).
var constrainedKeywords = map[string]bool{
	"$anchor": true, "$comment": true, "$defs": true, "$dynamicAnchor": true, "$dynamicRef": true, "$id": true,
	"$recursiveAnchor": true, "$recursiveRef": true, "$ref": true, "$schema": true, "$vocabulary": true,
	"additionalItems": true, "additionalProperties": true, "allOf": true, "anyOf": true, "const": true,
	"contains": true, "contentEncoding": true, "contentMediaType": true, "contentSchema": true, "default": true,
	"definitions": true, "dependencies": true, "dependentRequired": true, "dependentSchemas": true,
	"deprecated": true, "description": true, "else": true, "enum": true, "examples": true,
	"exclusiveMaximum": true, "exclusiveMinimum": true, "format": true, "id": true, "if": true, "items": true,
	"maxContains": true, "maxItems": true, "maxLength": true, "maxProperties": true, "maximum": true,
	"minContains": true, "minItems": true, "minLength": true, "minProperties": true, "minimum": true,
	"multipleOf": true, "not": true, "oneOf": true, "pattern": true, "patternProperties": true,
	"prefixItems": true, "properties": true, "propertyNames": true, "readOnly": true, "required": true,
	"then": true, "title": true, "type": true, "unevaluatedItems": true, "unevaluatedProperties": true,
	"uniqueItems": true, "writeOnly": true,
}

// schema checks an object schema's keywords; root is whether it is the
// document's.
func (m metaCheck) schema(obj map[string]any, root bool) bool {
	for k, v := range obj {
		if !constrainedKeywords[k] {
			continue // no metaschema constrains it
		}
		if !m.keyword(k, v, root) {
			return false
		}
	}
	return true
}

// keyword checks one keyword's value.
func (m metaCheck) keyword(k string, v any, root bool) bool {
	switch k {
	case "title", "description", "$comment", "format", "contentEncoding", "contentMediaType":
		return isString(v)
	case "default", "const":
		return true
	case "examples":
		_, ok := v.([]any)
		return ok
	case "readOnly", "writeOnly", "deprecated", "uniqueItems":
		_, ok := v.(bool)
		return ok
	case "type":
		return m.types(v)
	case "enum":
		return uniqueScalars(v, false)
	case "required":
		return uniqueScalars(v, true)
	case "minimum", "maximum":
		_, ok := v.(json.Number)
		return ok
	case "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties":
		return isCount(v)
	case "pattern":
		s, ok := v.(string)
		return ok && m.regexp.validate(s) == nil
	case "$ref":
		s, ok := v.(string)
		return ok && validateURIReference(s) == nil
	case "$schema":
		s, ok := v.(string)
		return ok && root && draftFromURL(s) == m.draft && validateURI(s) == nil
	case "$id":
		s, ok := v.(string)
		return ok && root && m.draft.version >= 6 && !strings.Contains(s, "#") && validateURIReference(s) == nil
	case "properties", "definitions", "$defs":
		return m.schemaMap(v)
	case "items", "not", "contains", "propertyNames", "if", "then", "else":
		obj, ok := v.(map[string]any)
		return ok && m.schema(obj, false)
	case "additionalProperties":
		if _, ok := v.(bool); ok {
			return true
		}
		obj, ok := v.(map[string]any)
		return ok && m.schema(obj, false)
	case "allOf", "anyOf", "oneOf":
		return m.schemaList(v)
	}
	return false
}

// types checks a type keyword: a simple type, or unique simple types.
func (m metaCheck) types(v any) bool {
	if s, ok := v.(string); ok {
		return simpleType(s)
	}
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return false
	}
	seen := map[string]bool{}
	for _, e := range list {
		s, ok := e.(string)
		if !ok || !simpleType(s) || seen[s] {
			return false
		}
		seen[s] = true
	}
	return true
}

func simpleType(s string) bool {
	switch s {
	case "array", "boolean", "integer", "null", "number", "object", "string":
		return true
	}
	return false
}

// schemaMap checks an object of object schemas.
func (m metaCheck) schemaMap(v any) bool {
	obj, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for _, s := range obj {
		sub, ok := s.(map[string]any)
		if !ok || !m.schema(sub, false) {
			return false
		}
	}
	return true
}

// schemaList checks a non-empty array of object schemas.
func (m metaCheck) schemaList(v any) bool {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return false
	}
	for _, s := range list {
		sub, ok := s.(map[string]any)
		if !ok || !m.schema(sub, false) {
			return false
		}
	}
	return true
}

// uniqueScalars reports whether v is a non-empty array of distinct
// strings (onlyStrings), or of distinct strings, integers written
// canonically, booleans and nulls: values whose equality as JSON is
// equality of their Go values.
func uniqueScalars(v any, onlyStrings bool) bool {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return false
	}
	seen := map[any]bool{}
	for _, e := range list {
		switch e := e.(type) {
		case string:
		case json.Number:
			if onlyStrings || !canonicalInt(string(e)) {
				return false
			}
		case bool, nil:
			if onlyStrings {
				return false
			}
		default:
			return false
		}
		if seen[e] {
			return false
		}
		seen[e] = true
	}
	return true
}

// canonicalInt reports whether s is an integer as JSON writes it, one way
// only: no fraction, exponent, leading zero or negative zero.
func canonicalInt(s string) bool {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || digits[0] == '0' && (len(digits) > 1 || len(s) > 1) {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isCount reports whether v is a non-negative integer written without a
// fraction or an exponent.
func isCount(v any) bool {
	n, ok := v.(json.Number)
	if !ok || n == "" {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}
