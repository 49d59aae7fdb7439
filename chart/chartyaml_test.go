package chart_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/corpus"
	"sigs.k8s.io/yaml"
)

// chartYAMLCases are Chart.yaml texts, and whether Helm 4's strict parse
// of each must run (true) or may be skipped (false).
var chartYAMLCases = []struct {
	name, text string
	strict     bool
}{
	{"plain", "apiVersion: v2\nname: a\nversion: 0.1.0\nicon: https://x/y.png\n", false},
	{"float version", "apiVersion: v2\nname: a\nversion: 1.0\nappVersion: 2\n", true}, // numbers for strings: sigs.k8s.io/yaml decodes
	{"no apiVersion", "name: a\nversion: 0.1.0\n", false},
	{"empty", "", false},
	{"entries", "apiVersion: v2\nname: a\nversion: 1.0.0\nmaintainers:\n- name: m\n  email: m@x.io\n  url: https://x\n- null\ndependencies:\n- name: d\n  version: 1.x\n  repository: https://r\n  import-values:\n  - child: a\n    parent: b\n  tags: [t]\nannotations:\n  anything: at all\n", false},
	{"unknown field", "apiVersion: v2\nname: a\nversion: 0.1.0\ndescriptoin: typo\n", true},
	{"field in another case", "apiVersion: v2\nName: a\nversion: 0.1.0\n", true},
	{"unknown maintainer field", "apiVersion: v2\nname: a\nversion: 0.1.0\nmaintainers:\n- name: m\n  mail: m@x.io\n", true},
	{"unknown dependency field", "apiVersion: v2\nname: a\nversion: 0.1.0\ndependencies:\n- name: d\n  repo: https://r\n", true},
	{"duplicate key", "apiVersion: v2\nname: a\nname: b\nversion: 0.1.0\n", true},
	{"duplicate annotation", "apiVersion: v2\nname: a\nversion: 0.1.0\nannotations:\n  a: x\n  a: y\n", true},
	{"duplicate after quoting", "apiVersion: v2\nname: a\nversion: 0.1.0\nannotations:\n  \"1\": x\n  1: x\n", true},
	{"merge key", "apiVersion: v2\nname: a\nversion: 0.1.0\nannotations: &a\n  x: y\nx: &b {name: c}\n<<: *b\n", true},
	{"yaml error", "apiVersion: v2\nname: [a\nversion: 0.1.0\n", true},
	{"null fields", "apiVersion: v2\nname: ~\nversion: 0.1.0\nsources: [null, x]\nmaintainers: [~]\nannotations: {a: null}\n", false},
	{"deprecated", "apiVersion: v2\nname: a\nversion: 0.1.0\ndeprecated: true\n", false},
	{"number annotation", "apiVersion: v2\nname: a\nversion: 0.1.0\nannotations:\n  a: 1.50\n", true},
	{"bool appVersion", "apiVersion: v2\nname: a\nversion: 0.1.0\nappVersion: yes\n", true},
	{"big int version", "apiVersion: v2\nname: a\nversion: 12345678901234567890\n", true},
	{"number keyword", "apiVersion: v2\nname: a\nversion: 0.1.0\nkeywords: [1e3]\n", true},
	{"number dependency tag", "apiVersion: v2\nname: a\nversion: 0.1.0\ndependencies:\n- name: d\n  repository: r\n  tags: [7]\n", true},
	{"string deprecated", "apiVersion: v2\nname: a\nversion: 0.1.0\ndeprecated: \"yes\"\n", true},
	{"maintainers not a list", "apiVersion: v2\nname: a\nversion: 0.1.0\nmaintainers: someone\n", true},
	{"maintainer not a mapping", "apiVersion: v2\nname: a\nversion: 0.1.0\nmaintainers: [someone]\n", true},
	{"not a mapping", "- a\n- b\n", true},
	{"crlf", "apiVersion: v2\r\nname: a\r\nversion: 0.1.0\r\n", false},
	{"byte order mark", "\ufeffapiVersion: v2\nname: a\nversion: 0.1.0\n", false},
	{"document markers", "---\napiVersion: v2\nname: a\nversion: 0.1.0\n...\n", false},
	{"second document", "apiVersion: v2\nname: a\nversion: 0.1.0\n---\nname: b\n", false},
	{"flow mapping", "{apiVersion: v2, name: a, version: 0.1.0, keywords: [x, y]}\n", true}, // yamlmap does not vouch for flow mappings' keys
	{"alias", "apiVersion: v2\nname: &n a\nversion: 0.1.0\ndescription: *n\n", false},
	{"quoted keys and comments", "\"apiVersion\": v2 # api\n'name': a\nversion: \"0.1.0\"\n# end\n", false},
	{"block scalar", "apiVersion: v2\nname: a\nversion: 0.1.0\ndescription: |\n  two\n  lines\n", false},
	{"tab before value", "apiVersion:\tv2\nname: a\nversion: 0.1.0\n", false},
	{"tab indentation", "apiVersion: v2\nname: a\nversion: 0.1.0\nannotations:\n\tx: y\n", true},
	{"big import value", "apiVersion: v2\nname: a\nversion: 0.1.0\ndependencies:\n- name: d\n  repository: r\n  import-values: [12345678901234567890, {child: 1}]\n", false},
}

// TestChartYAMLDecodedAsHelmDoes checks that Chart.yaml's
// metadata and map are sigs.k8s.io/yaml's, errors included, and that the
// strict parse is skipped only for files it accepts.
func TestChartYAMLDecodedAsHelmDoes(t *testing.T) {
	for _, tc := range chartYAMLCases {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.text)
			needed := checkChartYAMLDecoding(t, data)
			if needed != tc.strict {
				t.Errorf("strict parse needed: %v, want %v", needed, tc.strict)
			}
		})
	}
}

// TestChartYAMLDecodedAsHelmDoesOnCorpus checks the decoding on
// the Chart.yaml files of the corpus, the root charts' and their subcharts'.
func TestChartYAMLDecodedAsHelmDoesOnCorpus(t *testing.T) {
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
		if !checkChartYAMLDecoding(t, data) {
			skipped++
		}
	}
	if skipped == 0 {
		t.Errorf("the strict parse ran for all %d Chart.yaml files of the corpus", len(files))
	}
}

// checkChartYAMLDecoding fails the test when DecodeChartYAML's metadata,
// error or map differ from sigs.k8s.io/yaml's, or when it skips the
// strict parse for a file that parse rejects; it returns whether the
// strict parse must run. Where a mapping has keys that differ only in
// quoting ("1" and 1), sigs.k8s.io/yaml keeps the value of whichever its
// map iteration meets last: the decoding must be one of its answers.
func checkChartYAMLDecoding(t *testing.T, data []byte) bool {
	t.Helper()
	got := chart.DecodeChartYAML(data)
	for _, mismatch := range []func(chart.ChartYAML, []byte) string{mapMismatch, metadataMismatch} {
		var m string
		for range 256 {
			if m = mismatch(got, data); m == "" {
				break
			}
		}
		if m != "" {
			t.Fatal(m)
		}
	}
	if got.Err == nil && got.StrictSafe {
		var strict chart.Metadata
		if err := yaml.UnmarshalStrict(data, &strict); err != nil {
			t.Errorf("strict parse skipped, but it fails: %v", err)
		}
	}
	return !got.StrictSafe
}

// mapMismatch says how got's map differs from one decoding of data by
// sigs.k8s.io/yaml; "" when it does not.
func mapMismatch(got chart.ChartYAML, data []byte) string {
	var want map[string]any
	wantErr := yaml.Unmarshal(data, &want)
	if !reflect.DeepEqual(got.Doc, want) {
		return fmt.Sprintf("map %v; sigs.k8s.io/yaml gives %v (%v)", got.Doc, want, wantErr)
	}
	return ""
}

// metadataMismatch is mapMismatch for the metadata and its error.
func metadataMismatch(got chart.ChartYAML, data []byte) string {
	var md chart.Metadata
	mdErr := yaml.Unmarshal(data, &md)
	if fmt.Sprint(got.Err) != fmt.Sprint(mdErr) || !reflect.DeepEqual(*got.Metadata, md) {
		return fmt.Sprintf("metadata %+v, %v; sigs.k8s.io/yaml gives %+v, %v", got.Metadata, got.Err, md, mdErr)
	}
	return ""
}

// FuzzDecodeChartYAML checks DecodeChartYAML against sigs.k8s.io/yaml on
// any text, seeded with the cases above.
func FuzzDecodeChartYAML(f *testing.F) {
	for _, tc := range chartYAMLCases {
		f.Add(tc.text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkChartYAMLDecoding(t, []byte(text))
	})
}
