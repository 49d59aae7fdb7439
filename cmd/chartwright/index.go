package main

import (
	"fmt"
	"io"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/repo"
)

func runIndex(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("index", "chartwright index DIR [flags]",
		"Write DIR/index.yaml for the chart archives in DIR and its direct subdirectories, as helm repo index does.\n"+
			"Entries whose archive did not change keep their created time, and concurrent runs on the same\n"+
			"index are serialized with a file lock, so none loses another's entries. The write is atomic.", stderr)
	url := fs.String("url", "", "URL of the chart repository")
	merge := fs.String("merge", "", "merge the generated index into the given index (its entries are kept unless DIR has the same version)")
	asJSON := fs.Bool("json", false, "write the index in JSON format")
	helm := new(int)
	fs.helmFlag(helm, "index format")
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return exitCode(err)
	}
	switch {
	case len(pos) != 1:
		err = fmt.Errorf("expected exactly one argument, the directory, got %d", len(pos))
	}
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 2
	}
	_, skipped, err := repo.UpdateIndex(pos[0], repo.IndexOptions{URL: *url, Merge: *merge, JSON: *asJSON, Helm: chart.HelmVersion(*helm)})
	for _, s := range skipped {
		fmt.Fprintf(stderr, "warning: skipped %s\n", s)
	}
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	return 0
}
