package lsp

import (
	"fmt"
	"path"
	"reflect"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/funcdoc"
	"github.com/chartwright/chartwright/schema"
)

// The built-in objects of a chart's templates, as hover explains them:
// what each field is and, where the workspace knows it, its value.

// builtinHover is what hover says about a built-in object's field.
func builtinHover(root *cache.Root, s symbol) string {
	chain := strings.Join(s.path, ".")
	var b strings.Builder
	fmt.Fprintf(&b, "**`.%s`**", chain)
	if v := builtinValue(root, s); v != "" {
		fmt.Fprintf(&b, " = `%s`", v)
	}
	doc := funcdoc.Object(chain)
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
