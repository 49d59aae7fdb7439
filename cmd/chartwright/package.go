package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/repo"
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

func newPackageFlags(stderr io.Writer) (*flagSet, *packageFlags) {
	fs := newFlagSet("package", "chartwright package CHART_DIR... [flags]",
		"Package chart directories into versioned archives exactly as helm package does\n"+
			"(.helmignore applied, Chart.yaml re-serialized, subcharts expanded), validating each chart first\n"+
			"and writing each archive atomically. With --reproducible, or when SOURCE_DATE_EPOCH is set, every\n"+
			"file gets the same time (SOURCE_DATE_EPOCH, else 1970-01-01) so the same chart gives the same bytes.", stderr)
	f := &packageFlags{}
	fs.helmFlag(&f.helm, "archive format")
	fs.StringVar(&f.destination, "destination", ".", "directory to write the archives to")
	fs.alias("d", "destination")
	fs.StringVar(&f.version, "version", "", "set the chart's version (must be SemVer)")
	fs.StringVar(&f.appVersion, "app-version", "", "set the chart's appVersion")
	fs.BoolVar(&f.dependencyUpdate, "dependency-update", false,
		"update dependencies from Chart.yaml into charts/ first; supports file:// and http(s):// repositories\n"+
			"(e.g. a chartwright serve), not named (@repo) or oci:// ones")
	fs.alias("u", "dependency-update")
	fs.BoolVar(&f.reproducible, "reproducible", false, "fix file times so that packaging is byte-for-byte reproducible")
	fs.BoolVar(&f.sign, "sign", false, "write a signed provenance file (.prov) beside each archive")
	fs.StringVar(&f.key, "key", "", "name of the signing key (an identity, or a unique part of one)")
	fs.StringVar(&f.keyring, "keyring", defaultKeyring(), "keyring holding the secret signing key (gpg --export-secret-keys)")
	fs.StringVar(&f.passphraseFile, "passphrase-file", "", "file whose first line is the key's passphrase; - reads standard input")
	return fs, f
}

// defaultKeyring is Helm's: $GNUPGHOME/pubring.gpg, else ~/.gnupg/pubring.gpg.
func defaultKeyring() string {
	if home := os.Getenv("GNUPGHOME"); home != "" {
		return filepath.Join(home, "pubring.gpg")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".gnupg", "pubring.gpg")
}

func runPackage(args []string, stdout, stderr io.Writer) int {
	fs, f := newPackageFlags(stderr)
	charts, err := fs.parse(args, stdout)
	if err != nil {
		return exitCode(err)
	}
	opts, err := f.options(charts)
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 2
	}
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
func (f *packageFlags) options(charts []string) (chart.PackageOptions, error) {
	opts := chart.PackageOptions{Version: f.version, AppVersion: f.appVersion}
	switch {
	case len(charts) == 0:
		return opts, errors.New("need at least one argument, the path to the chart")
	case f.sign && f.key == "":
		return opts, errors.New("--key is required for signing a package")
	case f.sign && f.keyring == "":
		return opts, errors.New("--keyring is required for signing a package")
	}
	opts.Helm = chart.HelmVersion(f.helm)
	epoch, err := sourceDateEpoch()
	if err != nil {
		return opts, err
	}
	if epoch == nil && f.reproducible {
		epoch = new(time.Unix(0, 0).UTC())
	}
	opts.Epoch = epoch
	return opts, nil
}

// sourceDateEpoch reads SOURCE_DATE_EPOCH (seconds since 1970), as Helm 4 does.
func sourceDateEpoch() (*time.Time, error) {
	s, ok := os.LookupEnv("SOURCE_DATE_EPOCH")
	if !ok || s == "" {
		return nil, nil
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("invalid SOURCE_DATE_EPOCH: %w", err)
	}
	if sec < 0 {
		return nil, errors.New("invalid SOURCE_DATE_EPOCH: must not be negative")
	}
	return new(time.Unix(sec, 0).UTC()), nil
}

func (f *packageFlags) packageOne(dir string, opts chart.PackageOptions) (string, error) {
	if _, err := os.Stat(dir); err != nil {
		return "", err
	}
	if f.dependencyUpdate {
		if _, err := repo.UpdateDependencies(context.Background(), dir, repo.DependencyOptions{Helm: opts.Helm}); err != nil {
			return "", err
		}
	}
	dest := f.destination
	if dest == "." {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		dest = wd
	}
	path, err := chart.PackageDir(dir, dest, opts)
	if err != nil {
		return "", err
	}
	if f.sign {
		if err := f.signArchive(path); err != nil {
			return "", fmt.Errorf("sign %s: %w", path, err)
		}
	}
	return path, nil
}

// signArchive writes path.prov, signed with the key named by --key.
func (f *packageFlags) signArchive(path string) error {
	ring, err := chart.LoadKeyring(f.keyring)
	if err != nil {
		return err
	}
	key, err := chart.SigningKey(ring, f.key)
	if err != nil {
		return err
	}
	if err := chart.DecryptKey(key, f.passphrase); err != nil {
		return err
	}
	archive, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	prov, err := chart.Sign(archive, filepath.Base(path), key)
	if err != nil {
		return err
	}
	return chart.WriteFileAtomic(path+".prov", 0o644, func(w io.Writer) error {
		_, err := w.Write(prov)
		return err
	})
}

// passphrase reads the first line of --passphrase-file (- is standard input).
func (f *packageFlags) passphrase(identity string) ([]byte, error) {
	if f.passphraseFile == "" {
		return nil, fmt.Errorf("key %q is encrypted: give its passphrase with --passphrase-file FILE (or - for standard input)", identity)
	}
	var r io.Reader = os.Stdin
	if f.passphraseFile != "-" {
		file, err := os.Open(f.passphraseFile)
		if err != nil {
			return nil, err
		}
		defer file.Close()
		r = file
	}
	line, _, err := bufio.NewReader(r).ReadLine()
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read passphrase: %w", err)
	}
	return line, nil
}
