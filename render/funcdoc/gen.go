//go:build ignore

// Command gen writes the documentation of sprig's functions that package
// funcdoc embeds, sprig.json, and the copy of sprig's license kept beside
// it, from the sprig module the main module requires. Run it with
// `go generate ./render/funcdoc`; TestSprigDataIsFresh fails when its
// output is stale.
package main

import (
	"fmt"
	"os"

	"github.com/chartwright/chartwright/render/funcdoc/internal/sprigdoc"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	dir, version, err := sprigdoc.Module()
	if err != nil {
		return err
	}
	outputs, err := sprigdoc.Generate(dir, version)
	if err != nil {
		return err
	}
	for _, o := range outputs {
		tmp := o.Path + ".tmp"
		if err := os.WriteFile(tmp, o.Data, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, o.Path); err != nil {
			return err
		}
	}
	return nil
}
