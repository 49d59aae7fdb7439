// Package repo publishes charts: it packages a chart folder as helm package
// does, dependencies and signature included ([Package]), keeps a
// directory's index.yaml up to date under a file lock ([UpdateIndex]),
// serves the directory as a Helm chart repository with an optional ChartMuseum-compatible upload API
// ([Server]), and fetches a chart's dependencies from file:// and http(s)
// repositories ([UpdateDependencies]).
//
// Formats (archives, index.yaml, .prov) belong to package chart; this
// package only moves them around. It never imports render, schema, lint or
// lsp, prints nothing, and logs only through the [log/slog.Logger] its
// caller passes.
package repo
