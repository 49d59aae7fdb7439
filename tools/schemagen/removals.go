package main

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/version"
)

// The removal table lists every kind that Kubernetes stopped serving, or
// will stop serving at a declared release, over the history releases and
// the supported ones. Three sources, in this order:
//
//   - the lifecycle a kind's type declares (k8s.io/api generates
//     zz_generated.prerelease-lifecycle.go from +k8s:prerelease-lifecycle-gen
//     tags since v0.19), taken from the newest release that declares one;
//   - for kinds that declare none, the type's doc comment when it says so
//     in Kubernetes' words ("Deprecated in v1.17 in favor of
//     rbac.authorization.k8s.io/v1 Role, and will no longer be served in
//     v1.22", the rbac.authorization.k8s.io/v1alpha1 types);
//   - otherwise the releases themselves: a kind present in the release of
//     1.X and absent from every later one was removed in 1.(X+1), and its
//     replacement is the same kind in the most stable version of the same
//     group that the newest release registers and declares no removal for.
//
// Kinds whose types are still in the newest release and declare no
// lifecycle cannot be told apart from served ones and are left out.

// gvk names a kind of one group/version.
type gvk struct{ apiVersion, kind string }

// releaseKinds are the kinds one release's sources register, each with
// the lifecycle its type declares (zero when none).
type releaseKinds struct {
	kube  string // "1.22"
	kinds map[gvk]deprecation
}

// removals scans every release of releases in mods and derives the table.
func removals(releases []kubeRelease, mods map[string]modules) ([]deprecation, error) {
	var scanned []releaseKinds
	for _, r := range releases {
		kinds, err := registeredKinds(mods[r.kube])
		if err != nil {
			return nil, fmt.Errorf("kubernetes %s: %w", r.kube, err)
		}
		scanned = append(scanned, releaseKinds{kube: r.kube, kinds: kinds})
	}
	return deriveRemovals(scanned)
}

// registeredKinds lists the kinds of every API package of one release with
// their declared lifecycle.
func registeredKinds(mods modules) (map[gvk]deprecation, error) {
	b := &builder{mods: mods, pkgs: map[string]*goPackage{}}
	out := map[gvk]deprecation{}
	prose := map[gvk]string{} // doc comments of kinds that declare no lifecycle
	for _, root := range apiRoots {
		paths, err := b.apiPackages(root.module, root.under)
		if err != nil {
			return nil, err
		}
		for _, path := range paths {
			p, err := b.pkg(path)
			if err != nil {
				return nil, err
			}
			dir, err := b.dir(path)
			if err != nil {
				return nil, err
			}
			declared, err := parseLifecycle(filepath.Join(dir, "zz_generated.prerelease-lifecycle.go"))
			if err != nil {
				return nil, err
			}
			for _, k := range p.kinds {
				d := declared[k]
				d.apiVersion, d.kind = p.apiVersion(), k
				if !d.declares() && p.types[k] != nil {
					prose[gvk{d.apiVersion, k}] = p.types[k].doc
				}
				out[gvk{d.apiVersion, k}] = d
			}
		}
	}
	for k, doc := range prose {
		if d, ok := proseLifecycle(k, doc, out); ok {
			out[k] = d
		}
	}
	return out, nil
}

// servedUntil is how some types without lifecycle tags state their
// deprecation and removal in their doc comment.
var servedUntil = regexp.MustCompile(`Deprecated in v(\d+)\.(\d+) in favor of (\S+) (\w+), and will no longer be served in v(\d+)\.(\d+)`)

// proseLifecycle reads the lifecycle a doc comment states. The kind it
// names instead must be one the release registers; when it is not (the
// text has "ClusterRoles" for ClusterRoleList), the same kind in the named
// group/version is used, or none.
func proseLifecycle(k gvk, doc string, registered map[gvk]deprecation) (deprecation, bool) {
	m := servedUntil.FindStringSubmatch(strings.Join(strings.Fields(doc), " "))
	if m == nil {
		return deprecation{}, false
	}
	d := deprecation{apiVersion: k.apiVersion, kind: k.kind}
	d.depMajor, _ = strconv.Atoi(m[1])
	d.depMinor, _ = strconv.Atoi(m[2])
	d.remMajor, _ = strconv.Atoi(m[5])
	d.remMinor, _ = strconv.Atoi(m[6])
	for _, kind := range []string{m[4], k.kind} {
		if _, ok := registered[gvk{m[3], kind}]; ok {
			d.replacement = m[3] + " " + kind
			break
		}
	}
	return d, true
}

// parseLifecycle reads the APILifecycleDeprecated, APILifecycleRemoved and
// APILifecycleReplacement methods of a generated file, by receiver type; a
// missing file declares nothing.
func parseLifecycle(file string) (map[string]deprecation, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]deprecation{}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 || fn.Body == nil || len(fn.Body.List) != 1 {
			continue
		}
		recv := receiverName(fn.Recv.List[0].Type)
		ret, ok := fn.Body.List[0].(*ast.ReturnStmt)
		if recv == "" || !ok {
			continue
		}
		d := out[recv]
		switch fn.Name.Name {
		case "APILifecycleDeprecated":
			d.depMajor, d.depMinor, err = majorMinor(ret)
		case "APILifecycleRemoved":
			d.remMajor, d.remMinor, err = majorMinor(ret)
		case "APILifecycleReplacement":
			d.replacement, err = replacementOf(ret)
		default:
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %s.%s: %w", file, recv, fn.Name.Name, err)
		}
		out[recv] = d
	}
	return out, nil
}

func receiverName(e ast.Expr) string {
	if st, ok := e.(*ast.StarExpr); ok {
		e = st.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// majorMinor reads `return 1, 22`.
func majorMinor(ret *ast.ReturnStmt) (int, int, error) {
	if len(ret.Results) != 2 {
		return 0, 0, errors.New("want two results")
	}
	var v [2]int
	for i, r := range ret.Results {
		lit, ok := r.(*ast.BasicLit)
		if !ok || lit.Kind != token.INT {
			return 0, 0, errors.New("want integer literals")
		}
		n, err := strconv.Atoi(lit.Value)
		if err != nil {
			return 0, 0, err
		}
		v[i] = n
	}
	return v[0], v[1], nil
}

// replacementOf reads `return schema.GroupVersionKind{Group: "apps",
// Version: "v1", Kind: "Deployment"}` as "apps/v1 Deployment".
func replacementOf(ret *ast.ReturnStmt) (string, error) {
	if len(ret.Results) != 1 {
		return "", errors.New("want one result")
	}
	lit, ok := ret.Results[0].(*ast.CompositeLit)
	if !ok {
		return "", errors.New("want a composite literal")
	}
	fields := map[string]string{}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return "", errors.New("want keyed fields")
		}
		key, ok1 := kv.Key.(*ast.Ident)
		val, ok2 := kv.Value.(*ast.BasicLit)
		if !ok1 || !ok2 || val.Kind != token.STRING {
			return "", errors.New("want string fields")
		}
		fields[key.Name], _ = strconv.Unquote(val.Value)
	}
	if fields["Version"] == "" || fields["Kind"] == "" {
		return "", nil
	}
	return joinGroupVersion(fields["Group"], fields["Version"]) + " " + fields["Kind"], nil
}

// joinGroupVersion is an apiVersion: "v1" for the core group.
func joinGroupVersion(group, version string) string {
	if group == "" {
		return version
	}
	return group + "/" + version
}

// deriveRemovals builds the removal table from the releases' kinds, oldest
// release first, sorted by apiVersion and kind.
func deriveRemovals(releases []releaseKinds) ([]deprecation, error) {
	if len(releases) == 0 {
		return nil, errors.New("no releases")
	}
	last := map[gvk]int{}             // index of the newest release registering the kind
	declared := map[gvk]deprecation{} // the newest declared lifecycle
	for i, r := range releases {
		for k, d := range r.kinds {
			last[k] = i
			if d.declares() {
				declared[k] = d
			}
		}
	}
	newest := releases[len(releases)-1]
	var out []deprecation
	for k, i := range last {
		d, ok := declared[k]
		d.apiVersion, d.kind = k.apiVersion, k.kind
		if !ok {
			d.replacement = successor(k, newest.kinds, declared)
		}
		if d.remMajor == 0 && d.remMinor == 0 && i < len(releases)-1 {
			if _, err := fmt.Sscanf(releases[i+1].kube, "%d.%d", &d.remMajor, &d.remMinor); err != nil {
				return nil, fmt.Errorf("release %q: %w", releases[i+1].kube, err)
			}
		}
		if d.remMajor == 0 && d.remMinor == 0 {
			continue
		}
		out = append(out, d)
	}
	sortDeprecations(out)
	return out, nil
}

// beyondHelm drops the removals that Helm's deprecation table (deps, from
// client-go) already lists, so that each kind has one row; a removal that
// disagrees with Helm's row is an error.
func beyondHelm(removed, deps []deprecation) ([]deprecation, error) {
	helm := map[gvk]deprecation{}
	for _, d := range deps {
		helm[gvk{d.apiVersion, d.kind}] = d
	}
	var out []deprecation
	for _, r := range removed {
		d, ok := helm[gvk{r.apiVersion, r.kind}]
		switch {
		case !ok:
			out = append(out, r)
		case d != r:
			return nil, fmt.Errorf("%s %s: the releases say %+v, client-go says %+v", r.apiVersion, r.kind, r, d)
		}
	}
	return out, nil
}

// declares reports whether a lifecycle says anything.
func (d deprecation) declares() bool {
	return d.depMajor != 0 || d.depMinor != 0 || d.remMajor != 0 || d.remMinor != 0 || d.replacement != ""
}

// successor is the kind to use instead of k: the same kind in the most
// stable version of k's group that the newest release registers and that
// declares no removal, or "" when there is none.
func successor(k gvk, newest map[gvk]deprecation, declared map[gvk]deprecation) string {
	group, _ := splitAPIVersion(k.apiVersion)
	best := ""
	for c := range newest {
		cg, cv := splitAPIVersion(c.apiVersion)
		if c.kind != k.kind || cg != group || c.apiVersion == k.apiVersion {
			continue
		}
		if d := declared[c]; d.remMajor != 0 || d.remMinor != 0 {
			continue
		}
		if _, bv := splitAPIVersion(best); best == "" || version.CompareKubeAwareVersionStrings(cv, bv) > 0 {
			best = c.apiVersion
		}
	}
	if best == "" {
		return ""
	}
	return best + " " + k.kind
}

// splitAPIVersion splits "apps/v1" into group and version ("" for core).
func splitAPIVersion(apiVersion string) (group, version string) {
	if i := strings.LastIndexByte(apiVersion, '/'); i >= 0 {
		return apiVersion[:i], apiVersion[i+1:]
	}
	return "", apiVersion
}

// apiVersion is the group/version the package registers its kinds in.
func (p *goPackage) apiVersion() string {
	return joinGroupVersion(p.group, p.version)
}
