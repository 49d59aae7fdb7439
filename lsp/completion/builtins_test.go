package completion

import (
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
)

func TestBuiltinObjects(t *testing.T) {
	f := newFixture(t, "shop", "webapp")
	items := f.complete(shopTemplate, "{{ .‸ }}", Options{})
	wantLabels(t, items, "Capabilities", "Chart", "Files", "Release", "Subcharts", "Template", "Values")
	check(t, items, "Release", "built-in object", "Release", "", "The release being installed")

	items = f.complete(shopTemplate, "{{ .Ch‸art.Name }}", Options{})
	check(t, items, "Chart", "built-in object", "Chart", "Chart", "")

	items = f.complete(shopTemplate, "{{ .Release.‸ }}", Options{})
	wantLabels(t, items, "IsInstall", "IsUpgrade", "Name", "Namespace", "Revision", "Service")
	check(t, items, "Revision", "int", "Revision", "", "incremented by every upgrade")

	items = f.complete(shopTemplate, "{{ .Template.‸ }}", Options{})
	wantLabels(t, items, "BasePath", "Name")
}

func TestBuiltinChart(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(shopTemplate, "{{ .Chart.‸ }}", Options{})
	wantLabels(t, items, "APIVersion", "Annotations", "AppVersion", "Condition", "Dependencies", "Deprecated",
		"Description", "Home", "Icon", "IsRoot", "Keywords", "KubeVersion", "Maintainers", "Name", "Sources", "Tags", "Type", "Version")
	check(t, items, "Name", "string = shop", "Name", "", "The name of the chart; it must match the chart's directory name.\n\n`name` in Chart.yaml.")
	check(t, items, "AppVersion", "string = 1.8.0", "AppVersion", "", "`appVersion` in Chart.yaml.")
	check(t, items, "IsRoot", "bool = true", "IsRoot", "", "Whether the chart is the root chart")
	check(t, items, "Home", "string", "Home", "", "home page")
	check(t, items, "Maintainers", "[]Maintainer", "Maintainers", "", "")

	items = f.complete(ordersTemplate, "{{ .Chart.‸ }}", Options{})
	check(t, items, "Name", "string = database", "Name", "", "")
	check(t, items, "IsRoot", "bool = false", "IsRoot", "", "")
}

func TestBuiltinCapabilities(t *testing.T) {
	f := newFixture(t, "shop")
	items := f.complete(shopTemplate, "{{ .Capabilities.‸ }}", Options{})
	wantLabels(t, items, "APIVersions", "HelmVersion", "KubeVersion")

	f.ws.SetSettings(cache.Settings{KubeVersion: "1.31"})
	items = f.complete(shopTemplate, "{{ .Capabilities.KubeVersion.‸ }}", Options{})
	wantLabels(t, items, "GitVersion", "Major", "Minor", "Version")
	check(t, items, "Version", "string = v1.31", "Version", "", "The Kubernetes version")
	check(t, items, "Minor", "string = 31", "Minor", "", "")
	check(t, items, "GitVersion", "GitVersion() string", "GitVersion", "", "deprecated")

	items = f.complete(shopTemplate, "{{ .Capabilities.APIVersions.‸ }}", Options{})
	check(t, items, "Has", "Has(apiVersion string) bool", "Has", "", "Whether the cluster serves")

	items = f.complete(shopTemplate, "{{ .Capabilities.HelmVersion.‸ }}", Options{})
	wantLabels(t, items, "GitCommit", "GitTreeState", "GoVersion", "KubeClientVersion", "Version")
	f.ws.SetSettings(cache.Settings{HelmVersion: "3"})
	items = f.complete(shopTemplate, "{{ .Capabilities.HelmVersion.‸ }}", Options{})
	wantLabels(t, items, "GitCommit", "GitTreeState", "GoVersion", "Version")
}

func TestBuiltinFiles(t *testing.T) {
	f := newFixture(t, "webapp")
	items := f.complete(webTemplate, "{{ .Files.‸ }}", Options{})
	wantLabels(t, items, "AsConfig", "AsSecrets", "Get", "GetBytes", "Glob", "Lines")
	check(t, items, "Get", "Get(name string) string", "Get", "", "The content of a file of the chart as a string")
	check(t, items, "Glob", "Glob(pattern string) Files", "Glob", "", "")

	items = f.complete(webTemplate, `{{ .Files.Get "fi‸" }}`, Options{})
	wantLabels(t, items, "files/app.properties")
	check(t, items, "files/app.properties", "31 bytes", "files/app.properties", "fi", "")
	items = f.complete(webTemplate, `{{ .Files.Lines "‸`, Options{})
	check(t, items, "files/app.properties", "31 bytes", `files/app.properties"`, "", "")
}

func TestBuiltinSubcharts(t *testing.T) {
	f := newFixture(t, "shop", "webapp")
	items := f.complete(shopTemplate, "{{ .Subcharts.‸ }}", Options{})
	wantLabels(t, items, "common", "orders")
	check(t, items, "orders", "subchart database", "orders", "", "`charts/db-folder`")

	items = f.complete(shopTemplate, "{{ .Subcharts.orders.Values.‸ }}", Options{})
	wantLabels(t, items, "enabled", "global", "storage", "user")
	items = f.complete(shopTemplate, "{{ .Subcharts.orders.Chart.‸ }}", Options{})
	check(t, items, "Name", "string = database", "Name", "", "")

	items = f.complete(webTemplate, "{{ .Subcharts.‸ }}", Options{})
	wantLabels(t, items, "redis")
	items = f.complete(webTemplate, "{{ .Subcharts.nope.‸ }}", Options{})
	wantLabels(t, items)
}
