package lsp

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lsp/cache"
)

var symbolKindNames = map[symbolKind]string{
	symbolValues: "values", symbolBuiltin: "builtin", symbolTemplate: "template", symbolFunction: "function",
	symbolVariable: "variable", symbolFile: "file", symbolKubeField: "kube", symbolChartField: "chartfield",
	symbolRule: "rule", symbolSetting: "setting",
}

// describeSymbol renders a symbol as "kind `span text` details".
func describeSymbol(s symbol) string {
	out := fmt.Sprintf("%s `%s`", symbolKindNames[s.kind], spanText(s.span))
	switch s.kind {
	case symbolValues:
		var roots []string
		for _, r := range s.rootPaths {
			roots = append(roots, strings.Join(r, "."))
		}
		out += fmt.Sprintf(" %s:%s roots %s", s.chart.Name(), strings.Join(s.path, "."), strings.Join(roots, ","))
	case symbolBuiltin, symbolChartField:
		out += " " + strings.Join(s.path, ".")
	case symbolKubeField:
		out += fmt.Sprintf(" %s %s %s", s.apiVersion, s.kubeKind, strings.Join(s.path, "."))
	case symbolTemplate:
		out += " " + s.name
		if s.define != nil {
			out += " defined at " + s.define.Span.String()
		}
	case symbolVariable:
		out += " " + s.name
		if s.decl.File != nil {
			out += " declared at " + s.decl.String()
		}
	default:
		out += " " + s.name
	}
	return out
}

// TestSymbolAt checks what sits at positions of every kind of chart file
// of shop and webapp.
func TestSymbolAt(t *testing.T) {
	_, snap, folder := navWorkspace(t, cache.Settings{}, map[string]string{
		"shop/templates/broken.yaml": "a: {{ .Values.image.tag | quote }}\nb: {{ $x := .Values.greeting }}{{ $x }}\nc: {{ include \"shop.labels\" . }\n",
		"shop/templates/files.yaml":  "a: {{ .Files.Get \"files/a.txt\" }}\nb: {{ $.Files.Glob \"files/*\" }}\n{{/* chartwright:ignore values-undefined */}}\n",
		"shop/.chartwright.yaml":     "kubeVersion: \"1.33\"\nrules:\n  values-unused: off\n",
		"shop/ci/small.yaml":         "orders:\n  storage: 1Ti # chartwright:ignore values-unused\n",
	}, "shop", "webapp")
	tests := []struct {
		file, context string
		back          int
		want          string // "" for nothing
	}{
		{"shop/templates/deployment.yaml", ".Values.image.rep", 0, "values `repository` shop:image.repository roots image.repository"},
		{"shop/templates/deployment.yaml", "{{- with .Values.ord", 0, "values `orders` shop:orders roots orders"},
		{"shop/templates/deployment.yaml", "{{ .stor", 0, "values `storage` shop:orders.storage roots orders.storage"},
		{"shop/templates/deployment.yaml", "{{ .nam", 0, "values `name` shop:env.[].name roots env.[].name"},
		{"shop/templates/deployment.yaml", ".Chart.AppVer", 0, "builtin `AppVersion` Chart.AppVersion"},
		{"shop/templates/deployment.yaml", `include "shop.full`, 0, "template `\"shop.fullname\"` shop.fullname defined at templates/_helpers.tpl:2:12"},
		{"shop/templates/deployment.yaml", `{{- include "shop.labels" . | nind`, 0, "function `nindent` nindent"},
		{"shop/templates/deployment.yaml", "  # «Ün", 0, ""},
		{"shop/templates/deployment.yaml", "containerPo", 0, "kube `containerPort` apps/v1 Deployment spec.template.spec.containers.0.ports.0.containerPort"},
		{"shop/templates/service.yaml", `template "shop.f`, 0, "template `\"shop.fullname\"` shop.fullname defined at templates/_helpers.tpl:2:12"},
		{"shop/templates/_helpers.tpl", `define "shop.lab`, 0, "template `\"shop.labels\"` shop.labels defined at templates/_helpers.tpl:7:12"},
		{"shop/templates/_helpers.tpl", `include "common.lab`, 0, "template `\"common.labels\"` common.labels defined at templates/_labels.tpl:2:12"},
		{"shop/templates/_helpers.tpl", ".Values.global.reg", 0, "values `region` shop:global.region roots global.region"},
		{"shop/templates/NOTES.txt", ".Values.service.po", 0, "values `port` shop:service.port roots service.port"},
		{"shop/charts/db-folder/templates/statefulset.yaml", ".Values.us", 0, "values `user` database:user roots orders.user"},
		{"shop/charts/db-folder/templates/statefulset.yaml", ".Values.global.reg", 0, "values `region` database:global.region roots global.region"},
		// A template that does not parse is read token by token.
		{"shop/templates/broken.yaml", ".Values.image.ta", 0, "values `tag` shop:image.tag roots image.tag"},
		{"shop/templates/broken.yaml", "| quo", 0, "function `quote` quote"},
		{"shop/templates/broken.yaml", "{{ $x }", 2, "variable `$x` $x declared at templates/broken.yaml:2:7"},
		{"shop/templates/broken.yaml", `include "shop.lab`, 0, "template `\"shop.labels\"` shop.labels defined at templates/_helpers.tpl:7:12"},
		{"shop/templates/files.yaml", `.Files.Get "files/a`, 0, "file `\"files/a.txt\"` files/a.txt"},
		{"shop/templates/files.yaml", `$.Files.Glob "fil`, 0, "file `\"files/*\"` files/*"},
		{"shop/templates/files.yaml", "ignore values-undef", 0, "rule `values-undefined` values-undefined"},
		{"shop/ci/small.yaml", "ignore values-un", 0, "rule `values-unused` values-unused"},
		// Values files: the root's, a subchart's, an override, a ci file.
		{"shop/values.yaml", "  reposit", 0, "values `repository` shop:image.repository roots image.repository"},
		{"shop/values.yaml", "  stor", 0, "values `storage` shop:orders.storage roots orders.storage"},
		{"shop/values.yaml", "  - name: CURR", 0, "values `name` shop:env.1.name roots env.1.name"},
		{"shop/charts/db-folder/values.yaml", "stor", 0, "values `storage` database:storage roots orders.storage"},
		{"shop/ci/small.yaml", "  stor", 0, "values `storage` shop:orders.storage roots orders.storage"},
		{"webapp/charts/cache/values.yaml", "  te", 0, "values `team` cache:global.team roots global.team"},
		{"webapp/charts/cache/values.yaml", "maxMem", 0, "values `maxMemory` cache:maxMemory roots redis.maxMemory"},
		{"shop/Chart.yaml", "appVers", 0, "chartfield `appVersion` appVersion"},
		{"shop/Chart.yaml", "    alia", 0, "chartfield `alias` dependencies.0.alias"},
		{"shop/Chart.yaml", "condition: orders.ena", 0, "values `enabled` shop:orders.enabled roots orders.enabled"},
		{"shop/Chart.yaml", "condition: ord", 0, "values `orders` shop:orders roots orders"},
		{"shop/Chart.yaml", "    condi", 0, "chartfield `condition` dependencies.0.condition"},
		{"shop/.chartwright.yaml", "kubeVers", 0, "setting `kubeVersion` kubeVersion"},
		{"shop/.chartwright.yaml", "values-unu", 0, "rule `values-unused` values-unused"},
		{"shop/.chartwright.yaml", "values-unused: o", 0, ""},
	}
	for _, tt := range tests {
		doc := navDoc(t, snap, folder, tt.file)
		got := ""
		if s, ok := symbolAt(doc, navOffset(t, doc.File, tt.context, tt.back)); ok {
			got = describeSymbol(s)
		}
		if got != tt.want {
			t.Errorf("%s after %q\n got: %s\nwant: %s", tt.file, tt.context, got, tt.want)
		}
	}
}
