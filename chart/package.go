package chart

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/Masterminds/semver/v3"
	"github.com/chartwright/chartwright/chart/source"
	"sigs.k8s.io/yaml"
)

// HelmVersion selects whose output chartwright reproduces where Helm 3 and
// Helm 4 differ. The zero value means Helm 4.
type HelmVersion int

// The Helm versions chartwright can imitate.
const (
	Helm4 HelmVersion = 4
	Helm3 HelmVersion = 3
)

func (v HelmVersion) isHelm3() bool { return v == Helm3 }

// gzip header extra fields Helm writes: Helm 3 puts raw text that is not a
// well-formed RFC 1952 subfield; Helm 4 wraps the same text in subfield "rr".
var (
	gzipExtraHelm3 = []byte("+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=")
	gzipExtraHelm4 = []byte("rr\x28\x00aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=")
)

// PackageOptions adjust how a chart is packaged.
type PackageOptions struct {
	// Helm selects the archive flavour (gzip extra field, member times).
	Helm HelmVersion
	// Version and AppVersion, when set, replace the top chart's version and
	// appVersion before validation, as helm package --version/--app-version do.
	Version    string
	AppVersion string
	// Epoch, when set, makes the archive reproducible: every member gets this
	// time (UTC, whole seconds) and Chart.lock's generated time becomes it,
	// exactly as Helm 4 does for SOURCE_DATE_EPOCH.
	Epoch *time.Time
	// Now is the clock for members without a known time; nil means time.Now.
	Now func() time.Time
	// Log, when set, gets what Helm logs while PackageDir loads the chart
	// (Chart.LoadLog), a line each.
	Log io.Writer
}

// SourceDateEpoch reads the value of SOURCE_DATE_EPOCH (seconds since
// 1970) as Helm 4 does: nil for "", an error for anything but a
// non-negative integer.
func SourceDateEpoch(value string) (*time.Time, error) {
	if value == "" {
		return nil, nil
	}
	sec, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("invalid SOURCE_DATE_EPOCH: %w", err)
	}
	if sec < 0 {
		return nil, errors.New("invalid SOURCE_DATE_EPOCH: must not be negative")
	}
	return new(time.Unix(sec, 0).UTC()), nil
}

// ArchiveName is the file name Helm gives a chart's archive: <name>-<version>.tgz.
func ArchiveName(md *Metadata) string {
	return fmt.Sprintf("%s-%s.tgz", md.Name, md.Version)
}

// PackageDir loads the chart directory dir as helm package does (.helmignore
// applies) and writes its archive into dest, atomically. It returns the
// path of the archive.
func PackageDir(dir, dest string, opts PackageOptions) (string, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return "", err
	}
	helm3 := opts.Helm.isHelm3()
	if !fi.IsDir() { // an archive: helm package takes a directory
		if _, err := detectDir(dir); err != nil && !helm3 {
			return "", err // Helm 4 opens <dir>/Chart.yaml: "not a directory"
		}
		return "", errors.New("Chart.yaml file is missing") //lint:ignore ST1005 Helm 3's message, byte for byte
	}
	c, err := Load(dir, Options{FirstValuesDocument: helm3, DetectChartVersion: !helm3}) // Helm 4 reads dir/Chart.yaml first
	if c != nil && opts.Log != nil {
		for _, line := range c.LoadLog {
			fmt.Fprintln(opts.Log, line)
		}
	}
	if err != nil {
		return "", err
	}
	if !helm3 && c.Metadata.APIVersion == APIVersionV3 {
		return "", errors.New("invalid chart apiVersion") // Helm 4 loads v3 charts but packages only v1 and v2
	}
	return Package(c, dest, opts)
}

// Package applies the version overrides of opts to c (changing c.Metadata),
// checks the chart as helm package does and writes
// dest/<name>-<version>.tgz atomically: a reader never sees a partial
// archive and a failure leaves any previous archive in place. It returns
// the path of the archive.
func Package(c *Chart, dest string, opts PackageOptions) (string, error) {
	if err := prepare(c, opts); err != nil {
		return "", err
	}
	target := filepath.Join(dest, ArchiveName(c.Metadata))
	if err := ensureDir(filepath.Dir(target)); err != nil { // as Helm: an empty dest is "."
		return "", fmt.Errorf("failed to save: %w", err)
	}
	if fi, err := os.Stat(target); err == nil && fi.IsDir() { // Helm's os.Create fails so
		return "", fmt.Errorf("failed to save: %w", &fs.PathError{Op: "open", Path: target, Err: syscall.EISDIR})
	}
	err := WriteFileAtomic(target, 0o644, func(w io.Writer) error {
		return WriteArchive(w, c, opts)
	})
	if err != nil {
		return "", fmt.Errorf("failed to save: %w", err)
	}
	return target, nil
}

// prepare applies --version and --app-version and runs the checks helm
// package runs before it writes anything.
func prepare(c *Chart, opts PackageOptions) error {
	if c == nil || c.Metadata == nil {
		return errors.New("chart validation: validation: chart.metadata is required")
	}
	if opts.Version != "" {
		c.Metadata.Version = opts.Version
	}
	if _, err := semver.NewVersion(c.Metadata.Version); err != nil {
		return err // semver.ErrInvalidSemVer, bare, as Helm returns it
	}
	if opts.AppVersion != "" {
		c.Metadata.AppVersion = opts.AppVersion
	}
	if err := CheckDependencies(c); err != nil {
		return err
	}
	return nil
}

// CheckDependencies reports the dependencies of Chart.yaml that have no
// subchart of that name in charts/, as helm package does before writing.
func CheckDependencies(c *Chart) error {
	var missing []string
	for _, d := range c.Metadata.Dependencies {
		if d == nil || !hasSubchart(c, d.Name) {
			if d != nil {
				missing = append(missing, d.Name)
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("found in Chart.yaml, but missing in charts/ directory: %s", strings.Join(missing, ", "))
	}
	return nil
}

func hasSubchart(c *Chart, name string) bool {
	for _, s := range c.Subcharts {
		if s.Name() == name {
			return true
		}
	}
	return false
}

func ensureDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return fmt.Errorf("stat %s: %w", dir, err) // Helm's words, the path twice
	case !fi.IsDir():
		return fmt.Errorf("is not a directory: %s", dir)
	}
	return nil
}

// WriteArchive validates c and writes its archive to w exactly as Helm's
// chartutil.Save lays it out: Chart.yaml re-serialized, Chart.lock,
// values.yaml, values.schema.json, templates, other files, then every
// subchart expanded under charts/<name>/, regular files only, mode 0644.
func WriteArchive(w io.Writer, c *Chart, opts PackageOptions) error {
	if err := c.Metadata.Validate(); err != nil {
		return fmt.Errorf("chart validation: %w", err)
	}
	zw := gzip.NewWriter(w)
	zw.Comment = "Helm"
	zw.Extra = gzipExtraHelm4
	if opts.Helm.isHelm3() {
		zw.Extra = gzipExtraHelm3
	}
	aw := &archiveWriter{tw: tar.NewWriter(zw), opts: opts, now: time.Now}
	if opts.Now != nil {
		aw.now = opts.Now
	}
	if opts.Epoch != nil {
		t := opts.Epoch.UTC().Truncate(time.Second)
		aw.epoch = &t
	}
	if err := aw.chart(c, ""); err != nil {
		return err
	}
	if err := aw.tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

type archiveWriter struct {
	tw    *tar.Writer
	opts  PackageOptions
	epoch *time.Time
	now   func() time.Time
}

// chart writes one chart (and, recursively, its subcharts) under prefix.
func (aw *archiveWriter) chart(c *Chart, prefix string) error {
	if c.Name() != filepath.Base(c.Name()) {
		return fmt.Errorf("%q is not a valid chart name", c.Name())
	}
	base := path.Join(prefix, c.Name())
	md := *c.Metadata
	if md.APIVersion == APIVersionV1 {
		md.Dependencies = nil
	}
	data, err := yaml.Marshal(&md)
	if err != nil {
		return fmt.Errorf("serialize Chart.yaml of %s: %w", c.Name(), err)
	}
	if err := aw.file(base, "Chart.yaml", data, c.ModTimes["Chart.yaml"]); err != nil {
		return err
	}
	if err := aw.lock(c, base); err != nil {
		return err
	}
	if err := aw.values(c, base); err != nil {
		return err
	}
	for _, group := range [][]*source.File{c.Templates, c.Files} {
		for _, f := range group {
			if err := aw.file(base, f.Name, f.Data, c.ModTimes[f.Name]); err != nil {
				return err
			}
		}
	}
	for _, sub := range c.Subcharts {
		if err := aw.chart(sub, path.Join(base, "charts")); err != nil {
			return err
		}
	}
	return nil
}

func (aw *archiveWriter) lock(c *Chart, base string) error {
	if c.Metadata.APIVersion != APIVersionV2 || c.Lock == nil {
		return nil
	}
	lock := *c.Lock
	if aw.epoch != nil {
		lock.Generated = *aw.epoch
	}
	data, err := yaml.Marshal(&lock)
	if err != nil {
		return fmt.Errorf("serialize Chart.lock of %s: %w", c.Name(), err)
	}
	return aw.file(base, "Chart.lock", data, lock.Generated)
}

func (aw *archiveWriter) values(c *Chart, base string) error {
	for _, f := range c.Raw {
		if f.Name == "values.yaml" {
			if err := aw.file(base, f.Name, f.Data, c.ModTimes[f.Name]); err != nil {
				return err
			}
		}
	}
	if c.Schema == nil {
		return nil
	}
	if !json.Valid(c.Schema) {
		if aw.opts.Helm.isHelm3() {
			return errors.New("Invalid JSON in values.schema.json") //lint:ignore ST1005 Helm 3's message, byte for byte
		}
		return errors.New("invalid JSON in values.schema.json") // Helm's words: no chart path
	}
	return aw.file(base, "values.schema.json", c.Schema, c.ModTimes["values.schema.json"])
}

// file writes one member. Its time is the epoch when reproducible, the
// source time for Helm 4 (now when unknown), and now for Helm 3.
func (aw *archiveWriter) file(base, name string, data []byte, mod time.Time) error {
	switch {
	case aw.epoch != nil:
		mod = *aw.epoch
	case aw.opts.Helm.isHelm3() || mod.IsZero():
		mod = aw.now()
	}
	h := &tar.Header{
		Name:    path.Join(base, name),
		Mode:    0o644,
		Size:    int64(len(data)),
		ModTime: mod,
	}
	if err := aw.tw.WriteHeader(h); err != nil {
		return fmt.Errorf("write %s: %w", h.Name, err)
	}
	if _, err := aw.tw.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", h.Name, err)
	}
	return nil
}

// WriteFileAtomic writes the file name through a temporary file in the same
// directory, synced and renamed over name, so that readers see either the
// old file or the complete new one. On error the temporary file is removed
// and name is untouched.
func WriteFileAtomic(name string, mode fs.FileMode, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
