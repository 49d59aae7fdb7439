package schema

import (
	"encoding/json"

	"strconv"
)

// Node describes the schema at a path, for completion, hover and
// signature help.
type Node struct {
	// Type is "object", "array", "string", "integer", "number", "boolean",
	// "int-or-string", "null" or "any"; several for values schemas that
	// allow more than one ("string|null").
	Type        string
	Description string
	// Enum lists the allowed values as JSON text ("\"ClusterIP\"", "3").
	Enum []string
	// Default is the JSON text of the default value, "" when none.
	Default string
	// Limits are what a custom resource schema asks of the value besides
	// its type, as the API server checks it: "matching `^[a-z]+$`",
	// "at most 16 characters", ">= 1", "at least 1 item".
	Limits []string
	// Required reports whether the parent requires this key.
	Required bool
	// Fields are the known keys of an object, in schema order.
	Fields []Field
	// Items is the type of array items, Values the type of map values.
	Items, Values string
}

// Field is one known key of an object.
type Field struct {
	Name        string
	Type        string
	Description string
	Required    bool
}

// Lookup returns the schema node of a key path inside a document of
// apiVersion/kind, as produced by [PathAt]. Array indices may be decimal
// strings or omitted. ok is false for unknown kinds and paths.
func (v *Validator) Lookup(apiVersion, kind string, path []string) (*Node, bool) {
	root, err := v.schemaFor(apiVersion, kind)
	if err != nil || root == nil {
		return nil, false
	}
	n, prop, ok := walkPath(root, path)
	if !ok {
		return nil, false
	}
	return nodeInfo(n, prop), true
}

// walkPath follows path from n; prop is the property reached last.
func walkPath(n *snode, path []string) (*snode, *sprop, bool) {
	var prop *sprop
	for i := 0; i < len(path); i++ {
		seg := path[i]
		switch {
		case n.typ == typeArray:
			n, prop = n.items, nil
			if _, err := strconv.Atoi(seg); err != nil {
				i-- // an index left out: the key applies to the item
			}
		case n.typ != typeObject:
			return nil, nil, false
		default:
			if n, prop = n.object().child(seg); n == nil {
				return nil, nil, false
			}
		}
	}
	return n, prop, true
}

func nodeInfo(n *snode, prop *sprop) *Node {
	out := &Node{Type: n.typ.String(), Description: n.description()}
	if prop != nil {
		out.Required = prop.required
		if d := prop.description(); d != "" {
			out.Description = d
		}
	}
	for _, e := range n.enum {
		out.Enum = append(out.Enum, jsonText(e))
	}
	out.Limits = n.limits()
	o := n.object()
	for _, name := range o.order {
		p := o.props[name]
		out.Fields = append(out.Fields, Field{Name: name, Type: p.node.typ.String(), Description: p.description(), Required: p.required})
	}
	if n.items != nil {
		out.Items = n.items.typ.String()
	}
	if o.additional != nil {
		out.Values = o.additional.typ.String()
	}
	return out
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
