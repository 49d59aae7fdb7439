package rules

import (
	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
)

// chartYAMLOf is the chart's Chart.yaml f decoded (chart.DecodeChartYAML),
// once for all the passes of the chart (the values sets do not change it).
// It is shared: read only.
func chartYAMLOf(p *lint.Pass, f *source.File) *chart.ChartYAML {
	return p.ChartMemo("chart-yaml", func() any {
		c := chart.DecodeChartYAML(f.Data)
		return &c
	}).(*chart.ChartYAML)
}
