package rules

import (
	"errors"

	"github.com/Masterminds/semver/v3"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render"
)

const chartKubeVersion lint.RuleID = "chart-kube-version"

func chartKubeVersionRule() *lint.Rule {
	return &lint.Rule{
		ID: chartKubeVersion, Family: lint.FamilyChart, Severity: lint.Error,
		Summary: "kubeVersion in Chart.yaml must be a version constraint the target Kubernetes version meets",
		Doc:     doc(chartKubeVersion), Check: checkChartKubeVersion,
	}
}

// checkChartKubeVersion reports, at kubeVersion in Chart.yaml, a
// constraint that makes helm template and helm install fail: one that does
// not parse, or that the target Kubernetes version does not meet. helm
// lint does not check it. Helm checks only the chart installed, not its
// subcharts.
func checkChartKubeVersion(p *lint.Pass) {
	c := p.Chart
	if p.LoadErr != nil || c == nil || c.Metadata == nil || c.Metadata.KubeVersion == "" {
		return
	}
	var unmet *render.KubeVersionError
	if err := render.CheckKubeVersion(c.Metadata.KubeVersion, p.KubeVersion, p.Helm3); !errors.As(err, &unmet) {
		return
	}
	f := c.File("Chart.yaml")
	span := fileStart(f)
	if k, ok := lookupKey(f, "kubeVersion"); ok {
		span = k.Value
	}
	if _, err := semver.NewConstraint(c.Metadata.KubeVersion); err != nil {
		p.Reportf(span, "kubeVersion %q is not a version constraint (%v); helm template and install fail: %v", c.Metadata.KubeVersion, err, unmet)
		return
	}
	p.Reportf(span, "helm template and install fail: %v", unmet)
}
