package toyaml

import (
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/internal/yamlmap"
	"github.com/chartwright/chartwright/render/internal/chartutil"
	"github.com/chartwright/chartwright/render/internal/common"
	"sigs.k8s.io/yaml"
)

// helmToYAML is toYaml as Helm computes it.
func helmToYAML(v any) string {
	b, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(b), "\n")
}

// checkToYAML compares Encode with Helm's on v and on every list and map
// inside it, and checks that v is left as it was.
func checkToYAML(t *testing.T, where string, v any) {
	t.Helper()
	before := helmToYAML(v)
	if got := Encode(v); got != before {
		t.Errorf("%s: Encode(%#v)\n got: %q\nwant: %q", where, v, got, before)
	}
	if after := helmToYAML(v); after != before {
		t.Errorf("%s: Encode changed its argument", where)
	}
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			checkToYAML(t, where+"."+k, e)
		}
	case []any:
		for _, e := range v {
			checkToYAML(t, where+"[]", e)
		}
	}
}

func TestToYAMLEdgeValues(t *testing.T) {
	values := []any{
		nil, true, 0, int64(-7), "", "plain", "multi\nline\n", "tab\tand\rcr", "<&>", "\u2028\u2029",
		"\x00\x01\x1f", "del\x7f", "nel\u0085", "bom\uFEFF", "bad\xffutf8", "snow ☃ 雪", "\uFFFE", "yes", "1e3", "~",
		0.0, math.Copysign(0, -1), 1.5, 42.0, -42.0, 1e20, 1e21, 1.5e300, 1e-7, 0.000001,
		9007199254740993.0, 1 << 62, float64(1 << 62), -float64(1<<62) - 4096, float64(1 << 63), -float64(1 << 63), 1.8446744073709552e19,
		math.NaN(), math.Inf(1), math.Inf(-1), float32(1.1), uint64(1 << 63), int32(5),
		[]any(nil), map[string]any(nil), []string(nil), []string{"a", "b\x7f"}, []string{"a"},
		[]any{}, map[string]any{}, common.Values{"a": 1.0}, common.Values(nil), chartutil.Values{"b": 2.0}, chartutil.Values(nil),
		[]any{1.0, "x", []any{2.5, nil, map[string]any{"n": 3.0}}},
		map[string]any{"z": 1.0, "a": []any{}, "m": map[string]any{"k": nil, "bad\xff": 1.0}},
		map[string]any{"n": map[string]any(nil), "l": []any(nil), "s": []string(nil), "v": common.Values{"x": 2.0}},
		map[string]any{"1": "one", "true": true, "y": "yes", "t": struct{ A int }{1}},
		map[string]string{"a": "b"}, []int{1, 2},
		keysOf(strings.Repeat("k", 170), strings.Repeat("<", 170)), keysOf(strings.Repeat("k", 171)),
		keysOf(strings.Repeat("k", 1022)), keysOf(strings.Repeat("k", 1023)), keysOf(strings.Repeat("<", 171)),
	}
	for i, v := range values {
		checkToYAML(t, "value "+string(rune('a'+i%26)), v)
	}
}

// TestToYAMLOnValuesFiles compares Encode with Helm's on every subtree of
// every values file of testdata and of the corpus.
func TestToYAMLOnValuesFiles(t *testing.T) {
	checkToYAMLOnValuesFiles(t, "../../../testdata")
	t.Run("corpus", func(t *testing.T) { checkToYAMLOnValuesFiles(t, filepath.Join(corpus.Dir(t), "charts")) })
}

func checkToYAMLOnValuesFiles(t *testing.T, root string) {
	files := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, "values.yaml") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if m, err := yamlmap.Unmarshal(data); err == nil {
			files++
			checkToYAML(t, p, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no values files found below %s", root)
	}
}

// FuzzToYAML compares Encode with Helm's on values read from doc as YAML,
// and emitYAML with yaml.v2 on values built from doc's bytes as choices
// (see randomValue).
func FuzzToYAML(f *testing.F) {
	f.Add([]byte("a: 1\nb: [1.5, x, {c: null}]\n"), "s", 1.0)
	f.Add([]byte("n: 1e21\nm: -0\n"), "\x7f", 1e300)
	for seed := range uint64(4) {
		c := &recordingChooser{r: rand.New(rand.NewPCG(seed, 0))}
		randomMap(c, 0)
		f.Add(c.choices, []string{"a: b", "x\ny\n", "", "1"}[seed], float64(seed)-0.5)
	}
	f.Fuzz(func(t *testing.T, doc []byte, s string, x float64) {
		m, err := yamlmap.Unmarshal(doc)
		if err != nil {
			m = nil
		}
		checkToYAML(t, "doc", map[string]any{"doc": m, "s": s, "x": x, "l": []any{s, x}})
		checkToYAML(t, "string", s)
		checkToYAML(t, "map", m)

		built := randomMap(&byteChooser{b: doc}, 0)
		checkToYAML(t, "built", built)
		checkEmitYAML(t, map[string]any{s: built, "s": s, "x": x, "l": []any{s, x, built}})
		checkEmitYAML(t, []any{s, []string{s}, map[string]any{"k": []any{s}}})
		checkEmitYAML(t, s)
	})
}

// BenchmarkToYAML compares Encode with Helm's JSON round trip on a
// values-like map.
func BenchmarkToYAML(b *testing.B) {
	v := map[string]any{
		"image":     map[string]any{"repository": "quay.io/prometheus/prometheus", "tag": "v3.1.0", "pullPolicy": "IfNotPresent"},
		"resources": map[string]any{"limits": map[string]any{"cpu": "500m", "memory": "512Mi"}, "requests": map[string]any{"cpu": 0.1}},
		"ports":     []any{map[string]any{"name": "http", "containerPort": 9090.0, "protocol": "TCP"}},
		"labels":    map[string]any{"app.kubernetes.io/name": "prometheus", "app.kubernetes.io/part-of": "kube-prometheus-stack"},
		"replicas":  2.0,
	}
	for name, fn := range map[string]func(any) string{"direct": Encode, "json-trip": helmToYAML} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				fn(v)
			}
		})
	}
}
