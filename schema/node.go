package schema

import (
	"fmt"
	"sync"
)

// nodeType is the JSON shape a schema node accepts.
type nodeType uint8

const (
	typeAny nodeType = iota
	typeObject
	typeString
	typeInteger
	typeNumber
	typeBoolean
	typeIntOrString
	typeArray
)

var typeNames = [...]string{"any", "object", "string", "integer", "number", "boolean", "int-or-string", "array"}

func (t nodeType) String() string { return typeNames[t] }

// snode is a compiled schema node. Built-in kinds, CustomResourceDefinition
// schemas and schema files all compile to it; it is immutable once built,
// except that the keys of an embedded Kubernetes type are decoded on first
// use (see object).
type snode struct {
	typ     nodeType
	descIdx int32 // description in the embedded data, -1 for none or desc
	desc    string
	enum    []any
	// mayBeEmpty is set on a built-in field of an enum type whose "" is
	// the field left out (a string, not a pointer, that the API server
	// defaults): "" passes without being one of enum.
	mayBeEmpty bool
	// nullable is set on a node of a custom resource schema that keeps
	// null (OpenAPI nullable, or "null" in a JSON schema type list).
	nullable bool
	// bounds are a custom resource schema's limits on the value.
	bounds *bounds
	// pattern is a custom resource schema's pattern of a string.
	pattern *pattern
	// format is a custom resource schema's format the API server checks.
	format *format
	items  *snode      // arrays
	obj    object      // objects; read it through object()
	lazy   *lazyObject // embedded Kubernetes types: decodes obj on first use
}

// object holds the keys of an object node: named properties in declaration
// order and, for maps, the schema of other keys. closed objects report
// unknown properties.
type object struct {
	props      map[string]*sprop
	order      []string
	additional *snode
	closed     bool
}

// child returns the schema of key name and, for a named property, the
// property; nil when the object has no such key.
func (o *object) child(name string) (*snode, *sprop) {
	if p := o.props[name]; p != nil {
		return p.node, p
	}
	return o.additional, nil
}

// lazyObject holds the encoded fields of an embedded Kubernetes struct type
// until object decodes them, once.
type lazyObject struct {
	once   sync.Once
	k      *kubeSchemas
	fields string
}

// object returns the keys of n, empty unless n is an object. The fields of
// an embedded Kubernetes type are decoded the first time a reader reaches
// it rather than when its kind is compiled: a Deployment reaches hundreds
// of types (every volume source, probe, security context), a chart's
// documents a few dozen. The sync.Once makes this safe for validations and
// lookups running concurrently (lint's rules, the language server).
func (n *snode) object() *object {
	if l := n.lazy; l != nil {
		l.once.Do(func() { l.k.decodeFields(&n.obj, l.fields) })
	}
	return &n.obj
}

// sprop is a property of an object node.
type sprop struct {
	node     *snode
	desc     string
	descIdx  int
	required bool
	// structural is set on the properties of a custom resource schema (a
	// CRD's or a schema file's), which the API server validates as
	// apiextensions-apiserver does: a null is pruned unless the node is
	// nullable, an absent property with a default gets it, and then
	// required only asks that the key be there ("" breaks only a
	// minLength). Built-in kinds' required
	// fields come from their Go types, whose validation also rejects null
	// and "".
	structural bool
	// defaulted is set on a structural property with a non-null default.
	defaulted bool
}

func (n *snode) description() string {
	if n.desc != "" || n.descIdx < 0 {
		return n.desc
	}
	return description(int(n.descIdx))
}

func (p *sprop) description() string {
	if p.desc != "" || p.descIdx < 0 {
		return p.desc
	}
	return description(p.descIdx)
}

// Nodes without anything of their own, shared by every schema.
var (
	anyNode         = &snode{typ: typeAny, descIdx: -1}
	stringNode      = &snode{typ: typeString, descIdx: -1}
	integerNode     = &snode{typ: typeInteger, descIdx: -1}
	numberNode      = &snode{typ: typeNumber, descIdx: -1}
	booleanNode     = &snode{typ: typeBoolean, descIdx: -1}
	intOrStringNode = &snode{typ: typeIntOrString, descIdx: -1}
)

// kubeSchemas compiles the embedded records of one Kubernetes version on
// demand and keeps them for the validator's lifetime.
type kubeSchemas struct {
	data   *kubeData
	ver    *kubeVersion
	mu     sync.Mutex     // guards byName, never held while decoding fields
	byName map[int]*snode // by type-name string
	groupCache
}

// compiledKube holds each Kubernetes version's compiled schemas for the
// whole process: they are built from embedded data, never change, and are
// compiled kind by kind on first use, so every validator (one per lint run,
// one per snapshot of the language server) shares the work. Only CRDs and
// schema files are a validator's own.
var compiledKube sync.Map // version → func() (*kubeSchemas, error)

// sharedKubeSchemas returns the process's schemas of a version.
func sharedKubeSchemas(version string) (*kubeSchemas, error) {
	once, _ := compiledKube.LoadOrStore(version, sync.OnceValues(func() (*kubeSchemas, error) {
		return newKubeSchemas(version)
	}))
	return once.(func() (*kubeSchemas, error))()
}

func newKubeSchemas(version string) (*kubeSchemas, error) {
	d, err := loadKube()
	if err != nil {
		return nil, err
	}
	v, err := d.version(version)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("unsupported kubernetes version %q", version)
	}
	return &kubeSchemas{data: d, ver: v, byName: map[int]*snode{}}, nil
}

// kind returns the schema of a built-in kind, if the version serves it.
func (k *kubeSchemas) kind(apiVersion, kind string) (*snode, bool) {
	av, ok1 := k.data.strIndex(apiVersion)
	kd, ok2 := k.data.strIndex(kind)
	if !ok1 || !ok2 {
		return nil, false
	}
	typeName, ok := k.ver.kind(av, kd)
	if !ok {
		return nil, false
	}
	return k.compiled(typeName), true
}

// named returns the compiled struct type qname.
func (k *kubeSchemas) named(qname string) *snode {
	i, ok := k.data.strIndex(qname)
	if !ok {
		return anyNode
	}
	return k.compiled(i)
}

// compiled returns the node of the struct type named by string name;
// its fields are decoded on first use (snode.object).
func (k *kubeSchemas) compiled(name int) *snode {
	k.mu.Lock()
	defer k.mu.Unlock()
	if n, ok := k.byName[name]; ok {
		return n
	}
	idx, ok := k.ver.record(name)
	if !ok {
		return anyNode
	}
	r := &reader{s: k.data.record(idx)}
	n := &snode{typ: typeObject, descIdx: int32(r.uvarint() - 1)}
	if r.err != nil {
		n = anyNode
	} else {
		n.lazy = &lazyObject{k: k, fields: r.s[r.off:]}
	}
	k.byName[name] = n
	return n
}

// decodeFields decodes the fields of a struct type into o; damaged data
// leaves o open, accepting any key.
func (k *kubeSchemas) decodeFields(o *object, fields string) {
	r := &reader{s: fields}
	count := min(r.uvarint(), len(r.s))
	props := make([]sprop, count) // one allocation for the fields
	o.props, o.order = make(map[string]*sprop, count), make([]string, 0, count)
	for f := 0; f < count && r.err == nil; f++ {
		name := k.data.str(r.uvarint())
		p := &props[f]
		p.required, p.descIdx = r.byte() == 1, r.uvarint()-1
		p.node = k.compileExpr(r)
		o.props[name] = p
		o.order = append(o.order, name)
	}
	if r.err != nil {
		*o = object{}
		return
	}
	o.closed = true
}

func (k *kubeSchemas) compileExpr(r *reader) *snode {
	switch t := r.byte(); t {
	case dataString:
		e := r.uvarint()
		if e == 0 {
			return stringNode
		}
		n := &snode{typ: typeString, descIdx: -1}
		for ; e > 0 && r.err == nil; e-- {
			if v := k.data.str(r.uvarint()); v != "" {
				n.enum = append(n.enum, v)
			} else { // tools/schemagen lists "" for such a field
				n.mayBeEmpty = true
			}
		}
		return n
	case dataArray:
		return &snode{typ: typeArray, descIdx: -1, items: k.compileExpr(r)}
	case dataMap:
		return &snode{typ: typeObject, descIdx: -1, obj: object{additional: k.compileExpr(r)}}
	case dataRef:
		return k.compiled(r.uvarint())
	case dataInteger:
		return integerNode
	case dataNumber:
		return numberNode
	case dataBoolean:
		return booleanNode
	case dataIntOrString:
		return intOrStringNode
	}
	return anyNode
}
