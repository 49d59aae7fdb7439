package lint_test

import (
	"context"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// BenchmarkLintChart lints, one sub-benchmark each, the corpus charts whose
// lint is slowest against helm lint's, with every rule, in Helm 4 mode: for
// profiling one chart (-bench 'LintChart/airflow' -memprofile ...).
func BenchmarkLintChart(b *testing.B) {
	dir := corpus.Dir(b)
	all := rules.All()
	for _, name := range []string{
		"bitnami__airflow", "bitnami__wordpress", "bitnami__kafka", "bitnami__redis",
		"prometheus-community__prometheus", "prometheus-community__kube-prometheus-stack",
	} {
		p := corpus.ChartPath(b, dir, name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := lint.Run(context.Background(), p, lint.Options{Rules: all}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
