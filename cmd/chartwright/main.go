// Command chartwright renders, lints, packages and serves Helm charts, and
// runs as a language server for editors. Its command line is Helm's kind
// (spf13/cobra and pflag): each subcommand is a cobra.Command whose run
// returns an exit status; run executes a command line and main only exits
// with its status.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	_ "github.com/chartwright/chartwright/internal/oneshot" // see main
	"github.com/spf13/cobra"
)

// The runtime's settings for commands that run once (no garbage collection
// below 1 GiB) are made by package oneshot, before the other packages
// initialize. Allocations are not sampled for heap profiles: nothing in the
// binary can write one, so the linker switches sampling off (see profile).
func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args (without the program name) and returns
// the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return execute(context.Background(), newRootCmd(), args, stdout, stderr)
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "chartwright",
		Short: "understand Helm charts exactly as Helm does",
		Long: "chartwright understands Helm charts exactly as Helm does, and catches the mistakes Helm lets through.\n\n" +
			"Exit status: 0 on success, 1 when the command fails (as Helm's would, or lint findings at or above\n" +
			"--fail-on), 2 on a usage error.",
	}
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newLintCmd(), newTemplateCmd(), newPackageCmd(), newVerifyCmd(), newIndexCmd(),
		newServeCmd(nil), newLSPCmd(), newVersionCmd())
	return root
}

// exitStatus is the error a command's run returns for a non-zero exit
// status; the command has printed its messages already.
type exitStatus int

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// exit turns a command's exit status into the error cobra passes on.
func exit(status int) error {
	if status == 0 {
		return nil
	}
	return exitStatus(status)
}

// execute runs cmd with args and returns the exit status: the one the
// command's run gave, or 2 for an error cobra found before running it (an
// unknown command or flag, a bad flag value), which is printed here.
func execute(ctx context.Context, cmd *cobra.Command, args []string, stdout, stderr io.Writer) int {
	cmd.SetArgs(args)
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true // errors are printed here, once
	failed, err := cmd.ExecuteContextC(ctx)
	var status exitStatus
	switch {
	case err == nil:
		return 0
	case errors.As(err, &status):
		return int(status)
	}
	fmt.Fprintf(stderr, "Error: %v\n\nRun '%s --help' for usage.\n", err, failed.CommandPath())
	return 2
}

// runFunc adapts a command's run, which prints its own messages and returns
// an exit status, to cobra.
func runFunc(run func(args []string, stdout, stderr io.Writer) int) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		return exit(run(args, cmd.OutOrStdout(), cmd.ErrOrStderr()))
	}
}
