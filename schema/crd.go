package schema

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

const objectMetaType = "k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta"

// AddCRD registers the custom resource kinds of a CustomResourceDefinition
// (apiextensions.k8s.io v1 or v1beta1) decoded by sigs.k8s.io/yaml, so that
// Validate checks them against the CRD's openAPIV3Schema. A CRD replaces an
// earlier one for the same kinds.
func (v *Validator) AddCRD(doc map[string]any) error {
	if doc["kind"] != "CustomResourceDefinition" || !strings.HasPrefix(str(doc["apiVersion"]), "apiextensions.k8s.io/") {
		return errors.New("not a CustomResourceDefinition")
	}
	spec, _ := doc["spec"].(map[string]any)
	group := str(spec["group"])
	names, _ := spec["names"].(map[string]any)
	kind := str(names["kind"])
	if group == "" || kind == "" {
		return errors.New("customresourcedefinition without spec.group or spec.names.kind")
	}
	shared := openAPISchema(spec["validation"]) // v1beta1: one schema for all versions
	versions := crdVersions(spec)
	if len(versions) == 0 {
		return fmt.Errorf("customresourcedefinition %s.%s has no versions", kind, group)
	}
	roots := map[gvk]*snode{}
	for name, schema := range versions {
		if schema == nil {
			schema = shared
		}
		var root *snode
		if schema != nil {
			root = compileJSONSchema(schema, true)
		}
		r, err := v.customRoot(root)
		if err != nil {
			return err
		}
		roots[gvk{group + "/" + name, kind}] = r
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	for k, r := range roots {
		v.crds[k] = r
	}
	return nil
}

// crdVersions maps each version name to its schema (nil when it has none).
func crdVersions(spec map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	list, _ := spec["versions"].([]any)
	for _, item := range list {
		ver, _ := item.(map[string]any)
		if name := str(ver["name"]); name != "" {
			out[name] = openAPISchema(ver["schema"])
		}
	}
	if len(out) == 0 {
		if name := str(spec["version"]); name != "" {
			out[name] = nil
		}
	}
	return out
}

func openAPISchema(v any) map[string]any {
	m, _ := v.(map[string]any)
	s, _ := m["openAPIV3Schema"].(map[string]any)
	return s
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// customRoot gives a custom resource schema the fields every object has:
// apiVersion, kind and metadata, checked as the API server does.
func (v *Validator) customRoot(root *snode) (*snode, error) {
	k, err := v.kubeSchemas()
	if err != nil {
		return nil, err
	}
	out := &snode{typ: typeObject, descIdx: -1}
	if root != nil && root.typ == typeObject {
		*out = *root // compiled from JSON: its keys are all there, no lazy part
	}
	o := &out.obj
	props := make(map[string]*sprop, len(o.props)+3)
	maps.Copy(props, o.props)
	o.props = props
	str := &snode{typ: typeString, descIdx: -1}
	for name, n := range map[string]*snode{"apiVersion": str, "kind": str, "metadata": k.named(objectMetaType)} {
		if _, ok := o.props[name]; !ok {
			o.order = append(o.order, name)
		}
		o.props[name] = &sprop{node: n, descIdx: -1}
	}
	return out, nil
}

// compileJSONSchema converts an OpenAPI v3 / JSON schema object, as found
// in CRDs and kubeconform schema files, into a schema node. Only what
// decides validity of rendered manifests is kept: types, properties,
// required, additionalProperties, items, enum, nullable, default, the limits
// (lengths, numbers, counts, multipleOf: see bounds), pattern and the
// x-kubernetes extensions; combinators are ignored (never an error).
// structural marks the schema of a custom resource, whose required
// properties the API server checks after defaulting (see sprop.structural)
// and whose formats it checks (see format).
func compileJSONSchema(s map[string]any, structural bool) *snode {
	n := &snode{typ: jsonSchemaType(s), desc: str(s["description"]), descIdx: -1, nullable: jsonSchemaNullable(s), pattern: patternOf(s)}
	if enum, ok := s["enum"].([]any); ok {
		n.enum = enum
	}
	n.bounds = boundsOf(s)
	if structural {
		n.format = formatOf(s)
	}
	if n.typ == typeArray {
		n.items = anyNode
		switch items := s["items"].(type) {
		case map[string]any:
			n.items = compileJSONSchema(items, structural)
		case []any:
			if first, ok := items[0].(map[string]any); ok && len(items) > 0 {
				n.items = compileJSONSchema(first, structural)
			}
		}
	}
	if n.typ == typeObject {
		compileObject(&n.obj, s, structural)
	}
	return n
}

// jsonSchemaNullable reads OpenAPI's nullable and a JSON schema type list
// holding "null".
func jsonSchemaNullable(s map[string]any) bool {
	if s["nullable"] == true {
		return true
	}
	types, _ := s["type"].([]any)
	return slices.Contains(types, any("null"))
}

func compileObject(o *object, s map[string]any, structural bool) {
	props, _ := s["properties"].(map[string]any)
	o.props = make(map[string]*sprop, len(props))
	for name, ps := range props {
		m, _ := ps.(map[string]any)
		child := compileJSONSchema(m, structural)
		o.props[name] = &sprop{node: child, desc: child.desc, descIdx: -1, structural: structural, defaulted: m["default"] != nil}
		o.order = append(o.order, name)
	}
	sort.Strings(o.order)
	req, _ := s["required"].([]any)
	for _, r := range req {
		name := str(r)
		if p, ok := o.props[name]; ok {
			p.required = true
		} else if name != "" {
			o.props[name] = &sprop{node: anyNode, descIdx: -1, required: true, structural: structural}
			o.order = append(o.order, name)
		}
	}
	if s["x-kubernetes-embedded-resource"] == true {
		for _, name := range []string{"apiVersion", "kind", "metadata"} {
			if _, ok := o.props[name]; !ok {
				o.props[name] = &sprop{node: anyNode, descIdx: -1}
			}
		}
	}
	preserve := s["x-kubernetes-preserve-unknown-fields"] == true
	switch ap := s["additionalProperties"].(type) {
	case map[string]any:
		o.additional = compileJSONSchema(ap, structural)
	case bool:
		o.closed = !ap
	default:
		o.closed = len(props) > 0 && !preserve
	}
	if preserve {
		o.closed = false
	}
}

// jsonSchemaType reads "type" (a string or a list, "null" ignored) and the
// int-or-string and preserve-unknown-fields extensions.
func jsonSchemaType(s map[string]any) nodeType {
	if s["x-kubernetes-int-or-string"] == true {
		return typeIntOrString
	}
	var types []string
	switch t := s["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		for _, x := range t {
			if x != "null" {
				types = append(types, str(x))
			}
		}
	}
	if len(types) == 2 && ((types[0] == "integer" && types[1] == "string") || (types[0] == "string" && types[1] == "integer")) {
		return typeIntOrString
	}
	if len(types) != 1 {
		if len(types) == 0 && s["properties"] != nil {
			return typeObject
		}
		return typeAny
	}
	switch types[0] {
	case "object":
		return typeObject
	case "array":
		return typeArray
	case "string":
		return typeString
	case "integer":
		return typeInteger
	case "number":
		return typeNumber
	case "boolean":
		return typeBoolean
	}
	return typeAny
}
