package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// goPackage is one parsed Go package of a Kubernetes API module: its named
// types, the constants of each type (for enums), the methods that change
// how a type is serialized, and the kinds it registers with a scheme.
type goPackage struct {
	path    string // import path, e.g. k8s.io/api/apps/v1
	group   string // API group from the GroupName constant
	version string // API version: the directory name
	kinds   []string
	types   map[string]*goType
	consts  map[string][]string // type name -> constant values, in source order
	methods map[string]map[string]*ast.FuncDecl
}

// goType is one named type declaration and the file it is declared in.
type goType struct {
	name    string
	spec    *ast.TypeSpec
	doc     string
	tags    string            // doc plus the comment block just above it, where generator tags sit
	imports map[string]string // file's import name -> path
}

// parsePackage parses the non-test, non-generated Go files of dir.
func parsePackage(importPath, dir string) (*goPackage, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	p := &goPackage{
		path:    importPath,
		version: filepath.Base(dir),
		types:   map[string]*goType{},
		consts:  map[string][]string{},
		methods: map[string]map[string]*ast.FuncDecl{},
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			strings.HasPrefix(name, "generated.") || strings.HasPrefix(name, "zz_generated") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		p.addFile(fset, f)
	}
	sort.Strings(p.kinds)
	return p, nil
}

func (p *goPackage) addFile(fset *token.FileSet, f *ast.File) {
	imports := map[string]string{}
	for _, im := range f.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		name := filepath.Base(path)
		if im.Name != nil {
			name = im.Name.Name
		}
		imports[name] = path
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.GenDecl:
			p.addGenDecl(d, imports, tagsBefore(fset, f, d))
		case *ast.FuncDecl:
			p.addFunc(d)
		}
	}
}

func (p *goPackage) addGenDecl(d *ast.GenDecl, imports map[string]string, tags string) {
	switch d.Tok {
	case token.TYPE:
		for _, s := range d.Specs {
			ts := s.(*ast.TypeSpec)
			doc := ts.Doc
			if doc == nil && len(d.Specs) == 1 {
				doc = d.Doc
			}
			p.types[ts.Name.Name] = &goType{name: ts.Name.Name, spec: ts, doc: doc.Text(), tags: tags + doc.Text(), imports: imports}
		}
	case token.CONST:
		p.addConsts(d)
	}
}

// addConsts records typed string constants (enum values) and GroupName.
func (p *goPackage) addConsts(d *ast.GenDecl) {
	for _, s := range d.Specs {
		vs := s.(*ast.ValueSpec)
		for i, n := range vs.Names {
			if i >= len(vs.Values) {
				continue
			}
			lit, ok := vs.Values[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				continue
			}
			val, _ := strconv.Unquote(lit.Value)
			if n.Name == "GroupName" {
				p.group = val
				continue
			}
			if id, ok := vs.Type.(*ast.Ident); ok {
				p.consts[id.Name] = append(p.consts[id.Name], val)
			}
		}
	}
}

func (p *goPackage) addFunc(d *ast.FuncDecl) {
	if d.Recv != nil && len(d.Recv.List) == 1 {
		t := d.Recv.List[0].Type
		if st, ok := t.(*ast.StarExpr); ok {
			t = st.X
		}
		if id, ok := t.(*ast.Ident); ok {
			if p.methods[id.Name] == nil {
				p.methods[id.Name] = map[string]*ast.FuncDecl{}
			}
			p.methods[id.Name][d.Name.Name] = d
		}
		return
	}
	if d.Name.Name == "addKnownTypes" && d.Body != nil {
		p.addKinds(d.Body)
	}
}

// addKinds collects the &T{} arguments of scheme.AddKnownTypes calls.
func (p *goPackage) addKinds(body *ast.BlockStmt) {
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "AddKnownTypes" {
			return true
		}
		for _, arg := range call.Args[1:] {
			u, ok := arg.(*ast.UnaryExpr)
			if !ok {
				continue
			}
			if cl, ok := u.X.(*ast.CompositeLit); ok {
				if id, ok := cl.Type.(*ast.Ident); ok {
					p.kinds = append(p.kinds, id.Name)
				}
			}
		}
		return true
	})
}

// openAPIType returns what the type's OpenAPISchemaType method declares:
// the first listed type, "" for none (any value), ok=false without method.
func (p *goPackage) openAPIType(name string) (string, bool) {
	fn := p.methods[name]["OpenAPISchemaType"]
	if fn == nil || fn.Body == nil {
		return "", false
	}
	var out string
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && out == "" {
			out, _ = strconv.Unquote(lit.Value)
		}
		return true
	})
	return out, true
}

// hasCustomJSON reports whether the type decodes itself from JSON.
func (p *goPackage) hasCustomJSON(name string) bool {
	return p.methods[name]["UnmarshalJSON"] != nil
}

// tagsBefore returns the text of the comment group that ends on the line
// before the blank line above d's doc comment: Kubernetes puts type-level
// generator tags (+genclient) there, apart from the doc comment.
func tagsBefore(fset *token.FileSet, f *ast.File, d *ast.GenDecl) string {
	start := d.Pos()
	if d.Doc != nil {
		start = d.Doc.Pos()
	}
	line := fset.Position(start).Line
	for _, cg := range f.Comments {
		if end := fset.Position(cg.End()).Line; end == line-2 {
			return cg.Text()
		}
	}
	return ""
}
