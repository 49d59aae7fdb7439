package jsonschema

import (
	"strconv"
	"strings"
)

// Position tells possible tokens in json.
//
// Patched for chartwright: SchemaPath.visit walks the positions, where
// upstream's positions each collected what they found in a new map.
type Position interface {
	isPosition()
}

// --

type AllProp struct{}

func (AllProp) isPosition() {}

// --

type AllItem struct{}

func (AllItem) isPosition() {}

// --

type Prop string

func (Prop) isPosition() {}

// --

type Item int

func (Item) isPosition() {}

// --

// SchemaPath tells where to look for subschema inside keyword.
type SchemaPath []Position

func schemaPath(path string) SchemaPath {
	var sp SchemaPath
	for _, tok := range strings.Split(path, "/") {
		var pos Position
		switch tok {
		case "*":
			pos = AllProp{}
		case "[]":
			pos = AllItem{}
		default:
			if i, err := strconv.Atoi(tok); err == nil {
				pos = Item(i)
			} else {
				pos = Prop(tok)
			}
		}
		sp = append(sp, pos)
	}
	return sp
}

// visitFunc is called with each subschema found and its pointer; its
// first error stops the visit.
type visitFunc func(ptr jsonPointer, v any) error

// visit calls fn with each subschema the path finds in v, stopping at its
// first error. Patched for chartwright: upstream's collect returned them
// in a new map, one map per keyword of every subschema, a seventh of all
// that compiling a big schema allocated.
func (sp SchemaPath) visit(v any, ptr jsonPointer, fn visitFunc) error {
	if len(sp) == 0 {
		return fn(ptr, v)
	}
	rest := sp[1:]
	switch pos := sp[0].(type) {
	case AllProp:
		obj, _ := v.(map[string]any)
		for pname, pvalue := range obj {
			if err := rest.visit(pvalue, ptr.append(pname), fn); err != nil {
				return err
			}
		}
	case AllItem:
		arr, _ := v.([]any)
		for i, item := range arr {
			if err := rest.visit(item, ptr.append(strconv.Itoa(i)), fn); err != nil {
				return err
			}
		}
	case Prop:
		obj, _ := v.(map[string]any)
		if pvalue, ok := obj[string(pos)]; ok {
			return rest.visit(pvalue, ptr.append(string(pos)), fn)
		}
	case Item:
		arr, _ := v.([]any)
		if pos >= 0 && int(pos) < len(arr) {
			return rest.visit(arr[pos], ptr.append(strconv.Itoa(int(pos))), fn)
		}
	}
	return nil
}

func (sp SchemaPath) String() string {
	var sb strings.Builder
	for _, pos := range sp {
		if sb.Len() != 0 {
			sb.WriteByte('/')
		}
		switch pos := pos.(type) {
		case AllProp:
			sb.WriteString("*")
		case AllItem:
			sb.WriteString("[]")
		case Prop:
			sb.WriteString(string(pos))
		case Item:
			sb.WriteString(strconv.Itoa(int(pos)))
		}
	}
	return sb.String()
}
