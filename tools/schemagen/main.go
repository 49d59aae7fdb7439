// Command schemagen generates chartwright's built-in Kubernetes data: the
// tables of package kube and the compressed schemas embedded by package
// schema. Its output is reproducible byte for byte from the pinned module
// versions in versions.go.
//
// Usage, from the repository root:
//
//	cd tools/schemagen && go run . -root ../..
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("schemagen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", "../..", "repository root to write kube/ and schema/ data into")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	files, err := generate()
	if err != nil {
		fmt.Fprintf(stderr, "schemagen: %v\n", err)
		return 1
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*root, f.path), f.data, 0o644); err != nil {
			fmt.Fprintf(stderr, "schemagen: %v\n", err)
			return 1
		}
	}
	return 0
}

// output is one generated file, its path relative to the repository root.
type output struct {
	path string
	data []byte
}

// generate builds every generated file in memory.
func generate() ([]output, error) {
	apiVersions, err := defaultAPIVersions()
	if err != nil {
		return nil, err
	}
	deps, err := deprecations()
	if err != nil {
		return nil, err
	}
	mods, err := download(allReleases())
	if err != nil {
		return nil, err
	}
	removed, err := removals(allReleases(), mods)
	if err != nil {
		return nil, err
	}
	if removed, err = beyondHelm(removed, deps); err != nil {
		return nil, err
	}
	var models []*kubeModel
	for _, r := range kubeReleases {
		m, err := buildModel(r.kube, mods[r.kube])
		if err != nil {
			return nil, fmt.Errorf("kubernetes %s: %w", r.kube, err)
		}
		models = append(models, m)
	}
	tables, err := writeKubeTables(defaultKubeVersion, apiVersions, deps, removed, models[len(models)-1].kinds)
	if err != nil {
		return nil, err
	}
	structure, docs, err := encodeModels(models)
	if err != nil {
		return nil, err
	}
	return []output{
		{"kube/tables_generated.go", tables},
		{"schema/data/kube.bin", structure},
		{"schema/data/kubedoc.bin.gz", docs},
	}, nil
}
