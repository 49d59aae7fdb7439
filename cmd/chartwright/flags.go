package main

import (
	"flag"
	"fmt"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/values"
	"io"
	"strconv"
	"strings"
)

// stringList is a repeatable flag; with split, each value is also split on commas.
type stringList struct {
	values *[]string
	split  bool
}

func (s stringList) String() string {
	if s.values == nil {
		return ""
	}
	return strings.Join(*s.values, ",")
}

func (s stringList) Set(v string) error {
	if s.split {
		*s.values = append(*s.values, strings.Split(v, ",")...)
	} else {
		*s.values = append(*s.values, v)
	}
	return nil
}

// flagSet is a flag.FlagSet that accepts flags before, between and after
// arguments, as Helm's command line does, and prints a consistent help.
type flagSet struct {
	*flag.FlagSet
	usageLine   string
	description string
}

func newFlagSet(name, usageLine, description string, stderr io.Writer) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), usageLine: usageLine, description: description}
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\n\nUsage:\n  %s\n\nFlags:\n", fs.description, fs.usageLine)
		fs.PrintDefaults()
	}
	return fs
}

// alias registers a second (usually one-letter) name for a flag.
func (fs *flagSet) alias(short, long string) {
	f := fs.Lookup(long)
	fs.Var(f.Value, short, "shorthand for --"+long)
}

// list registers a repeatable string flag.
func (fs *flagSet) list(p *[]string, name string, split bool, usage string) {
	fs.Var(stringList{values: p, split: split}, name, usage)
}

// helmVersion is the --helm flag: the Helm major version to reproduce.
type helmVersion struct{ v *int }

func (h helmVersion) String() string {
	if h.v == nil {
		return "4"
	}
	return strconv.Itoa(*h.v)
}

func (h helmVersion) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n != 3 && n != 4 {
		return fmt.Errorf("--helm must be 3 or 4, not %s", s)
	}
	*h.v = n
	return nil
}

// helmFlag registers --helm (default 4), accepting only 3 and 4.
func (fs *flagSet) helmFlag(p *int, what string) {
	*p = 4
	fs.Var(helmVersion{p}, "helm", "Helm version whose "+what+" to reproduce: 4 (v4.3.1) or 3 (v3.22.0)")
}

// valuesFlags registers Helm's values flags: -f/--values and the --set family.
func (fs *flagSet) valuesFlags(v *values.Flags) {
	fs.list(&v.ValueFiles, "values", true, "values file to merge (repeatable)")
	fs.alias("f", "values")
	fs.list(&v.Set, "set", false, "set values on the command line: key1=val1,key2=val2 (repeatable)")
	fs.list(&v.SetString, "set-string", false, "set STRING values on the command line (repeatable)")
	fs.list(&v.SetFile, "set-file", false, "set values from files: key=path (repeatable)")
	fs.list(&v.SetJSON, "set-json", false, "set JSON values on the command line (repeatable)")
	fs.list(&v.SetLiteral, "set-literal", false, "set a literal STRING value (repeatable)")
}

// parse parses flags interspersed with arguments and returns the arguments.
// A --help request returns flag.ErrHelp after printing the help to out.
func (fs *flagSet) parse(args []string, out io.Writer) ([]string, error) {
	var positional []string
	errOut := fs.Output()
	fs.SetOutput(io.Discard) // errors are printed once, below
	defer fs.SetOutput(errOut)
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				fs.SetOutput(out)
				fs.Usage()
			} else {
				fmt.Fprintf(errOut, "Error: %v\n", err)
			}
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// maxOutputFlag is --max-output, the bound of a render's output in MiB.
func (fs *flagSet) maxOutputFlag(p *int64) {
	fs.Int64Var(p, "max-output", render.MaxOutput>>20, "stop a render whose output exceeds this many MiB")
}
