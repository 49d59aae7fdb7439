package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/repo"
	"github.com/spf13/cobra"
)

// packageFlags are the flags of `chartwright package`, named as Helm's.
type packageFlags struct {
	helm             int
	destination      string
	version          string
	appVersion       string
	dependencyUpdate bool
	reproducible     bool
	sign             bool
	key              string
	keyring          string
	passphraseFile   string
}

func newPackageCmd() *cobra.Command {
	f := &packageFlags{}
	cmd := &cobra.Command{
		Use:   "package CHART_DIR...",
		Short: "package chart directories into archives as helm package does",
		Long: "Package chart directories into versioned archives exactly as helm package does\n" +
			"(.helmignore applied, Chart.yaml re-serialized, subcharts expanded), validating each chart first\n" +
			"and writing each archive atomically. With --reproducible, or when SOURCE_DATE_EPOCH is set, every\n" +
			"file gets the same time (SOURCE_DATE_EPOCH, else 1970-01-01) so the same chart gives the same bytes.",
		RunE: runFunc(f.run),
	}
	fs := cmd.Flags()
	helmFlag(cmd, &f.helm, "archive format")
	fs.StringVarP(&f.destination, "destination", "d", ".", "directory to write the archives to")
	fs.StringVar(&f.version, "version", "", "set the chart's version (must be SemVer)")
	fs.StringVar(&f.appVersion, "app-version", "", "set the chart's appVersion")
	fs.BoolVarP(&f.dependencyUpdate, "dependency-update", "u", false,
		"update dependencies from Chart.yaml into charts/ first; supports file:// and http(s):// repositories\n"+
			"(e.g. a chartwright serve), not named (@repo) or oci:// ones")
	fs.BoolVar(&f.reproducible, "reproducible", false, "fix file times so that packaging is byte-for-byte reproducible")
	fs.BoolVar(&f.sign, "sign", false, "write a signed provenance file (.prov) beside each archive")
	fs.StringVar(&f.key, "key", "", "name of the signing key (an identity, or a unique part of one)")
	fs.StringVar(&f.keyring, "keyring", chart.DefaultKeyring(), "keyring holding the secret signing key (gpg --export-secret-keys)")
	fs.StringVar(&f.passphraseFile, "passphrase-file", "", "file whose first line is the key's passphrase; - reads standard input")
	return cmd
}

func (f *packageFlags) run(charts []string, stdout, stderr io.Writer) int {
	opts, err := f.options(charts)
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 2
	}
	opts.Log = stderr
	for _, dir := range charts {
		path, err := f.packageOne(dir, opts)
		if err != nil {
			fmt.Fprintf(stderr, "Error: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "Successfully packaged chart and saved it to: %s\n", path)
	}
	return 0
}

// options checks the flags and turns them into packaging options.
func (f *packageFlags) options(charts []string) (repo.PackageOptions, error) {
	opts := repo.PackageOptions{
		PackageOptions:   chart.PackageOptions{Version: f.version, AppVersion: f.appVersion, Helm: chart.HelmVersion(f.helm)},
		DependencyUpdate: f.dependencyUpdate,
	}
	switch {
	case len(charts) == 0:
		return opts, errors.New("need at least one argument, the path to the chart")
	case f.sign && f.key == "":
		return opts, errors.New("--key is required for signing a package")
	case f.sign && f.keyring == "":
		return opts, errors.New("--keyring is required for signing a package")
	}
	if f.sign {
		opts.Sign = &chart.SignOptions{Key: f.key, Keyring: f.keyring, PassphraseFile: f.passphraseFile, Stdin: os.Stdin}
	}
	epoch, err := chart.SourceDateEpoch(os.Getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		return opts, err
	}
	if epoch == nil && f.reproducible {
		epoch = new(time.Unix(0, 0).UTC())
	}
	opts.Epoch = epoch
	return opts, nil
}

func (f *packageFlags) packageOne(dir string, opts repo.PackageOptions) (string, error) {
	dest := f.destination
	if dest == "." {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		dest = wd
	}
	p, err := repo.Package(context.Background(), dir, dest, opts)
	if errors.Is(err, chart.ErrNoPassphrase) {
		err = fmt.Errorf("%w (give it with --passphrase-file FILE, or - for standard input)", err)
	}
	if err != nil {
		return "", err
	}
	return p.Path, nil
}
