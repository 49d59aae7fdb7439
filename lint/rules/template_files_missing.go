package rules

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/gobwas/glob"
)

const templateFilesMissing lint.RuleID = "template-files-missing"

func templateFilesMissingRule() *lint.Rule {
	return &lint.Rule{
		ID: templateFilesMissing, Family: lint.FamilyTemplate, Severity: lint.Warning,
		Summary: ".Files.Get, .Files.Glob and .Files.Lines must name files the chart holds",
		Doc:     doc(templateFilesMissing), Check: checkFilesMissing,
	}
}

// filesMethods are the methods of .Files that take a file name, and
// whether the name is a glob pattern.
var filesMethods = map[string]bool{"Get": false, "GetBytes": false, "Lines": false, "Glob": true}

// checkFilesMissing reports .Files reads with a constant name or pattern
// that matches no file of the chart tree as Helm loads it (.helmignore'd
// files are not there, nor are templates, Chart.yaml and values.yaml).
// A file of any chart of the tree counts, for helpers that read a file of
// the chart that includes them. A call whose result is only tested (the
// condition of if or with, the operand of range, an argument of and, or,
// not, empty, the value of default) expects the file may be absent, and so
// does a read in a block guarded by such a test of the same files. Under
// if, with or range, a read in a folder the chart lacks, with no near
// name, is taken for a file the user adds when enabling the branch
// (certificates, custom configuration). A name is reported once per
// template.
func checkFilesMissing(p *lint.Pass) {
	names := fileNames(p.Chart)
	reported := map[missingRead]bool{}
	for _, c := range commands(p) {
		method, arg, ok := filesCall(c.cmd)
		if !ok || c.tested {
			continue
		}
		name, err := strconv.Unquote(arg.Quoted)
		read := missingRead{c.file, name}
		if err != nil || reported[read] || guarded(name, c.guards) || matchesFile(name, filesMethods[method], names) {
			continue
		}
		near := nearFile(name, filesMethods[method], names)
		if c.conditional && near == "" && !folderExists(name, names) {
			continue // a file for the user to add when enabling the branch
		}
		reported[read] = true
		msg := fmt.Sprintf(".Files.%s %s matches no file of the chart: it gives %s", method, arg.Quoted, emptyResults[method])
		if near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		p.Reportf(span(c.file, arg, len(arg.Quoted)), "%s", msg)
	}
}

// missingRead is a name a template reads that matches no file.
type missingRead struct {
	template *source.File
	name     string
}

// emptyResults are what each method of .Files gives for a name that
// matches no file.
var emptyResults = map[string]string{
	"Get": "an empty string", "GetBytes": "no bytes", "Lines": "no lines", "Glob": "no files",
}

// guarded reports whether a test of the .Files guards covers name: one
// names it, or is a pattern that matches it (for a pattern, its text: a
// narrower pattern in the same folder).
func guarded(name string, guards []string) bool {
	return slices.ContainsFunc(guards, func(g string) bool {
		if g == name {
			return true
		}
		pattern, err := glob.Compile(g, '/')
		return err == nil && pattern.Match(name)
	})
}

// filesCall recognises .Files.<method> "name" ($.Files, $root.Files,
// .root.Files ... alike) and returns the method and its constant argument.
func filesCall(cmd *parse.CommandNode) (string, *parse.StringNode, bool) {
	if len(cmd.Args) != 2 {
		return "", nil, false
	}
	idents := chainIdents(cmd.Args[0])
	n := len(idents)
	if n < 2 || idents[n-2] != "Files" {
		return "", nil, false
	}
	if _, ok := filesMethods[idents[n-1]]; !ok {
		return "", nil, false
	}
	arg, ok := cmd.Args[1].(*parse.StringNode)
	return idents[n-1], arg, ok
}

// fileNames lists the .Files of every chart of the tree.
func fileNames(c *chart.Chart) []string {
	var out []string
	for _, f := range c.Files {
		out = append(out, f.Name)
	}
	for _, s := range c.Subcharts {
		out = append(out, fileNames(s)...)
	}
	return out
}

// matchesFile reports whether a name, or a pattern as Helm's Glob compiles
// it, matches one of the names. An invalid pattern matches everything in
// Helm.
func matchesFile(name string, pattern bool, names []string) bool {
	if !pattern {
		return slices.Contains(names, name)
	}
	g, err := glob.Compile(name, '/')
	if err != nil {
		return true
	}
	return slices.ContainsFunc(names, g.Match)
}

// nearFile suggests a file name close to a missing one; for a pattern, the
// pattern in the closest existing folder when its folder holds no file.
func nearFile(name string, pattern bool, names []string) string {
	if !pattern {
		return closestName(name, names)
	}
	dir, rest := path.Split(name)
	if dir == "" || strings.ContainsAny(dir, "*?[{\\") {
		return ""
	}
	var dirs []string
	for _, n := range names {
		if d, _ := path.Split(n); d != "" && !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	if slices.Contains(dirs, dir) {
		return ""
	}
	if near := closestName(dir, dirs); near != "" {
		return near + rest
	}
	return ""
}

// folderExists reports whether the folder of a name or pattern (its part
// before the last slash, "" for the chart's top) holds a file.
func folderExists(name string, names []string) bool {
	dir, _ := path.Split(name)
	if dir == "" {
		return false
	}
	return slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, dir) })
}
