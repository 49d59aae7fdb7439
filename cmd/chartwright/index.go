package main

import (
	"fmt"
	"io"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/repo"
	"github.com/spf13/cobra"
)

// indexFlags are the flags of `chartwright index`, named as Helm's.
type indexFlags struct {
	url, merge string
	json       bool
	helm       int
}

func newIndexCmd() *cobra.Command {
	f := &indexFlags{}
	cmd := &cobra.Command{
		Use:   "index DIR",
		Short: "write a repository index.yaml as helm repo index does",
		Long: "Write DIR/index.yaml for the chart archives in DIR and its direct subdirectories, as helm repo index does.\n" +
			"Entries whose archive did not change keep their created time, and concurrent runs on the same\n" +
			"index are serialized with a file lock, so none loses another's entries. The write is atomic.",
		RunE: runFunc(f.run),
	}
	fs := cmd.Flags()
	fs.StringVar(&f.url, "url", "", "URL of the chart repository")
	fs.StringVar(&f.merge, "merge", "", "merge the generated index into the given index (its entries are kept unless DIR has the same version)")
	fs.BoolVar(&f.json, "json", false, "write the index in JSON format")
	helmFlag(cmd, &f.helm, "index format")
	return cmd
}

func (f *indexFlags) run(pos []string, stdout, stderr io.Writer) int {
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "Error: expected exactly one argument, the directory, got %d\n", len(pos))
		return 2
	}
	_, skipped, err := repo.UpdateIndex(pos[0], repo.IndexOptions{URL: f.url, Merge: f.merge, JSON: f.json, Helm: chart.HelmVersion(f.helm), Log: stderr})
	for _, s := range skipped {
		fmt.Fprintf(stderr, "warning: skipped %s\n", s)
	}
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	return 0
}
