package render

import (
	"context"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/corpus"
)

// BenchmarkEngineRender measures Engine.Render alone (parsing and executing
// the templates) on the largest corpus charts, their values coalesced once.
func BenchmarkEngineRender(b *testing.B) {
	dir := corpus.Dir(b)
	for _, name := range []string{"argoproj__argo-cd", "prometheus-community__kube-prometheus-stack", "bitnami__airflow"} {
		path := corpus.ChartPath(b, dir, name)
		b.Run(name, func(b *testing.B) {
			c, err := chart.Load(path, chart.Options{})
			if err != nil {
				b.Fatal(err)
			}
			opts := Options{ReleaseName: "rel", Namespace: "default"}.withDefaults()
			rel, err := Template(context.Background(), c, opts)
			if err != nil {
				b.Fatal(err)
			}
			kv, err := kubeVersion(opts.KubeVersion)
			if err != nil {
				b.Fatal(err)
			}
			top := topObject(opts, kv, rel.Values)
			b.ReportAllocs()
			for b.Loop() {
				if err := (Engine{}).Render(context.Background(), rel.Chart, top).Err(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
