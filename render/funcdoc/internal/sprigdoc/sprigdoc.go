// Package sprigdoc extracts what sprig's module says about its template
// functions: each function's section of its Markdown documentation
// (docs/*.md) and the names of its parameters in its Go source. It serves
// render/funcdoc's generator (gen.go) and the test that keeps the
// generated data fresh; nothing else imports it.
package sprigdoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/Masterminds/sprig/v3"
	"github.com/chartwright/chartwright/render"
)

// ModulePath is sprig's module, whose documentation is extracted.
const ModulePath = "github.com/Masterminds/sprig/v3"

// Entry is what sprig says about one function.
type Entry struct {
	Name string `json:"name"`
	// Params are the names of the parameters in sprig's source.
	Params []string `json:"params,omitempty"`
	// Summary is the first paragraph of its documentation, Doc all of it
	// (Markdown), Example the first example of a call.
	Summary string `json:"summary"`
	Doc     string `json:"doc"`
	Example string `json:"example,omitempty"`
	// AliasOf names the function this one is another name for, when its
	// documentation is that function's.
	AliasOf string `json:"aliasOf,omitempty"`
	// Deprecated is set for the names sprig's source deprecates.
	Deprecated bool `json:"deprecated,omitempty"`
	// Page is the documentation file the entry comes from, "" for the
	// functions sprig does not document.
	Page string `json:"page,omitempty"`
}

// Data is the generated file: the module the entries come from, the file
// holding its license, and the entries sorted by name.
type Data struct {
	Module    string  `json:"module"`
	License   string  `json:"license"`
	Functions []Entry `json:"functions"`
}

// LicenseFile is the name of the copy of sprig's license kept beside the
// data, as its MIT license asks.
const LicenseFile = "sprig-LICENSE.txt"

// Output is one generated file, its path relative to render/funcdoc.
type Output struct {
	Path string
	Data []byte
}

// Module returns the folder and version of sprig's module as the main
// module requires it, from the module cache.
func Module() (dir, version string, err error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}} {{.Version}}", ModulePath)
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("go list -m %s: %w", ModulePath, err)
	}
	dir, version, ok := strings.Cut(strings.TrimSpace(string(out)), " ")
	if !ok || dir == "" {
		return "", "", fmt.Errorf("go list -m %s: the module is not downloaded (go mod download %s)", ModulePath, ModulePath)
	}
	return dir, version, nil
}

// Generate builds the data file and the license copy from sprig's module
// in dir, at version.
func Generate(dir, version string) ([]Output, error) {
	names := helmSprigNames()
	src, err := readSource(dir, names)
	if err != nil {
		return nil, err
	}
	sections, err := readPages(filepath.Join(dir, "docs"), names)
	if err != nil {
		return nil, err
	}
	entries, err := document(names, sections, src)
	if err != nil {
		return nil, err
	}
	license, err := os.ReadFile(filepath.Join(dir, "LICENSE.txt"))
	if err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(Data{Module: ModulePath + " " + version, License: LicenseFile, Functions: entries}, "", "\t")
	if err != nil {
		return nil, err
	}
	return []Output{{"sprig.json", append(data, '\n')}, {LicenseFile, license}}, nil
}

// helmSprigNames are sprig's functions that Helm keeps, in either mode,
// sorted.
func helmSprigNames() []string {
	helm4, helm3 := render.FuncMap(false), render.FuncMap(true)
	var names []string
	for name := range sprig.TxtFuncMap() {
		_, in4 := helm4[name]
		_, in3 := helm3[name]
		if in4 || in3 {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// document makes the entries of names: each function's own section, else
// its bullet in a list, else the section that mentions it first (one
// whose example calls it preferred); a function
// documented nowhere under its name gets the documentation of another
// name of the same function.
func document(names []string, sections []section, src source) ([]Entry, error) {
	entries := make([]Entry, 0, len(names))
	var missing []string
	for _, name := range names {
		e, ok := describe(name, sections)
		if !ok {
			e, ok = describeAlias(name, sections, src)
		}
		if !ok {
			e, ok = describeMust(name, sections)
		}
		if !ok {
			s, known := undocumented[name]
			if !known {
				missing = append(missing, name)
				continue
			}
			e = Entry{Summary: s, Doc: s}
		}
		e.Name, e.Params = name, src.params[name]
		if ex, ok := examples[name]; ok {
			if e.Example != "" {
				return nil, fmt.Errorf("%s: sprig's documentation has an example now: remove it from examples", name)
			}
			e.Example = ex
		}
		if e.Example == "" {
			return nil, fmt.Errorf("%s: no example: add one to examples", name)
		}
		entries = append(entries, e)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("no documentation for %s: describe them in undocumented", strings.Join(missing, ", "))
	}
	return entries, checkTables(names)
}

// checkTables reports an entry of the hand-written tables that names no
// function Helm keeps.
func checkTables(names []string) error {
	for _, table := range []map[string]string{undocumented, examples} {
		for name := range table {
			if !slices.Contains(names, name) {
				return fmt.Errorf("%s is not a function of Helm's: remove it from the tables of sprigdoc", name)
			}
		}
	}
	for name := range paramOverrides {
		if !slices.Contains(names, name) {
			return fmt.Errorf("%s is not a function of Helm's: remove it from paramOverrides", name)
		}
	}
	return nil
}

// examples are calls of the functions whose documentation shows none.
var examples = map[string]string{
	"add1": "add1 .Values.replicaCount", "add1f": "add1f 1.5",
	"sub": "sub 10 3", "div": "div 10 3", "mod": "mod 10 3",
	"atoi": `atoi "42"`, "int": `int "42"`, "int64": "int64 .Values.port",
	"float64": `float64 "1.5"`, "toString": "toString .Values.port",
	"b32enc": `b32enc "hello"`, "b32dec": `b32dec "NBSWY3DP"`,
	"b64enc": "b64enc .Values.password", "b64dec": "b64dec .Values.encoded",
	"dateModify": `now | dateModify "-1.5h"`, "date_modify": `now | date_modify "-1.5h"`,
	"mustDateModify": `now | mustDateModify "-1.5h"`, "must_date_modify": `now | must_date_modify "-1.5h"`,
	"now":                  `now | date "2006-01-02"`,
	"genPrivateKey":        `genPrivateKey "rsa"`,
	"genSignedCertWithKey": `genSignedCertWithKey "foo.com" (list "10.0.0.1") (list "foo.com") 365 $ca (genPrivateKey "rsa")`,
	"hello":                "hello",
	"isAbs":                `isAbs "/etc/config"`, "osIsAbs": `osIsAbs "/etc/config"`,
	"quote": "quote .Values.name", "squote": "squote .Values.name",
	"sortAlpha":  "keys .Values.env | sortAlpha",
	"typeIsLike": `typeIsLike "*bytes.Buffer" $value`,
}

// describeAlias documents name with the documentation of another name of
// the same function.
func describeAlias(name string, sections []section, src source) (Entry, bool) {
	for _, target := range src.aliases[name] {
		t, ok := describe(target, sections)
		if !ok {
			continue
		}
		return Entry{
			Summary:    fmt.Sprintf("Another name for `%s`. %s", target, t.Summary),
			Doc:        t.Doc,
			Example:    strings.Replace(t.Example, target, name, 1),
			AliasOf:    target,
			Deprecated: src.deprecated[name],
			Page:       t.Page,
		}, true
	}
	return Entry{}, false
}

// describeMust documents an undocumented mustX with X's documentation:
// sprig's must functions are their namesakes returning an error to the
// template engine where those panic, as its documentation says of each
// pair it documents.
func describeMust(name string, sections []section) (Entry, bool) {
	base, ok := strings.CutPrefix(name, "must")
	if !ok || base == "" {
		return Entry{}, false
	}
	base = strings.ToLower(base[:1]) + base[1:]
	t, ok := describe(base, sections)
	if !ok {
		return Entry{}, false
	}
	return Entry{
		Summary: fmt.Sprintf("`%s`, returning an error to the template engine where `%s` panics. %s", base, base, t.Summary),
		Doc:     t.Doc,
		Example: strings.Replace(t.Example, base, name, 1),
		Page:    t.Page,
	}, true
}

// undocumented describes the functions sprig's documentation leaves out
// and that are no other function's alias.
var undocumented = map[string]string{
	"hello": "Returns `Hello!`: sprig's own test function.",
}

// describe finds the documentation of name in the sections.
func describe(name string, sections []section) (Entry, bool) {
	for _, s := range sections {
		if slices.Contains(s.names, name) {
			return s.entry(name), true
		}
	}
	for _, s := range sections {
		if b, ok := s.bullet(name); ok {
			return b, true
		}
	}
	best, bestCalls, bestAt := -1, false, 0
	for i, s := range sections {
		calls, at := s.mention(name)
		if at < 0 || best >= 0 && (bestCalls && !calls || bestCalls == calls && at >= bestAt) {
			continue
		}
		best, bestCalls, bestAt = i, calls, at
	}
	if best >= 0 {
		return sections[best].mentionEntry(name), true
	}
	return Entry{}, false
}

// trimLines trims each line's trailing space and the text's blank lines
// around.
func trimLines(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return string(bytes.Trim([]byte(strings.Join(lines, "\n")), "\n"))
}
