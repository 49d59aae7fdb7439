package sprigdoc

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// source is what sprig's Go source says of its functions.
type source struct {
	// params are the parameter names of each function.
	params map[string][]string
	// aliases are, for each name, the other names of the same function:
	// the names bound to the same Go function, and the name a
	// "Deprecated: Use x." comment points to.
	aliases map[string][]string
	// deprecated are the names such a comment deprecates.
	deprecated map[string]bool
}

// readSource reads the function map of sprig's source in dir (functions.go's
// genericMap) and the declarations of the functions it binds, sprig's own
// or those of the packages it imports, for the parameter names of names.
func readSource(dir string, names []string) (source, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, filepath.Join(dir, "functions.go"), nil, parser.ParseComments)
	if err != nil {
		return source{}, err
	}
	entries, err := genericMap(file)
	if err != nil {
		return source{}, err
	}
	r := &resolver{fset: fset, dir: dir, imports: importsOf(file), decls: map[string]map[string]*ast.FuncType{}}
	src := source{params: map[string][]string{}, aliases: map[string][]string{}, deprecated: map[string]bool{}}
	bound := map[string][]string{}
	cmap := ast.NewCommentMap(fset, file, file.Comments)
	for _, kv := range entries {
		name, err := strconv.Unquote(kv.Key.(*ast.BasicLit).Value)
		if err != nil || !slices.Contains(names, name) {
			continue
		}
		fn, err := r.funcType(kv.Value)
		if err != nil {
			return source{}, fmt.Errorf("%s: %w", name, err)
		}
		src.params[name] = paramNames(fn, name)
		if id := exprText(kv.Value); id != "" {
			bound[id] = append(bound[id], name)
		}
		if target := deprecatedFor(cmap[kv]); target != "" {
			src.aliases[name] = append(src.aliases[name], target)
			src.deprecated[name] = true
		}
	}
	for _, group := range bound {
		for _, name := range group {
			for _, other := range group {
				if other != name {
					src.aliases[name] = append(src.aliases[name], other)
				}
			}
		}
	}
	for _, name := range names {
		if _, ok := src.params[name]; !ok {
			return source{}, fmt.Errorf("%s is not in sprig's genericMap", name)
		}
	}
	return src, nil
}

// genericMap returns the entries of the genericMap literal.
func genericMap(file *ast.File) ([]*ast.KeyValueExpr, error) {
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Names) != 1 || vs.Names[0].Name != "genericMap" || len(vs.Values) != 1 {
				continue
			}
			lit, ok := vs.Values[0].(*ast.CompositeLit)
			if !ok {
				break
			}
			var out []*ast.KeyValueExpr
			for _, e := range lit.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					out = append(out, kv)
				}
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("functions.go declares no genericMap")
}

// exprText is the text of an identifier or a qualified identifier, "" for
// other expressions (function literals).
func exprText(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok {
			return x.Name + "." + e.Sel.Name
		}
	}
	return ""
}

var deprecatedComment = regexp.MustCompile(`Deprecated: [Uu]se (\w+)`)

// deprecatedFor is the name a "Deprecated: Use x." comment points to.
func deprecatedFor(groups []*ast.CommentGroup) string {
	for _, g := range groups {
		if m := deprecatedComment.FindStringSubmatch(g.Text()); m != nil {
			return m[1]
		}
	}
	return ""
}

// importsOf maps a file's import names to their paths.
func importsOf(file *ast.File) map[string]string {
	out := map[string]string{}
	for _, imp := range file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := filepath.Base(path)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		out[name] = path
	}
	return out
}

// resolver finds the declarations of functions: sprig's own (package "")
// and those of the packages functions.go imports.
type resolver struct {
	fset    *token.FileSet
	dir     string
	imports map[string]string
	// decls are the top-level functions of each package read, by path.
	decls map[string]map[string]*ast.FuncType
}

// funcType returns the type of the function an entry's value is: a
// function literal, a function of sprig, or of an imported package.
func (r *resolver) funcType(e ast.Expr) (*ast.FuncType, error) {
	pkg, name := "", ""
	switch e := e.(type) {
	case *ast.FuncLit:
		return e.Type, nil
	case *ast.Ident:
		name = e.Name
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok || r.imports[x.Name] == "" {
			return nil, fmt.Errorf("cannot resolve %s", exprText(e))
		}
		pkg, name = r.imports[x.Name], e.Sel.Name
	default:
		return nil, fmt.Errorf("unexpected expression %T", e)
	}
	decls, err := r.package_(pkg)
	if err != nil {
		return nil, err
	}
	if fn, ok := decls[name]; ok {
		return fn, nil
	}
	return nil, fmt.Errorf("no function %s in %q", name, pkg)
}

// package_ reads the function declarations of a package ("" for sprig).
func (r *resolver) package_(path string) (map[string]*ast.FuncType, error) {
	if d, ok := r.decls[path]; ok {
		return d, nil
	}
	dir := r.dir
	if path != "" {
		out, err := exec.Command("go", "list", "-f", "{{.Dir}}", path).Output()
		if err != nil {
			return nil, fmt.Errorf("go list %s: %w", path, err)
		}
		dir = strings.TrimSpace(string(out))
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	decls := map[string]*ast.FuncType{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(r.fset, f, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		if !buildsOnLinux(file) {
			continue
		}
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				decls[fd.Name.Name] = fd.Type
			}
		}
	}
	r.decls[path] = decls
	return decls, nil
}

// buildsOnLinux reports whether a file's build constraint, if any, is
// one a Linux build includes; declarations for other systems would
// shadow the ones used.
func buildsOnLinux(file *ast.File) bool {
	for _, g := range file.Comments {
		if g.Pos() >= file.Package {
			break
		}
		for _, c := range g.List {
			if strings.HasPrefix(c.Text, "//go:build ") {
				return strings.Contains(c.Text, "linux") || strings.Contains(c.Text, "unix") || strings.Contains(c.Text, "!windows")
			}
		}
	}
	return true
}

// paramNames are the names of a function's parameters; an unnamed one is
// named by paramOverrides, which also renames the parameters of function
// literals whose names say nothing.
func paramNames(fn *ast.FuncType, name string) []string {
	if names, ok := paramOverrides[name]; ok {
		return names
	}
	var out []string
	for _, f := range fn.Params.List {
		if len(f.Names) == 0 {
			out = append(out, "arg"+strconv.Itoa(len(out)))
		}
		for _, n := range f.Names {
			out = append(out, n.Name)
		}
	}
	return out
}

// paramOverrides names the parameters where sprig's source does not say
// what they are.
var paramOverrides = map[string][]string{
	"add": {"n"}, "add1": {"n"}, "add1f": {"n"}, "addf": {"n"},
	"atoi":    {"s"},
	"biggest": {"first", "rest"}, "max": {"first", "rest"}, "min": {"first", "rest"},
	"maxf": {"first", "rest"}, "minf": {"first", "rest"},
	"ceil": {"value"}, "floor": {"value"}, "round": {"value", "places", "roundOn"},
	"cat":     {"values"},
	"default": {"defaultValue", "value"},
	"ternary": {"ifTrue", "ifFalse", "condition"},
	"dict":    {"keysAndValues"}, "list": {"items"}, "tuple": {"items"},
	"get": {"dict", "key"}, "set": {"dict", "key", "value"}, "unset": {"dict", "key"}, "hasKey": {"dict", "key"},
	"pluck": {"key", "dicts"}, "dig": {"keysDefaultDict"},
	"deepCopy": {"value"}, "mustDeepCopy": {"value"},
	"indent": {"spaces", "s"}, "nindent": {"spaces", "s"},
	"join": {"sep", "list"}, "reverse": {"list"}, "mustReverse": {"list"},
	"seq":     {"args"},
	"trimAll": {"cutset", "s"}, "trimall": {"cutset", "s"},
	"trimPrefix": {"prefix", "s"}, "trimSuffix": {"suffix", "s"},
	"hasPrefix": {"prefix", "s"}, "hasSuffix": {"suffix", "s"}, "contains": {"substr", "s"},
	"trunc": {"length", "s"}, "wrap": {"width", "s"}, "wrapWith": {"width", "sep", "s"},
	"urlParse": {"url"}, "urlJoin": {"parts"},
	"dateModify": {"modification", "date"}, "date_modify": {"modification", "date"},
	"mustDateModify": {"modification", "date"}, "must_date_modify": {"modification", "date"},
}
