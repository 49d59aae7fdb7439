package funcdoc

import "sync"

// Object documents a field or method of a chart's top-level object, by its
// chain from that object ("Release.Name", "Files.Get"); "" for what is not
// described here. .Chart's fields are Chart.yaml's, which its schema
// describes.
func Object(chain string) string { return objects()[chain] }

// objects describes the built-in objects of a chart's templates after
// Helm's documentation of them.
var objects = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"Values":       "The chart's values: its values.yaml, with what its parents and the values files given to Helm (`-f`, `--set`) set over it.",
		"Chart":        "The chart's Chart.yaml, its fields named as Go names them (`.Chart.Name`, `.Chart.AppVersion`), and `IsRoot`.",
		"Release":      "The release being installed or upgraded: its name, namespace, revision, and whether it is an install or an upgrade.",
		"Capabilities": "What the cluster supports: its Kubernetes version, its API versions, and Helm's version.",
		"Files":        "The chart's files that are not templates, by path from the chart's folder, and functions to read them (`.Files.Get`, `.Files.Glob`, ...).",
		"Template":     "The template being executed: its name and the folder of its chart's templates.",
		"Subcharts":    "The top-level objects of the chart's subcharts, by name (or alias): `.Subcharts.<name>.Values`.",

		"Values.AsMap": "The values as a plain map, as `.Values` holds them (a method of Helm's values: it hides a key named `AsMap`, which `index .Values \"AsMap\"` reads).",

		"Chart.IsRoot": "Whether the chart is the root chart rather than a subchart.",

		"Release.Name":      "The release name (`helm install NAME`).",
		"Release.Namespace": "The namespace the release is installed in.",
		"Release.IsUpgrade": "Whether the operation is an upgrade or a rollback.",
		"Release.IsInstall": "Whether the operation is an install.",
		"Release.Revision":  "The revision number: 1 on install, incremented by every upgrade and rollback.",
		"Release.Service":   "The service rendering the templates: always `Helm`.",

		"Template.Name":     "The name of the template file being executed (`mychart/templates/deployment.yaml`); in an included define, the file that includes it.",
		"Template.BasePath": "The folder of the chart's templates (`mychart/templates`).",

		"Capabilities.KubeVersion":                   "The target Kubernetes version.",
		"Capabilities.KubeVersion.Version":           "The Kubernetes version, such as `v1.33.0`.",
		"Capabilities.KubeVersion.Major":             "The Kubernetes major version.",
		"Capabilities.KubeVersion.Minor":             "The Kubernetes minor version.",
		"Capabilities.KubeVersion.GitVersion":        "The Kubernetes version (deprecated: use `Version`).",
		"Capabilities.APIVersions":                   "The API versions the cluster serves (`apps/v1`), and their kinds (`apps/v1/Deployment`).",
		"Capabilities.APIVersions.Has":               "Whether the cluster serves an API version (`batch/v1`) or a kind of it (`apps/v1/Deployment`).",
		"Capabilities.HelmVersion":                   "Helm's version.",
		"Capabilities.HelmVersion.Version":           "Helm's version, such as `v3.17.0`.",
		"Capabilities.HelmVersion.GitCommit":         "The Git commit Helm was built from.",
		"Capabilities.HelmVersion.GitTreeState":      "The state of Helm's Git tree when it was built.",
		"Capabilities.HelmVersion.GoVersion":         "The version of Go Helm was built with.",
		"Capabilities.HelmVersion.KubeClientVersion": "The version of the Kubernetes client library Helm was built with.",

		"Files.Get":       "The content of a file of the chart as a string; empty when there is no such file.",
		"Files.GetBytes":  "The content of a file of the chart as bytes.",
		"Files.Glob":      "The files whose names match a glob pattern (`config/*.yaml`, `**.json`), as a `.Files` object.",
		"Files.Lines":     "The lines of a file of the chart, to range over.",
		"Files.AsConfig":  "The files as the data of a ConfigMap: a YAML map of their base names to their contents.",
		"Files.AsSecrets": "The files as the data of a Secret: a YAML map of their base names to their contents in Base64.",
	}
})
