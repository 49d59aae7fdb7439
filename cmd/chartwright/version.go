package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=..."; otherwise
// the module version recorded in the binary is used.
var version = ""

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "chartwright version", "Print the chartwright version and the Helm versions it reproduces.", stderr)
	if _, err := fs.parse(args, stdout); err != nil {
		return exitCode(err)
	}
	fmt.Fprintf(stdout, "chartwright %s (reproduces helm v4.3.1 by default, v3.22.0 with --helm 3)\n", currentVersion())
	return 0
}

func currentVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
