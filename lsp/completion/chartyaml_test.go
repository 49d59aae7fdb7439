package completion

import "testing"

func TestChartYAML(t *testing.T) {
	f := newFixture(t, "shop")
	chartYAML := f.read("shop/Chart.yaml")
	items := f.complete("shop/Chart.yaml", "apiVersion: ‸\n", Options{})
	wantLabels(t, items, "v1", "v2")
	check(t, items, "v2", "", "v2", "", "The chart API version")
	items = f.complete("shop/Chart.yaml", "type: lib‸\n", Options{})
	check(t, items, "application", "", "application", "lib", "")

	items = f.complete("shop/Chart.yaml", chartYAML+"‸", Options{})
	wantLabels(t, items, "annotations", "condition", "deprecated", "home", "icon", "keywords", "kubeVersion", "maintainers", "sources", "tags")
	check(t, items, "kubeVersion", "string", "kubeVersion: ", "", "A SemVer constraint")

	items = f.complete("shop/Chart.yaml", chartYAML+"  - name: x\n    ‸", Options{})
	wantLabels(t, items, "alias", "condition", "enabled", "import-values", "repository", "tags", "version")
	items = f.complete("shop/Chart.yaml", chartYAML+"maintainers:\n  - ‸", Options{})
	wantLabels(t, items, "email", "name", "url")
}

func TestChartYAMLDependencies(t *testing.T) {
	f := newFixture(t, "shop")
	chartYAML := f.read("shop/Chart.yaml")
	items := f.complete("shop/Chart.yaml", withCursor(t, chartYAML, "condition: "), Options{})
	wantLabels(t, items, "orders.enabled")
	check(t, items, "orders.enabled", "bool in values.yaml", "orders.enabled", "orders.enabled", "")

	items = f.complete("shop/Chart.yaml", withCursor(t, chartYAML, "  - name: "), Options{})
	wantLabels(t, items, "common", "database")
	check(t, items, "database", "charts/db-folder", "database", "database", "")

	items = f.complete("shop/Chart.yaml", withCursor(t, chartYAML, "    version: "), Options{})
	wantLabels(t, items, "1.2.0")
	check(t, items, "1.2.0", "the version in charts/db-folder", "1.2.0", "1.2.0", "")

	items = f.complete("shop/Chart.yaml", chartYAML+"    repository: ‸", Options{})
	wantLabels(t, items, "@", "file://", "https://", "oci://")
	items = f.complete("shop/Chart.yaml", chartYAML+"    enabled: ‸", Options{})
	wantLabels(t, items, "false", "true")
}
