// Command assemble-corpus-chart builds, in a folder of symbolic links, a
// corpus chart whose vendored dependencies the shared corpus lacks, exactly
// as the corpus tests do, so that benchmark scripts can hand it to helm too.
//
//	go run ./scripts/assemble-corpus-chart CHART OUTDIR
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/chartwright/chartwright/internal/corpus"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: assemble-corpus-chart CHART OUTDIR")
		os.Exit(2)
	}
	dir, err := filepath.Abs(filepath.Join("..", "shared", "corpus"))
	if err == nil {
		var path string
		path, err = corpus.Assemble(dir, os.Args[1], os.Args[2])
		fmt.Println(path)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
