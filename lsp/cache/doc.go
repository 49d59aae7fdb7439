// Package cache is the language server's view of the workspace: the files
// the editor holds open laid over the disk, the charts found in the
// workspace folders, and everything computed about them.
//
// A [Workspace] is the mutable part: open buffers, folders and settings.
// Each change gives a new immutable [Snapshot] (gopls's model): a
// consistent view of every file, whose derived results — a chart tree
// loaded, its templates' cross-reference index, its values, its lint
// findings — are computed lazily, once, on [Root]s. A snapshot made by an
// edit shares with the one before everything the edit did not touch: the
// roots of other charts, the values of a chart whose template was edited,
// and, through one parse cache per Helm mode, the parse trees of every
// unchanged template. A newer snapshot never waits for work on an older
// one; callers cancel that work through its context.
//
// Paths are absolute and use the operating system's separators; chart
// files are known inside a tree by their [source.File] Path, relative to
// the root chart's folder. The package knows nothing of the protocol.
package cache
