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
// schemas and schema files all compile to it; it is immutable once built.
type snode struct {
	typ     nodeType
	desc    string
	descIdx int // description in the embedded data, -1 for none or desc
	enum    []any
	// Objects: named properties in declaration order and, for maps, the
	// schema of other keys. closed objects report unknown properties.
	props      map[string]*sprop
	order      []string
	additional *snode
	closed     bool
	items      *snode // arrays
}

// sprop is a property of an object node.
type sprop struct {
	node     *snode
	desc     string
	descIdx  int
	required bool
}

func (n *snode) description() string {
	if n.desc != "" || n.descIdx < 0 {
		return n.desc
	}
	return description(n.descIdx)
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
	mu     sync.Mutex
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

// compiled returns the compiled struct type named by string name,
// compiling it and every type it reaches on first use.
func (k *kubeSchemas) compiled(name int) *snode {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.compileNamed(name)
}

func (k *kubeSchemas) compileNamed(name int) *snode {
	if n, ok := k.byName[name]; ok {
		return n
	}
	idx, ok := k.ver.record(name)
	if !ok {
		return anyNode
	}
	n := &snode{typ: typeObject, closed: true}
	k.byName[name] = n // before the fields: types can be recursive
	r := &reader{s: k.data.record(idx)}
	n.descIdx = r.uvarint() - 1
	fields := min(r.uvarint(), len(r.s))
	n.props, n.order = make(map[string]*sprop, fields), make([]string, 0, fields)
	props := make([]sprop, fields) // one allocation for the fields
	for f := 0; f < fields && r.err == nil; f++ {
		name := k.data.str(r.uvarint())
		p := &props[f]
		p.required, p.descIdx = r.byte() == 1, r.uvarint()-1
		p.node = k.compileExpr(r)
		n.props[name] = p
		n.order = append(n.order, name)
	}
	if r.err != nil {
		return anyNode
	}
	return n
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
			n.enum = append(n.enum, k.data.str(r.uvarint()))
		}
		return n
	case dataArray:
		return &snode{typ: typeArray, descIdx: -1, items: k.compileExpr(r)}
	case dataMap:
		return &snode{typ: typeObject, descIdx: -1, additional: k.compileExpr(r)}
	case dataRef:
		return k.compileNamed(r.uvarint())
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
