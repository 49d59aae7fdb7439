package rules

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/internal/yamlmap"
	"sigs.k8s.io/yaml"
)

// chartYAMLCases are Chart.yaml texts whose strict parse must run (true)
// or may be skipped (false).
var chartYAMLCases = []struct {
	name, text string
	strict     bool
}{
	{"plain", "apiVersion: v2\nname: a\nversion: 0.1.0\nicon: https://x/y.png\n", false},
	{"float version", "apiVersion: v2\nname: a\nversion: 1.0\nappVersion: 2\n", false},
	{"no apiVersion", "name: a\nversion: 0.1.0\n", false},
	{"empty", "", false},
	{"entries", "apiVersion: v2\nname: a\nversion: 1.0.0\nmaintainers:\n- name: m\n  email: m@x.io\n  url: https://x\n- null\ndependencies:\n- name: d\n  version: 1.x\n  repository: https://r\n  import-values:\n  - child: a\n    parent: b\n  tags: [t]\nannotations:\n  anything: at all\n", false},
	{"unknown field", "apiVersion: v2\nname: a\nversion: 0.1.0\ndescriptoin: typo\n", true},
	{"field in another case", "apiVersion: v2\nName: a\nversion: 0.1.0\n", true},
	{"unknown maintainer field", "apiVersion: v2\nname: a\nversion: 0.1.0\nmaintainers:\n- name: m\n  mail: m@x.io\n", true},
	{"unknown dependency field", "apiVersion: v2\nname: a\nversion: 0.1.0\ndependencies:\n- name: d\n  repo: https://r\n", true},
	{"duplicate key", "apiVersion: v2\nname: a\nname: b\nversion: 0.1.0\n", true},
	{"duplicate annotation", "apiVersion: v2\nname: a\nversion: 0.1.0\nannotations:\n  a: x\n  a: y\n", true},
	{"duplicate after quoting", "apiVersion: v2\nname: a\nversion: 0.1.0\nannotations:\n  \"1\": x\n  1: y\n", true},
	{"merge key", "apiVersion: v2\nname: a\nversion: 0.1.0\nannotations: &a\n  x: y\nx: &b {name: c}\n<<: *b\n", true},
	{"yaml error", "apiVersion: v2\nname: [a\nversion: 0.1.0\n", true},
}

// TestStrictParseSkippedOnlyWhenItCannotFail checks that the strict parse
// of Chart.yaml is skipped only for files it accepts, and that the map the
// type checks read is sigs.k8s.io/yaml's.
func TestStrictParseSkippedOnlyWhenItCannotFail(t *testing.T) {
	for _, tc := range chartYAMLCases {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.text)
			needed := checkStrictDecision(t, data)
			if needed != tc.strict {
				t.Errorf("strictParseNeeded = %v, want %v", needed, tc.strict)
			}
		})
	}
}

// TestStrictParseSkippedOnlyWhenItCannotFailOnCorpus checks the same on
// the Chart.yaml files of the corpus, the root charts' and their subcharts'.
func TestStrictParseSkippedOnlyWhenItCannotFailOnCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "Chart.yaml" {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no Chart.yaml under %s", dir)
	}
	skipped := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !checkStrictDecision(t, data) {
			skipped++
		}
	}
	if skipped == 0 {
		t.Errorf("the strict parse ran for all %d Chart.yaml files of the corpus", len(files))
	}
}

// checkStrictDecision fails the test when the map decoding of data differs
// from sigs.k8s.io/yaml's, or when the strict parse is skipped for a file
// it rejects; it returns whether the strict parse must run.
func checkStrictDecision(t *testing.T, data []byte) bool {
	t.Helper()
	doc, unique, err := yamlmap.Decode(data)
	var want map[string]any
	wantErr := yaml.Unmarshal(data, &want)
	if !reflect.DeepEqual(doc, want) || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
		t.Fatalf("yamlmap.Decode = %v, %v; sigs.k8s.io/yaml gives %v, %v", doc, err, want, wantErr)
	}
	needed := strictParseNeeded(doc, unique, err)
	var md, strict chart.Metadata
	if yaml.Unmarshal(data, &md) == nil && !needed {
		if err := yaml.UnmarshalStrict(data, &strict); err != nil {
			t.Errorf("strict parse skipped, but it fails: %v", err)
		}
	}
	return needed
}
