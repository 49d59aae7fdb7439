package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/chartwright/chartwright/lsp"
	"github.com/spf13/cobra"
)

func newLSPCmd() *cobra.Command {
	var level string
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "run the language server for editors, on stdin and stdout",
		Long: "Run the language server on stdin and stdout, for an editor (see docs/editors/).\n" +
			"Settings come from the editor (section \"chartwright\") and from .chartwright.yaml.",
		Args: cobra.NoArgs,
		RunE: runFunc(func(_ []string, stdout, stderr io.Writer) int { return runLSP(level, stdout, stderr) }),
	}
	cmd.Flags().StringVar(&level, "log-level", "info", "log level on stderr: debug, info, warn or error")
	cmd.Flags().Bool("stdio", true, "communicate over stdin and stdout (the only transport; accepted for editors that pass it)")
	return cmd
}

// runLSP serves the language server on stdin and stdout, which carry the
// protocol and nothing else: the log goes to stderr.
func runLSP(level string, stdout, stderr io.Writer) int {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		fmt.Fprintf(stderr, "Error: --log-level: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// A server runs for long: collect garbage as Go does by default, but
	// keep the heap near what is live once it grows.
	debug.SetGCPercent(100)
	go governMemory(ctx)
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl}))
	defer profile(logger)()
	server := lsp.New(lsp.Options{Logger: logger, Version: currentVersion()})
	if err := server.Serve(ctx, os.Stdin, stdout); err != nil {
		logger.Error("lsp", "error", err)
		return 1
	}
	return 0
}

// profile writes a CPU profile of the session to the file
// CHARTWRIGHT_LSP_CPUPROFILE names, when set: for scripts/lspbench's
// -profile. The returned function ends it. There is no heap profile: a
// binary that can write one samples allocations from its first, which cost
// every one-shot command about a dozen page faults; when nothing can read
// the samples, the linker switches sampling off. Heap profiles of the
// server's work come from its benchmarks (go test -memprofile ./lsp/...).
func profile(logger *slog.Logger) (stop func()) {
	path := os.Getenv("CHARTWRIGHT_LSP_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		logger.Warn("cpu profile", "error", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// memoryFloor is the memory the server may take before it collects garbage
// more often than Go's default: a workspace of one big chart
// (kube-prometheus-stack) keeps 25 MB live, the whole corpus of 25 charts
// 60 to 80 MB. Measured with scripts/lspbench on the corpus as one
// workspace: 128 MiB gave a peak RSS of 148 MB, 100 MiB one of 125 MB for
// a third more CPU while indexing (0.9 s to 1.3 s), a cost paid once.
const memoryFloor = 100 << 20

// governMemory keeps the server's memory within the larger of memoryFloor
// and one and a half times the live heap, measured every half second, until
// ctx ends. Go's default lets the heap reach twice the live heap: with a
// workspace of many charts, tens of MB more than needed for as long as the
// editor runs. Below the floor garbage is collected as by default; above
// it as with GOGC=50, and the limit follows the live heap up, so that a
// bigger workspace never makes the collector run without pause.
func governMemory(ctx context.Context) {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		metrics.Read(live)
		debug.SetMemoryLimit(max(memoryFloor, int64(live[0].Value.Uint64())*3/2))
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
