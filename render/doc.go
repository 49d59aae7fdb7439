// Package render executes chart templates exactly as Helm does, and records
// what Helm throws away: every parse and execution error with its template
// position, and a source map from each rendered line to the template line
// that produced it (through include, template and tpl).
//
// [Engine.Render] runs the templates of a chart whose dependencies and values
// are already processed; [Template] (in release.go) runs the whole flow of
// `helm template` — installability and dependency checks, values, schema
// validation, kubeVersion, rendering, manifest sorting — and [Release.Write]
// prints the result byte for byte as Helm does. Helm 4.3.1 is the default
// behaviour; [Options.Helm3] selects Helm 3.22.0.
//
// The package never reads the file system: callers pass a loaded chart.
package render
