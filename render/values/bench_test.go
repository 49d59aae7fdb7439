package values

import (
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/chart"
)

// BenchmarkKubePrometheusStack measures the values pipeline on the biggest
// corpus chart (about 6000 lines of values).
func BenchmarkKubePrometheusStack(b *testing.B) {
	c, err := chart.Load(filepath.Join("..", "..", "..", "shared", "corpus", "charts", "prometheus-community__kube-prometheus-stack"), chart.Options{})
	if err != nil {
		b.Skipf("SKIPPED: corpus chart not available: %v", err)
	}
	for b.Loop() {
		pc, _, err := ProcessDependencies(c, nil, Options{})
		if err != nil {
			b.Fatal(err)
		}
		vals, _, err := Coalesce(pc, nil, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ValidateSchemas(pc, vals, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
