package main

// kind is the JSON shape of a schema node. The numbering is part of the
// data format read by package schema.
type kind byte

const (
	kAny kind = iota
	kObject
	kString
	kInteger
	kNumber
	kBoolean
	kIntOrString
	kArray
	kMap
	kRef
)

// node is a type expression: a primitive, an array or map of a node, a
// reference to a named struct type, or (only as a record) a struct.
type node struct {
	kind   kind
	ref    string // kRef: qualified name of a struct type
	elem   *node  // kArray, kMap
	enum   []string
	fields []field // kObject records
	desc   string  // records: the type's description
}

// field is one JSON property of a struct.
type field struct {
	name     string
	typ      *node
	desc     string
	required bool
}

// apiKind is a kind served by an API group/version.
type apiKind struct {
	apiVersion string
	kind       string
	typeName   string // qualified name of its struct type
	scope      scope
}

// kindLess orders kinds by apiVersion, then kind.
func kindLess(a, b apiKind) bool {
	if a.apiVersion != b.apiVersion {
		return a.apiVersion < b.apiVersion
	}
	return a.kind < b.kind
}

// scope says whether a kind's objects live in a namespace; scopeUnknown for
// kinds without a generated client (lists, reviews).
type scope byte

const (
	scopeUnknown scope = iota
	scopeNamespaced
	scopeCluster
)

// kubeModel is everything generated for one Kubernetes minor version.
type kubeModel struct {
	kubeVersion string
	kinds       []apiKind
	records     map[string]*node // qualified struct name -> record
}
