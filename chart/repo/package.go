package repo

import (
	"context"
	"fmt"
	"os"

	"github.com/ProtonMail/go-crypto/openpgp"
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
// atomically, then signed if asked: the signing key is unlocked first, and
// a signature that fails leaves no archive.
func Package(ctx context.Context, dir, dest string, opts PackageOptions) (*Packaged, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	var key *openpgp.Entity
	if opts.Sign != nil {
		k, err := opts.Sign.Signer()
		if err != nil {
			return nil, err // Helm's words, bare
		}
		key = k
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
	if key != nil {
		if err := chart.SignArchive(path, key); err != nil {
			os.Remove(path) // an unsigned archive must not pass for the signed one asked for
			return nil, fmt.Errorf("sign %s: %w", path, err)
		}
	}
	archive, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return &Packaged{Path: path, Digest: "sha256:" + chart.Digest(archive)}, nil
}
