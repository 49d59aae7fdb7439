// Command chartwright renders, lints, packages and serves Helm charts, and
// runs as a language server for editors. Each subcommand is a function
// run(args, stdout, stderr) int; main only exits with its status.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
)

// command is one subcommand: its name, a one-line summary and its runner.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands is the one table that dispatch and help read.
func commands() map[string]command {
	return map[string]command{
		"lint":     {"lint charts: every helm lint check and the mistakes Helm cannot see", runLint},
		"template": {"render a chart's templates exactly as helm template does", runTemplate},
		"package":  {"package chart directories into archives as helm package does", runPackage},
		"verify":   {"verify a chart archive's provenance file as helm verify does", runVerify},
		"index":    {"write a repository index.yaml as helm repo index does", runIndex},
		"serve":    {"serve a folder as a chart repository, with an optional upload API", runServe},
		"lsp":      {"run the language server for editors, on stdin and stdout", runLSP},
		"version":  {"print the version", runVersion},
	}
}

func main() {
	// A command runs once and exits: garbage is collected only past a
	// generous heap size, which trades memory for a fifth less CPU on big
	// charts. The long-running serve and lsp commands set it back.
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(1 << 30)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" && len(args) == 1 {
		usage(stdout)
		return 0
	}
	if args[0] == "help" {
		args = []string{args[1], "--help"}
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "Error: unknown command %q for \"chartwright\"\n\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "chartwright understands Helm charts exactly as Helm does, and catches the mistakes Helm lets through.")
	fmt.Fprintln(w, "\nUsage:\n  chartwright <command> [arguments] [flags]\n\nCommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'chartwright <command> --help' for a command's flags.")
}
