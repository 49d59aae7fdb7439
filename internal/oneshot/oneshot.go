// Package oneshot sets up the Go runtime for chartwright's commands, which
// mostly run once and exit, as early as a Go program can: in an init
// function of a package that needs only the runtime, which Go runs before
// the packages that sort after it in import path order initialize.
// The long-running lsp and serve commands set the collector back.
package oneshot

import "runtime/debug"

func init() {
	// A command runs once and exits: garbage is collected only past a
	// generous heap size, which trades memory for a fifth less CPU on big
	// charts.
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(1 << 30)
}
