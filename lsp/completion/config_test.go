package completion

import (
	"testing"

	"github.com/chartwright/chartwright/lint/rules"
)

func TestConfigFile(t *testing.T) {
	f := newFixtureWith(t, map[string]string{"shop/ci/prod-values.yaml": "replicaCount: 3\n", "shop/values-dev.yaml": "{}\n"}, "shop")
	items := f.complete(".chartwright.yaml", "‸", Options{})
	wantLabels(t, items, "kubeVersion", "rules", "values")
	check(t, items, "rules", "map", "rules:", "", "Rules turned off")

	items = f.complete("shop/.chartwright.yaml", "rules:\n  values-unused: off\n  values-‸", Options{})
	if len(items) != len(rules.All())-1 {
		t.Errorf("%d rules proposed, want all but the one set", len(items))
	}
	check(t, items, "values-undefined", "default warning", "values-undefined: ", "values-", "")

	items = f.complete(".chartwright.yaml", "rules:\n  values-unused: ‸", Options{})
	wantLabels(t, items, "error", "info", "off", "warning")
	check(t, items, "warning", "default", "warning", "", "Findings are warnings")
	check(t, items, "info", "", "info", "", "Findings are information")

	items = f.complete(".chartwright.yaml", "kubeVersion: 1.3‸", Options{})
	check(t, items, "1.33", "", `"1.33"`, "1.3", "")

	items = f.complete(".chartwright.yaml", "values:\n  - sh‸", Options{})
	wantLabels(t, items, "shop/ci/prod-values.yaml", "shop/values-dev.yaml")
	check(t, items, "shop/values-dev.yaml", "values file", "shop/values-dev.yaml", "sh", "")
	items = f.complete("shop/.chartwright.yaml", "values:\n  - ‸", Options{})
	wantLabels(t, items, "ci/prod-values.yaml", "values-dev.yaml")
}
