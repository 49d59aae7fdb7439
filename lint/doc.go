// Package lint checks Helm charts: every check of helm lint, with Helm's
// messages and severities, and the mistakes Helm cannot see. One linter
// serves the command line and the language server.
//
// [Run] lints one chart: it loads it once, renders it once per values set
// ([ValuesSet]), hands each [Rule] a [Pass] per values set, applies the
// configuration ([Config]) and inline suppressions, and returns the
// deduplicated [Finding] list in a [Result]. The rules of a pass run
// concurrently, beside the render: they share work through [Pass.Memo] and
// [Pass.ChartMemo] and wait for the render through [Pass.Render]. Rules live
// in package rules (the list is rules.All()); output formats in package
// report.
//
// The package does no output and keeps no global state. It reads the file
// system only to load the chart named by its caller; rules never do I/O.
package lint
