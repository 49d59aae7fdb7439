package main

import (
	"fmt"
	"go/ast"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// modules maps a module path to its extracted directory for one Kubernetes
// version.
type modules map[string]string

// builder turns parsed Go packages into a kubeModel.
type builder struct {
	mods     modules
	pkgs     map[string]*goPackage
	records  map[string]*node
	inlining map[string]bool
}

// apiRoots are the package trees that define served API kinds.
var apiRoots = []struct{ module, under string }{
	{"k8s.io/api", ""},
	{"k8s.io/apiextensions-apiserver", "pkg/apis/apiextensions"},
	{"k8s.io/kube-aggregator", "pkg/apis/apiregistration"},
}

// versionDir matches API version directory names such as v1 or v2beta1.
var versionDir = regexp.MustCompile(`^v[0-9]+((alpha|beta)[0-9]+)?$`)

func buildModel(kubeVersion string, mods modules) (*kubeModel, error) {
	b := &builder{mods: mods, pkgs: map[string]*goPackage{}, records: map[string]*node{}, inlining: map[string]bool{}}
	m := &kubeModel{kubeVersion: kubeVersion, records: b.records}
	for _, root := range apiRoots {
		paths, err := b.apiPackages(root.module, root.under)
		if err != nil {
			return nil, err
		}
		for _, path := range paths {
			kinds, err := b.kindsOf(path)
			if err != nil {
				return nil, err
			}
			m.kinds = append(m.kinds, kinds...)
		}
	}
	sort.Slice(m.kinds, func(i, j int) bool { return kindLess(m.kinds[i], m.kinds[j]) })
	return m, nil
}

// apiPackages lists import paths of version packages with a register.go.
func (b *builder) apiPackages(module, under string) ([]string, error) {
	root := filepath.Join(b.mods[module], under)
	var out []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() || !versionDir.MatchString(d.Name()) {
			return nil
		}
		if _, err := os.Stat(filepath.Join(path, "register.go")); err != nil {
			return nil
		}
		rel, _ := filepath.Rel(b.mods[module], path)
		out = append(out, module+"/"+filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(out)
	return out, err
}

// pkg parses (once) the package with the given import path.
func (b *builder) pkg(path string) (*goPackage, error) {
	if p, ok := b.pkgs[path]; ok {
		return p, nil
	}
	dir, err := b.dir(path)
	if err != nil {
		return nil, err
	}
	p, err := parsePackage(path, dir)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	b.pkgs[path] = p
	return p, nil
}

// dir is the directory of package path in the pinned modules.
func (b *builder) dir(path string) (string, error) {
	for mod, mdir := range b.mods {
		if path == mod || strings.HasPrefix(path, mod+"/") {
			return filepath.Join(mdir, strings.TrimPrefix(path, mod)), nil
		}
	}
	return "", fmt.Errorf("package %s is in no pinned module", path)
}

func (b *builder) kindsOf(path string) ([]apiKind, error) {
	p, err := b.pkg(path)
	if err != nil {
		return nil, err
	}
	apiVersion := p.apiVersion()
	var out []apiKind
	for _, k := range p.kinds {
		t := p.types[k]
		if t == nil {
			return nil, fmt.Errorf("%s registers unknown type %s", path, k)
		}
		n, err := b.named(p, k)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", path, k, err)
		}
		if n.kind != kRef {
			continue
		}
		out = append(out, apiKind{apiVersion: apiVersion, kind: k, typeName: n.ref, scope: scopeOf(t.tags)})
	}
	return out, nil
}

func scopeOf(doc string) scope {
	switch {
	case strings.Contains(doc, "+genclient:nonNamespaced"):
		return scopeCluster
	case hasTag(doc, "+genclient"):
		return scopeNamespaced
	}
	return scopeUnknown
}

// hasTag reports whether doc has a line that is exactly tag.
func hasTag(doc, tag string) bool {
	for _, line := range strings.Split(doc, "\n") {
		if strings.TrimSpace(line) == tag {
			return true
		}
	}
	return false
}

// specialTypes are serialized by custom code as JSON values that the
// struct definitions do not show.
var specialTypes = map[string]kind{
	"k8s.io/apimachinery/pkg/util/intstr.IntOrString": kIntOrString,
	"k8s.io/apimachinery/pkg/api/resource.Quantity":   kIntOrString,
}

// named returns the node for the named type pkg.name: a reference to a
// struct record (built on first use) or, for other types, the inlined
// definition.
func (b *builder) named(p *goPackage, name string) (*node, error) {
	qname := p.path + "." + name
	if k, ok := specialTypes[qname]; ok {
		return &node{kind: k}, nil
	}
	if t, ok := p.openAPIType(name); ok {
		return &node{kind: openAPIKind(t)}, nil
	}
	if p.hasCustomJSON(name) {
		return &node{kind: kAny}, nil
	}
	t := p.types[name]
	if t == nil {
		return nil, fmt.Errorf("type %s not found", qname)
	}
	if st, ok := t.spec.Type.(*ast.StructType); ok {
		if _, done := b.records[qname]; !done {
			rec := &node{kind: kObject, desc: cleanDoc(t.doc)}
			b.records[qname] = rec
			fields, err := b.fields(p, t, st)
			if err != nil {
				return nil, err
			}
			rec.fields = fields
		}
		return &node{kind: kRef, ref: qname}, nil
	}
	if b.inlining[qname] {
		return &node{kind: kAny}, nil
	}
	b.inlining[qname] = true
	defer delete(b.inlining, qname)
	n, err := b.expr(p, t, t.spec.Type)
	if err != nil {
		return nil, err
	}
	if n.kind == kString && hasTag(t.tags, "+enum") {
		n.enum = dedupe(p.consts[name])
	}
	return n, nil
}

func openAPIKind(t string) kind {
	switch t {
	case "string":
		return kString
	case "integer":
		return kInteger
	case "number":
		return kNumber
	case "boolean":
		return kBoolean
	}
	return kAny
}

// expr converts a type expression found in type t of package p.
func (b *builder) expr(p *goPackage, t *goType, e ast.Expr) (*node, error) {
	switch e := e.(type) {
	case *ast.StarExpr:
		return b.expr(p, t, e.X)
	case *ast.Ident:
		if k, ok := builtinKinds[e.Name]; ok {
			return &node{kind: k}, nil
		}
		return b.named(p, e.Name)
	case *ast.SelectorExpr:
		pkgName := e.X.(*ast.Ident).Name
		path, ok := t.imports[pkgName]
		if !ok {
			return nil, fmt.Errorf("unknown import %s in %s.%s", pkgName, p.path, t.name)
		}
		q, err := b.pkg(path)
		if err != nil {
			return nil, err
		}
		return b.named(q, e.Sel.Name)
	case *ast.ArrayType:
		if id, ok := e.Elt.(*ast.Ident); ok && id.Name == "byte" {
			return &node{kind: kString}, nil
		}
		elem, err := b.expr(p, t, e.Elt)
		if err != nil {
			return nil, err
		}
		return &node{kind: kArray, elem: elem}, nil
	case *ast.MapType:
		elem, err := b.expr(p, t, e.Value)
		if err != nil {
			return nil, err
		}
		return &node{kind: kMap, elem: elem}, nil
	case *ast.InterfaceType:
		return &node{kind: kAny}, nil
	}
	return nil, fmt.Errorf("unsupported type expression %T in %s.%s", e, p.path, t.name)
}

var builtinKinds = map[string]kind{
	"string": kString, "bool": kBoolean,
	"int": kInteger, "int8": kInteger, "int16": kInteger, "int32": kInteger, "int64": kInteger,
	"uint": kInteger, "uint8": kInteger, "uint16": kInteger, "uint32": kInteger, "uint64": kInteger,
	"byte": kInteger, "float32": kNumber, "float64": kNumber,
}

// fields lists the JSON properties of a struct, flattening inline members.
func (b *builder) fields(p *goPackage, t *goType, st *ast.StructType) ([]field, error) {
	var out []field
	for _, f := range st.Fields.List {
		name, opts := jsonTag(f)
		if name == "-" || (len(f.Names) > 0 && !f.Names[0].IsExported()) {
			continue
		}
		if name == "" && (len(f.Names) == 0 || strings.Contains(opts, "inline")) {
			inner, err := b.inline(p, t, f.Type)
			if err != nil {
				return nil, err
			}
			out = append(out, inner...)
			continue
		}
		if name == "" {
			name = f.Names[0].Name
		}
		typ, err := b.expr(p, t, f.Type)
		if err != nil {
			return nil, err
		}
		doc := f.Doc.Text()
		required := !strings.Contains(opts, "omitempty") && !isOptional(doc)
		if _, pointer := f.Type.(*ast.StarExpr); !pointer && !required && len(typ.enum) > 0 {
			// "" decodes as the field left out, which the API server
			// defaults (imagePullPolicy: ""); a pointer's "" is a value.
			typ.enum = append(typ.enum, "")
		}
		out = append(out, field{name: name, typ: typ, desc: cleanDoc(doc), required: required})
	}
	return out, nil
}

// inline returns the fields of an embedded struct.
func (b *builder) inline(p *goPackage, t *goType, e ast.Expr) ([]field, error) {
	n, err := b.expr(p, t, e)
	if err != nil {
		return nil, err
	}
	if n.kind != kRef {
		return nil, fmt.Errorf("inline member of %s.%s is not a struct", p.path, t.name)
	}
	return b.records[n.ref].fields, nil
}

func jsonTag(f *ast.Field) (name, opts string) {
	if f.Tag == nil {
		return "", ""
	}
	tag := strings.Trim(f.Tag.Value, "`")
	const key = `json:"`
	i := strings.Index(tag, key)
	if i < 0 {
		return "", ""
	}
	v := tag[i+len(key):]
	v = v[:strings.IndexByte(v, '"')]
	name, opts, _ = strings.Cut(v, ",")
	return name, opts
}

// isOptional reports the markers Kubernetes uses for optional fields.
func isOptional(doc string) bool {
	for _, line := range strings.Split(doc, "\n") {
		switch strings.TrimSpace(line) {
		case "+optional", "+k8s:optional":
			return true
		}
	}
	return false
}

// cleanDoc turns a Go doc comment into a description as Kubernetes'
// OpenAPI generator does: marker lines (+tag) and TODO lines dropped, text
// after a "---" line dropped, lines of a paragraph joined by spaces.
func cleanDoc(doc string) string {
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = nil
		}
	}
	for _, line := range strings.Split(doc, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "---"):
			flush()
			return strings.Join(paras, "\n\n")
		case strings.HasPrefix(line, "+"), strings.HasPrefix(line, "TODO"):
			continue
		case line == "":
			flush()
		default:
			cur = append(cur, line)
		}
	}
	flush()
	return strings.Join(paras, "\n\n")
}

func dedupe(vals []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vals {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
