// Package lsp is chartwright's language server: every chart of the
// workspace understood as Helm understands it, while the author types.
//
// [Server] speaks LSP over a stream ([Server.Serve]): go.lsp.dev/jsonrpc2
// carries the messages through [stream], which answers a malformed message
// with an error and goes on, and go.lsp.dev/protocol gives the types. The
// handlers are thin: each takes the snapshot current when its request
// arrived (package lsp/cache), converts positions once (position.go),
// calls a feature function and converts the result. Features live one per
// file — hover.go, definition.go, references.go, rename.go, symbols.go,
// semtok.go, folding.go, inlay.go, signature.go, codeaction.go,
// command.go — with completion in its own package, lsp/completion; what
// sits at a position in a template or values file is read in one place,
// cursor.go. Diagnostics (diagnostics.go) are lint findings published per
// file: quick rules and template syntax at once, the whole lint after a
// pause in typing, never older results over newer.
//
// Requests run concurrently, each recovering from its own panics, so that
// a hover never waits behind a render; notifications that change the
// workspace are applied in order. stdout is the protocol: the package logs
// only through the log/slog logger it is given.
package lsp
