package lsp

import (
	"context"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render/funcdoc"
)

// hoverFiles are files added to the testdata charts for the hover tests:
// an extra values file of the settings, a ci values file, a template
// reading files, the target Kubernetes version and a variable.
var hoverFiles = map[string]string{
	"shop/prod.yaml":            "replicaCount: 1e6\norders:\n  storage: 20Gi\n",
	"shop/ci/small.yaml":        "orders:\n  storage: 1Ti # chartwright:ignore values-unused\n",
	"shop/files/a.txt":          "line one\nline two\n",
	"shop/.chartwright.yaml":    "rules:\n  values-unused: off\n",
	"shop/templates/files.yaml": "a: {{ .Files.Get \"files/a.txt\" }}\nk: {{ .Capabilities.KubeVersion.Version }}\n{{- $x := .Values.greeting }}\nx: {{ $x }}\nt: {{ .Template.Name }}\n",
	"shop/crds/widgets.yaml": "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n" +
		"spec:\n  group: example.com\n  names:\n    kind: Widget\n    plural: widgets\n  scope: Namespaced\n  versions:\n  - name: v1\n" +
		"    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n" +
		"          spec:\n            type: object\n            properties:\n              size:\n                type: integer\n" +
		"                description: How many.\n                minimum: 1\n                maximum: 9\n",
	"shop/templates/widget.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3\n",
}

func hoverWorkspace(t testing.TB) (*cache.Snapshot, string) {
	_, snap, folder := navWorkspace(t, cache.Settings{ValuesFiles: map[string][]string{"shop": {"prod.yaml"}}, KubeVersion: "1.33"},
		hoverFiles, "shop", "webapp")
	return snap, folder
}

// TestHover checks what hover says on every kind of symbol, with the span
// it applies to.
func TestHover(t *testing.T) {
	snap, folder := hoverWorkspace(t)
	ruleDoc := func(id string) string {
		r, _ := rules.Lookup(lint.RuleID(id))
		return strings.TrimSpace(r.Doc())
	}
	tests := []struct {
		file, context string
		span, want    string
	}{
		{"shop/templates/deployment.yaml", ".Values.replicaCo", "replicaCount", "**`.Values.replicaCount`**\n\nNumber of shop pods.\n\n" +
			"- `values.yaml`: `2`\n- `prod.yaml`: `1e6`\n\nRenders: `1e6`"},
		{"shop/templates/deployment.yaml", "{{ .stor", "storage", "**`.Values.orders.storage`**\n\nSize of the database volume.\n\n" +
			"- `values.yaml`: `5Gi`\n- `charts/db-folder/values.yaml`: `1Gi`\n- `prod.yaml`: `20Gi`\n- `ci/small.yaml`: `1Ti`\n\nRenders: `20Gi`"},
		{"shop/templates/deployment.yaml", ".Values.ima", "image", "**`.Values.image`**\n\n" +
			"- `values.yaml`: \n```yaml\nrepository: ghcr.io/example/shop\n# Image tag; defaults to the chart's appVersion.\ntag: \"\"\n```\n\n" +
			"Renders: \n```yaml\nrepository: ghcr.io/example/shop\ntag: \"\"\n```"},
		{"shop/templates/deployment.yaml", "{{ .nam", "name", "**`.Values.env[].name`**\n\n- `values.yaml`: `LOG_LEVEL`\n- `values.yaml`: `CURRENCY`"},
		{"shop/templates/deployment.yaml", ".Chart.AppVer", "AppVersion", "**`.Chart.AppVersion`** = `1.8.0`\n\n" +
			"Chart.yaml's `appVersion`: The version of the app the chart contains; need not be SemVer. Quote it so YAML keeps it a string."},
		{"shop/templates/deployment.yaml", `include "shop.full`, `"shop.fullname"`, "**`shop.fullname`**, defined in `templates/_helpers.tpl`\n\n" +
			"The release-qualified name of the shop, at most 63 characters.\n\n" +
			"```helm\n{{- printf \"%s-%s\" .Release.Name .Chart.Name | trunc 63 | trimSuffix \"-\" -}}\n```"},
		{"shop/templates/deployment.yaml", "containerPo", "containerPort", "**`containerPort`**: `integer`, required\n\n" +
			"Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.\n\napps/v1 Deployment"},
		{"shop/templates/_helpers.tpl", `define "shop.lab`, `"shop.labels"`, "**`shop.labels`**, defined in `templates/_helpers.tpl`\n\n" +
			"Labels shared by every object of the shop.\n\n```helm\n{{ include \"common.labels\" . }}\nregion: {{ .Values.global.region }}\n```"},
		// A define of a library chart packed as a .tgz.
		{"shop/templates/_helpers.tpl", `include "common.lab`, `"common.labels"`, "**`common.labels`**, defined in `charts/common-1.0.0.tgz/templates/_labels.tpl`\n\n" +
			"Standard labels of an object: name, instance and managed-by.\n\n```helm\napp.kubernetes.io/name: {{ .Chart.Name }}\n" +
			"app.kubernetes.io/instance: {{ .Release.Name }}\napp.kubernetes.io/managed-by: {{ .Release.Service }}\n```"},
		{"shop/templates/files.yaml", `.Files.Get "files/a`, `"files/a.txt"`, "**`files/a.txt`**, 18 bytes\n\n```\nline one\nline two\n```"},
		{"shop/templates/files.yaml", ".Capabilities.KubeVersion.Vers", "Version", "**`.Capabilities.KubeVersion.Version`** = `v1.33`\n\n" +
			"The Kubernetes version, such as `v1.33.0`."},
		{"shop/templates/files.yaml", ".Template.Na", "Name", "**`.Template.Name`** = `shop/templates/files.yaml`\n\n" +
			"The name of the template file being executed (`mychart/templates/deployment.yaml`); in an included define, the file that includes it."},
		{"shop/templates/files.yaml", "{{ $x", "$x", "**`$x`**, declared on line 3:\n\n```helm\n{{- $x := .Values.greeting }}\n```"},
		// A key of values files: the same, and who reads it.
		{"shop/values.yaml", "  stor", "storage", "**`.Values.orders.storage`**\n\nSize of the database volume.\n\n" +
			"- `values.yaml`: `5Gi`\n- `charts/db-folder/values.yaml`: `1Gi`\n- `prod.yaml`: `20Gi`\n- `ci/small.yaml`: `1Ti`\n\n" +
			"Renders: `20Gi`\n\nRead by 2 templates."},
		{"shop/charts/db-folder/values.yaml", "\nus", "user", "**`.Values.user`** of database, `orders.user` in the root's values\n\nDatabase user.\n\n" +
			"- `charts/db-folder/values.yaml`: `admin`\n\nRenders: `admin`\n\nRead by 1 template."},
		{"shop/values.yaml", "gree", "greeting", "**`.Values.greeting`**\n\nGreeting shown on the home page — «bienvenue» in every language.\n\n" +
			"- `values.yaml`: `\"Grüß Gott 👋\"`\n\nRenders: `\"Grüß Gott 👋\"`\n\nRead by 2 templates."},
		{"shop/Chart.yaml", "appVers", "appVersion", "**`appVersion`**: `string`\n\n" +
			"The version of the app the chart contains; need not be SemVer. Quote it so YAML keeps it a string."},
		{"shop/ci/small.yaml", "ignore values-un", "values-unused", ruleDoc("values-unused")},
		{"shop/.chartwright.yaml", "values-unu", "values-unused", ruleDoc("values-unused")},
		{"shop/.chartwright.yaml", "rul", "rules", "**`rules`**\n\nRules set `off` or to a severity (`info`, `warning`, `error`), by rule ID."},
		// Numbers as written, and values.schema.json.
		{"webapp/templates/configmap.yaml", ".Values.config.maxCon", "maxConnections",
			"**`.Values.config.maxConnections`**\n\n- `values.yaml`: `1000000`\n\nRenders: `1000000`"},
		{"webapp/templates/deployment.yaml", ".Values.image.pullPo", "pullPolicy", "**`.Values.image.pullPolicy`**\n\n" +
			"- `values.yaml`: `IfNotPresent`\n\nRenders: `IfNotPresent`\n\n`values.schema.json`: `any`, one of \"Always\", \"IfNotPresent\", \"Never\""},
		{"webapp/charts/cache/templates/statefulset.yaml", ".Values.global.te", "team", "**`.Values.global.team`**\n\n" +
			"Label added to every object of the release and its subcharts.\n\n" +
			"- `values.yaml`: `platform`\n- `charts/cache/values.yaml`: `cache-team`\n\nRenders: `platform`"},
		// Functions, from the catalogue.
		{"shop/templates/deployment.yaml", "| quo", "quote", "```go\nquote(str ...any) string\n```\n\n" +
			"These functions wrap a string in double quotes (`quote`) or single quotes\n(`squote`).\n\nExample: `quote .Values.name`\n\n(sprig)"},
		{"shop/templates/deployment.yaml", "{{ incl", "include", "```go\ninclude(name string, data any) string\n```\n\n" +
			"Executes the named template (a `define` of the chart, its subcharts or library charts, or a template file) with `data` as `.` " +
			"and returns its output as a string, which, unlike the `template` action's, can be piped: `include \"x\" . | nindent 4`.\n\n" +
			"Fails when no template has the name. A template that includes itself more than 1000 times in a row fails with " +
			"`rendering template has a nested reference name`.\n\nExample: `include \"mychart.labels\" . | nindent 4`\n\n(Helm)"},
		// A custom resource's field, from the chart's CRD, with its limits.
		{"shop/templates/widget.yaml", "  siz", "size", "**`size`**: `integer`, >= 1, <= 9\n\nHow many.\n\nexample.com/v1 Widget"},
		{"shop/templates/deployment.yaml", "  # «Ün", "", ""},
	}
	for _, tt := range tests {
		doc := navDoc(t, snap, folder, tt.file)
		h, err := hoverAt(context.Background(), snap, doc, navOffset(t, doc.File, tt.context, 0))
		if err != nil {
			t.Fatal(err)
		}
		span, got := "", ""
		if h != nil {
			span, got = spanText(h.span), h.text
		}
		if span != tt.span || got != tt.want {
			t.Errorf("%s after %q: hover on `%s`\n%s\nwant on `%s`\n%s", tt.file, tt.context, span, got, tt.span, tt.want)
		}
	}
}

// TestHoverDiagnostic checks that hover on a lint finding shows its
// rule's documentation after what sits there.
func TestHoverDiagnostic(t *testing.T) {
	snap, folder := hoverWorkspace(t)
	doc := navDoc(t, snap, folder, "shop/charts/db-folder/templates/statefulset.yaml")
	if _, err := doc.Root.Lint(context.Background(), snap.Rules(), true); err != nil {
		t.Fatal(err)
	}
	h, err := hoverAt(context.Background(), snap, doc, navOffset(t, doc.File, ".Values.paswo", 0))
	if err != nil || h == nil {
		t.Fatalf("hover %v, %v", h, err)
	}
	r, _ := rules.Lookup("values-undefined")
	want := "**`.Values.pasword`** of database, `orders.pasword` in the root's values\n\n---\n\n" + strings.TrimSpace(r.Doc())
	if h.text != want || spanText(h.span) != "pasword" {
		t.Errorf("hover on `%s`\n%s\nwant\n%s", spanText(h.span), h.text, want)
	}
}

// TestHoverValuesAsMap checks that .Values.AsMap is the method of Helm's
// Values, not a key, and that what it gives is the values.
func TestHoverValuesAsMap(t *testing.T) {
	_, snap, folder := navWorkspace(t, cache.Settings{}, map[string]string{
		"shop/templates/asmap.yaml": "{{- $v := .Values.AsMap }}\na: {{ $v.replicaCount }}\n",
	}, "shop")
	doc := navDoc(t, snap, folder, "shop/templates/asmap.yaml")
	for _, tt := range []struct{ context, span, want string }{
		{".Values.AsM", "AsMap", "**`.Values.AsMap`**\n\n" + funcdoc.Object("Values.AsMap")},
		{"$v.replicaCo", "replicaCount", "**`.Values.replicaCount`**\n\nNumber of shop pods.\n\n- `values.yaml`: `2`\n\nRenders: `2`"},
	} {
		h, err := hoverAt(context.Background(), snap, doc, navOffset(t, doc.File, tt.context, 0))
		if err != nil || h == nil {
			t.Fatalf("hover after %q: %v, %v", tt.context, h, err)
		}
		if spanText(h.span) != tt.span || h.text != tt.want {
			t.Errorf("hover after %q on `%s`\n%s\nwant on `%s`\n%s", tt.context, spanText(h.span), h.text, tt.span, tt.want)
		}
	}
}
