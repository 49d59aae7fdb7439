package render_test

import (
	"context"
	"io"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/render"
)

// BenchmarkTemplate measures load + render + write of the largest corpus
// charts, as `chartwright template` does in one process.
func BenchmarkTemplate(b *testing.B) {
	dir := corpus.Dir(b)
	for _, name := range []string{"argoproj__argo-cd", "prometheus-community__kube-prometheus-stack", "bitnami__airflow"} {
		path := corpus.ChartPath(b, dir, name)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c, err := chart.Load(path, chart.Options{})
				if err != nil {
					b.Fatal(err)
				}
				rel, err := render.Template(context.Background(), c, render.Options{ReleaseName: "rel", Namespace: "default"})
				if err != nil {
					b.Fatal(err)
				}
				if err := rel.Write(io.Discard, render.WriteOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
