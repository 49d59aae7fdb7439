package lsp

import (
	"fmt"
	"path"
	"reflect"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/schema"
)

// The built-in objects of a chart's templates, as hover explains them:
// what each field is and, where the workspace knows it, its value.

// builtinDocs documents the fields of a chart's top-level object, by field
// chain; .Chart's fields are documented by the Chart.yaml schema.
var builtinDocs = map[string]string{
	"Values":                       "The chart's values: its values.yaml, overridden by its parent's values under its name or alias, then by `-f` files and `--set`.",
	"Chart":                        "The chart's Chart.yaml, its fields in Go's capitalization (`.Chart.AppVersion`).",
	"Release":                      "The release being installed or upgraded.",
	"Release.Name":                 "The release's name (`helm install NAME`).",
	"Release.Namespace":            "The namespace the release is installed in.",
	"Release.IsInstall":            "Whether the operation is an install.",
	"Release.IsUpgrade":            "Whether the operation is an upgrade or a rollback.",
	"Release.Revision":             "The release's revision: 1 on install, one more on each upgrade and rollback.",
	"Release.Service":              "The service rendering the templates: always `Helm`.",
	"Capabilities":                 "What the target cluster supports.",
	"Capabilities.KubeVersion":     "The target Kubernetes version.",
	"Capabilities.APIVersions":     "The API versions the cluster serves; `.Capabilities.APIVersions.Has \"apps/v1\"` tests one.",
	"Capabilities.APIVersions.Has": "Reports whether the cluster serves an API version (`batch/v1`) or resource (`batch/v1/Job`).",
	"Capabilities.HelmVersion":     "The version of Helm rendering the templates.",
	"Template":                     "The template being executed.",
	"Template.Name":                "The template file's name: `<chart>/templates/<file>`.",
	"Template.BasePath":            "The chart's templates folder: `<chart>/templates`.",
	"Files":                        "The chart's files other than templates and Chart.yaml, by path from the chart's folder.",
	"Files.Get":                    "Returns a file's content as a string; \"\" when there is no such file.",
	"Files.GetBytes":               "Returns a file's content as bytes.",
	"Files.Lines":                  "Returns a file's lines.",
	"Files.Glob":                   "Returns the files whose paths match a glob pattern (`files/*.conf`, `**.json`).",
	"Files.AsConfig":               "Renders files as a ConfigMap's data: base name to content.",
	"Files.AsSecrets":              "Renders files as a Secret's data: base name to base64 content.",
	"Subcharts":                    "The chart's subcharts, by name or alias, each with its own `.Values`, `.Chart`, ...",
}

// builtinHover is what hover says about a built-in object's field.
func builtinHover(root *cache.Root, s symbol) string {
	chain := strings.Join(s.path, ".")
	var b strings.Builder
	fmt.Fprintf(&b, "**`.%s`**", chain)
	if v := builtinValue(root, s); v != "" {
		fmt.Fprintf(&b, " = `%s`", v)
	}
	doc := builtinDocs[chain]
	if s.path[0] == "Chart" && len(s.path) == 2 {
		doc = chartFieldDoc(s.path[1])
	}
	if doc != "" {
		b.WriteString("\n\n" + doc)
	}
	return b.String()
}

// builtinValue is the value of a built-in field the workspace knows: a
// .Chart field, the target Kubernetes version, the executed template's
// name; "" for others.
func builtinValue(root *cache.Root, s symbol) string {
	chain := strings.Join(s.path, ".")
	switch {
	case s.path[0] == "Chart" && len(s.path) == 2 && s.chart != nil && s.chart.Metadata != nil:
		return chartFieldValue(s.chart.Metadata, s.path[1])
	case strings.HasPrefix(chain, "Capabilities.KubeVersion"):
		return kubeVersionField(root.Config.KubeVersion, chain)
	case chain == "Release.Service":
		return "Helm"
	case chain == "Template.BasePath" && s.chart != nil:
		return path.Join(s.chart.FullPath(), "templates")
	case chain == "Template.Name" && s.chart != nil && s.span.File != nil:
		return path.Join(s.chart.FullPath(), s.span.File.Name)
	}
	return ""
}

// kubeVersionField is a field of .Capabilities.KubeVersion for the target
// version of the settings (Helm's default without one).
func kubeVersionField(target, chain string) string {
	if target == "" {
		target = render.DefaultKubeVersion
	}
	kv, err := render.ParseKubeVersion(target)
	if err != nil {
		return ""
	}
	switch strings.TrimPrefix(chain, "Capabilities.KubeVersion") {
	case "":
		return kv.String()
	case ".Version", ".GitVersion":
		return kv.Version
	case ".Major":
		return kv.Major
	case ".Minor":
		return kv.Minor
	}
	return ""
}

// chartFieldValue is the value of a .Chart field that is a string, a
// boolean or a list of strings, as a template prints it; "" for others
// and empty ones.
func chartFieldValue(md *chart.Metadata, field string) string {
	f := reflect.ValueOf(md).Elem().FieldByName(field)
	if !f.IsValid() || f.IsZero() {
		return ""
	}
	switch v := f.Interface().(type) {
	case string, bool, []string:
		return fmt.Sprint(v)
	}
	return ""
}

// chartFieldDoc is the Chart.yaml schema's description of a .Chart field.
func chartFieldDoc(field string) string {
	key := chartFieldKey(field)
	n, ok := schema.ChartfileLookup([]string{key})
	if !ok {
		return ""
	}
	return fmt.Sprintf("Chart.yaml's `%s`: %s", key, n.Description)
}

// chartFieldKey is the Chart.yaml key of a .Chart field ("appVersion" for
// AppVersion), "" for an unknown field.
func chartFieldKey(field string) string {
	sf, ok := reflect.TypeFor[chart.Metadata]().FieldByName(field)
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	return key
}
