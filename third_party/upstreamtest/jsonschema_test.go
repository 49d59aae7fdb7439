package upstreamtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	ours "github.com/chartwright/chartwright/third_party/jsonschema"
	upstream "github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"
)

const (
	upstreamModule = "github.com/santhosh-tekuri/jsonschema/v6"
	copyDir        = "../jsonschema"
	repoRoot       = "../.."
	// schemaURL is where render/values puts a chart's values.schema.json.
	schemaURL = "file:///values.schema.json"
)

// A validator is one of the two implementations, set up as render/values
// sets up Helm's: the schema added as a resource, file and http(s)
// references failing offline, urn: references resolving to true.
type validator struct {
	unmarshal func(io.Reader) (any, error)
	compile   func(doc any) (validate func(any) error, err error)
}

var implementations = map[string]validator{
	"ours": {unmarshalBytes, func(doc any) (func(any) error, error) {
		c := ours.NewCompiler()
		c.UseLoader(ours.SchemeURLLoader{"file": offline{}, "http": offline{}, "https": offline{}, "urn": urnTrue{}})
		if err := c.AddResource(schemaURL, doc); err != nil {
			return nil, err
		}
		s, err := c.Compile(schemaURL)
		if err != nil {
			return nil, err
		}
		return s.Validate, nil
	}},
	"upstream": {upstream.UnmarshalJSON, func(doc any) (func(any) error, error) {
		c := upstream.NewCompiler()
		c.UseLoader(upstream.SchemeURLLoader{"file": offline{}, "http": offline{}, "https": offline{}, "urn": urnTrue{}})
		if err := c.AddResource(schemaURL, doc); err != nil {
			return nil, err
		}
		s, err := c.Compile(schemaURL)
		if err != nil {
			return nil, err
		}
		return s.Validate, nil
	}},
}

// unmarshalBytes reads the document as render/values reads a
// values.schema.json, with chartwright's UnmarshalJSONBytes, which must
// say what upstream's UnmarshalJSON says.
func unmarshalBytes(r io.Reader) (any, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return ours.UnmarshalJSONBytes(data)
}

type offline struct{}

func (offline) Load(url string) (any, error) { return nil, fmt.Errorf("%s: offline", url) }

type urnTrue struct{}

func (urnTrue) Load(string) (any, error) { return true, nil }

// outcome is what an implementation says about one schema and its
// instances: the error that stops the schema from compiling ("" when it
// compiles), or each instance's verdict and messages.
type outcome struct {
	compileError string
	verdicts     []string
}

func check(v validator, schemaJSON []byte, instances [][]byte) outcome {
	doc, err := v.unmarshal(bytes.NewReader(schemaJSON))
	if err != nil {
		return outcome{compileError: describe(err)}
	}
	validate, err := v.compile(doc)
	if err != nil {
		return outcome{compileError: describe(err)}
	}
	verdicts := make([]string, len(instances))
	for i, inst := range instances {
		doc, err := v.unmarshal(bytes.NewReader(inst))
		if err == nil {
			err = validate(doc)
		}
		verdicts[i] = describe(err)
	}
	return outcome{verdicts: verdicts}
}

// describe is an error's message and, for validation errors, the verbose
// tree of causes (GoString) that Helm's messages are built from. Both
// implementations list sibling causes in Go's map order, which changes from
// run to run, so the lines are sorted.
func describe(err error) string {
	if err == nil {
		return "valid"
	}
	text := err.Error()
	if g, ok := err.(fmt.GoStringer); ok {
		text += "\n" + g.GoString()
	}
	lines := strings.Split(text, "\n")
	slices.Sort(lines)
	return "invalid:\n" + strings.Join(lines, "\n")
}

// tally counts the verdicts of a comparison, so that a test shows it saw
// both valid and invalid instances.
type tally struct{ valid, invalid, compileErrors int }

func (c *tally) add(o outcome) {
	if o.compileError != "" {
		c.compileErrors++
	}
	for _, v := range o.verdicts {
		if v == "valid" {
			c.valid++
		} else {
			c.invalid++
		}
	}
}

// compare checks that both implementations say the same of a schema and
// its instances, and counts what they said.
func compare(t *testing.T, name string, schemaJSON []byte, instances [][]byte, c *tally) {
	t.Helper()
	got := check(implementations["ours"], schemaJSON, instances)
	want := check(implementations["upstream"], schemaJSON, instances)
	c.add(want)
	if got.compileError != want.compileError {
		t.Errorf("%s: compiling:\nours:     %s\nupstream: %s", name, got.compileError, want.compileError)
		return
	}
	for i := range want.verdicts {
		if got.verdicts[i] != want.verdicts[i] {
			t.Errorf("%s: instance %.200s:\nours:     %s\nupstream: %s", name, instances[i], got.verdicts[i], want.verdicts[i])
		}
	}
}

// mutants are values put in place of a document's values: each is of a
// type most schemas' properties refuse.
var mutants = []any{"chartwright", 3.5, -1, true, nil, []any{"x"}, map[string]any{"chartwright": 1}}

// maxPaths bounds the values of a document that instances mutates: the
// corpus's large values files would otherwise make tens of thousands of
// instances.
const maxPaths = 80

// instances returns a YAML document as JSON, {} and the document with each
// value down to maxDepth (keys sorted, at most maxPaths of them) replaced
// in turn by each mutant.
func instances(t *testing.T, yamlDoc []byte, maxDepth int) [][]byte {
	t.Helper()
	base, err := yaml.YAMLToJSON(yamlDoc)
	if err != nil {
		t.Fatalf("instance: %v", err)
	}
	out := [][]byte{base, []byte("{}")}
	var doc any
	if err := json.Unmarshal(base, &doc); err != nil {
		t.Fatal(err)
	}
	ps := paths(doc, nil, maxDepth)
	for _, path := range ps[:min(len(ps), maxPaths)] {
		for _, m := range mutants {
			mutated, err := json.Marshal(replace(doc, path, m))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, mutated)
		}
	}
	return out
}

// paths lists the key paths of a document's mapping values, to maxDepth.
func paths(doc any, prefix []string, maxDepth int) [][]string {
	m, ok := doc.(map[string]any)
	if !ok || len(prefix) == maxDepth {
		return nil
	}
	var out [][]string
	for _, k := range sortedKeys(m) {
		p := append(slices.Clone(prefix), k)
		out = append(out, p)
		out = append(out, paths(m[k], p, maxDepth)...)
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// replace returns doc with the value at path set to v, sharing what it
// does not change.
func replace(doc any, path []string, v any) any {
	if len(path) == 0 {
		return v
	}
	m := doc.(map[string]any)
	out := make(map[string]any, len(m))
	for k, x := range m {
		out[k] = x
	}
	out[path[0]] = replace(m[path[0]], path[1:], v)
	return out
}

// chartSchemas finds the values.schema.json files below dir, each with its
// chart's values.yaml (or none).
func chartSchemas(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	found := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "values.schema.json" {
			values, _ := os.ReadFile(filepath.Join(filepath.Dir(path), "values.yaml"))
			found[path] = values
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) == 0 {
		t.Fatalf("no values.schema.json below %s", dir)
	}
	return found
}

func compareChartSchemas(t *testing.T, dir string) tally {
	var c tally
	for path, values := range chartSchemas(t, dir) {
		schemaJSON, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		compare(t, path, schemaJSON, instances(t, values, 2), &c)
	}
	return c
}

func checkTally(t *testing.T, what string, c tally) {
	t.Logf("%s: %d valid, %d invalid instances, %d schemas that do not compile: same verdicts and messages", what, c.valid, c.invalid, c.compileErrors)
	if c.valid == 0 || c.invalid == 0 {
		t.Errorf("%s: %d valid and %d invalid instances: the comparison needs both", what, c.valid, c.invalid)
	}
}

// TestJSONSchemaSameAsUpstreamOnTestdata compares the two on the
// values.schema.json files of the repository's test charts (one does not
// compile), with their values and mutations of them.
func TestJSONSchemaSameAsUpstreamOnTestdata(t *testing.T) {
	c := compareChartSchemas(t, filepath.Join(repoRoot, "testdata"))
	checkTally(t, "testdata", c)
	if c.compileErrors == 0 {
		t.Error("no testdata schema failed to compile: the comparison of compile errors is gone")
	}
}

// TestJSONSchemaSameAsUpstreamOnCorpus does the same on the real charts of
// the corpus (skipped loudly without it, failing under CI=true).
func TestJSONSchemaSameAsUpstreamOnCorpus(t *testing.T) {
	c := compareChartSchemas(t, filepath.Join(corpus.Dir(t), "charts"))
	checkTally(t, "corpus", c)
}

// TestJSONSchemaSameAsUpstreamOnChartfileSchema compares the two on
// chartwright's Chart.yaml schema with every Chart.yaml of testdata and
// their mutations.
func TestJSONSchemaSameAsUpstreamOnChartfileSchema(t *testing.T) {
	schemaJSON, err := os.ReadFile(filepath.Join(repoRoot, "schema", "chartfile.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var insts [][]byte
	err = filepath.WalkDir(filepath.Join(repoRoot, "testdata"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "Chart.yaml" {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if _, err := yaml.YAMLToJSON(data); err == nil { // some fixtures are broken on purpose
				insts = append(insts, instances(t, data, 1)...)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var c tally
	compare(t, "chartfile.schema.json", schemaJSON, insts, &c)
	checkTally(t, "chartfile.schema.json", c)
}

// TestJSONSchemaSameAsUpstreamOnBrokenSchemas compares compile errors:
// metaschema violations in each draft, bad patterns, unresolvable
// references.
func TestJSONSchemaSameAsUpstreamOnBrokenSchemas(t *testing.T) {
	broken := []string{
		`{"type": 5}`,
		`{"$schema": "http://json-schema.org/draft-04/schema#", "minimum": "1"}`,
		`{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"required": true}}}`,
		`{"$schema": "https://json-schema.org/draft/2020-12/schema", "pattern": "("}`,
		`{"$ref": "other.json"}`,
		`{"$ref": "https://example.com/schema.json"}`,
		`{"$ref": "#/definitions/missing"}`,
		`{"type": "object"`,
	}
	var c tally
	for _, s := range broken {
		compare(t, s, []byte(s), nil, &c)
	}
	if c.compileErrors != len(broken) {
		t.Errorf("%d of %d broken schemas gave an error", c.compileErrors, len(broken))
	}
}

// patchedFiles are the files chartwright's patch changes (see
// third_party/jsonschema/UPSTREAM.md); oursOnly are the files it adds.
var (
	patchedFiles = []string{"compiler.go", "draft.go", "objcompiler.go", "position.go", "root.go", "roots.go", "util.go", "validator.go"}
	oursOnly     = []string{"UPSTREAM.md", "doc.go", "fastmeta.go", "metavalid_test.go", "kind/doc.go", "lazy_test.go", "patch_test.go", "unmarshal.go", "unmarshal_test.go"}
)

// TestJSONSchemaCopyIsReleasePlusPatch checks that third_party/jsonschema
// is the release this module requires, file for file, apart from the import
// path, the patched files and the files chartwright adds: after a move to a
// new release, this test says what to copy again.
func TestJSONSchemaCopyIsReleasePlusPatch(t *testing.T) {
	dir, version := moduleDir(t, upstreamModule)
	record, err := os.ReadFile(filepath.Join(copyDir, "UPSTREAM.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(record, []byte(upstreamModule+" "+version)) {
		t.Errorf("UPSTREAM.md does not record %s %s, the release this comparison uses", upstreamModule, version)
	}
	releaseFiles := copiedFiles(t, dir)
	for _, name := range releaseFiles {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(copyDir, name))
		if err != nil {
			t.Errorf("%s of the release is missing from the copy: %v", name, err)
			continue
		}
		got = bytes.ReplaceAll(got, []byte("github.com/chartwright/chartwright/third_party/jsonschema"), []byte(upstreamModule))
		same := bytes.Equal(got, want)
		switch patched := slices.Contains(patchedFiles, name); {
		case patched && same:
			t.Errorf("%s is listed as patched but is the release's", name)
		case !patched && !same:
			t.Errorf("%s differs from the release's beyond the import path, and is not a documented patch", name)
		}
	}
	for _, name := range copiedFiles(t, copyDir) {
		if !slices.Contains(releaseFiles, name) && !slices.Contains(oursOnly, name) {
			t.Errorf("%s is in the copy but not in the release", name)
		}
	}
}

// copiedFiles lists the files of a jsonschema tree that make the package:
// not tests (other than ours), module files, test data or repository
// housekeeping.
func copiedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		base := d.Name()
		if d.IsDir() {
			if rel != "." && (base == "testdata" || strings.HasPrefix(base, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "go.") ||
			(strings.HasSuffix(base, "_test.go") && !slices.Contains(oursOnly, rel)) {
			return nil
		}
		names = append(names, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// moduleDir returns the folder and version of a required module.
func moduleDir(t *testing.T, module string) (dir, version string) {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}} {{.Version}}", module).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", module, err)
	}
	dir, version, _ = strings.Cut(strings.TrimSpace(string(out)), " ")
	if dir == "" {
		t.Fatalf("go list -m %s: no folder (module not downloaded)", module)
	}
	return dir, version
}
