package repo

import (
	"context"
	"fmt"
	"os"

	"github.com/chartwright/chartwright/chart"
)

// PackageOptions adjust [Package]: the archive's, and what helm package
// does around it.
type PackageOptions struct {
	chart.PackageOptions
	// DependencyUpdate fetches Chart.yaml's dependencies into charts/
	// first (helm package --dependency-update).
	DependencyUpdate bool
	// Sign, when set, writes a signed provenance file beside the archive.
	Sign *chart.SignOptions
}

// Packaged is an archive [Package] wrote.
type Packaged struct {
	// Path is the archive's path, dest/<name>-<version>.tgz.
	Path string
	// Digest is the archive's "sha256:<hex>", as index.yaml records it.
	Digest string
}

// Package packages the chart folder dir into the folder dest as helm
// package does: dependencies updated if asked, the archive written
// atomically, then signed if asked. Its errors come in Helm's order (the
// chart's before the key's), and a key or signature that fails leaves no
// archive.
func Package(ctx context.Context, dir, dest string, opts PackageOptions) (*Packaged, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	if opts.DependencyUpdate {
		if _, err := UpdateDependencies(ctx, dir, DependencyOptions{Helm: opts.Helm, Epoch: opts.Epoch}); err != nil {
			return nil, err
		}
	}
	path, err := chart.PackageDir(dir, dest, opts.PackageOptions)
	if err != nil {
		return nil, err
	}
	if opts.Sign != nil {
		if err := sign(path, opts.Sign); err != nil {
			os.Remove(path) // an unsigned archive must not pass for the signed one asked for
			return nil, err
		}
	}
	archive, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return &Packaged{Path: path, Digest: "sha256:" + chart.Digest(archive)}, nil
}

// sign writes the provenance file of the archive at path with the key
// opts name. Key errors are Helm's, bare.
func sign(path string, opts *chart.SignOptions) error {
	key, err := opts.Signer()
	if err != nil {
		return err // Helm's words, bare
	}
	if err := chart.SignArchive(path, key); err != nil {
		return fmt.Errorf("sign %s: %w", path, err)
	}
	return nil
}
