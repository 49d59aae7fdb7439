package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/chartwright/chartwright/lsp"
)

// runLSP serves the language server on stdin and stdout, which carry the
// protocol and nothing else: the log goes to stderr.
func runLSP(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("lsp", "chartwright lsp [flags]",
		"Run the language server on stdin and stdout, for an editor (see docs/editors/).\n"+
			"Settings come from the editor (section \"chartwright\") and from .chartwright.yaml.", stderr)
	level := fs.String("log-level", "info", "log level on stderr: debug, info, warn or error")
	fs.Bool("stdio", true, "communicate over stdin and stdout (the only transport; accepted for editors that pass it)")
	if _, err := fs.parse(args, stdout); err != nil {
		return exitCode(err)
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(strings.ToUpper(*level))); err != nil {
		fmt.Fprintf(stderr, "Error: --log-level: %v\n", err)
		return 2
	}
	// A server runs for long: collect garbage as Go does by default.
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl}))
	server := lsp.New(lsp.Options{Logger: logger, Version: currentVersion()})
	if err := server.Serve(ctx, os.Stdin, stdout); err != nil {
		logger.Error("lsp", "error", err)
		return 1
	}
	return 0
}
