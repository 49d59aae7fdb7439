// Package oneshot sets up the Go runtime for chartwright's commands, which
// mostly run once and exit, as early as a Go program can: in an init
// function of a package that needs only the runtime and os, which Go runs
// before the packages that sort after it in import path order initialize.
// The long-running lsp and serve commands set the collector back.
package oneshot

import (
	"os"
	"runtime"
	"runtime/debug"
)

// HeapProfileEnv names the environment variable that asks the language
// server for a heap profile: only then are allocations sampled.
const HeapProfileEnv = "CHARTWRIGHT_LSP_MEMPROFILE"

func init() {
	// Sampling allocations for a heap profile costs time, and page faults
	// on fresh profiling buckets, in every process; only the language
	// server's benchmark asks for one.
	if os.Getenv(HeapProfileEnv) == "" {
		runtime.MemProfileRate = 0
	}
	// A command runs once and exits: garbage is collected only past a
	// generous heap size, which trades memory for a fifth less CPU on big
	// charts.
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(1 << 30)
}
