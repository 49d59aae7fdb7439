package repo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/Masterminds/semver/v3"
	"github.com/chartwright/chartwright/chart"
	"sigs.k8s.io/yaml"
)

// DependencyOptions adjust [UpdateDependencies].
type DependencyOptions struct {
	// Helm selects the flavour of archives made from file:// dependencies.
	Helm chart.HelmVersion
	// Client fetches http(s) repositories; nil means a client with a
	// five-minute timeout.
	Client *http.Client
	// Now stamps Chart.lock's generated time; nil means time.Now.
	Now func() time.Time
	// Epoch, when set, makes the archives of file:// dependencies
	// reproducible, as Helm 4 does for SOURCE_DATE_EPOCH (see
	// [chart.PackageOptions]).
	Epoch *time.Time
}

// maxDownload bounds one downloaded archive (index files: chart.MaxIndexSize).
const maxDownload = chart.MaxChartSize

// UpdateDependencies does what helm dependency update does for the
// repositories chartwright supports: every dependency of the chart at dir
// is resolved against its repository (file://PATH, a chart directory
// relative to dir, is packaged; http(s)://URL is looked up in URL/index.yaml
// and downloaded, its digest checked; an empty repository means the chart
// is already vendored in charts/). All archives are fetched before
// anything is written; then they are written to charts/ (the other chart
// archives there removed, as Helm does) and Chart.lock (requirements.lock for
// apiVersion v1) is written, unless the one there has the same digest.
// Named repositories (@name, repo names), oci:// and other schemes are
// refused with an error.
func UpdateDependencies(ctx context.Context, dir string, opts DependencyOptions) (*chart.Lock, error) {
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 5 * time.Minute}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c, err := chart.LoadDir(os.DirFS(dir), chart.Options{FirstValuesDocument: opts.Helm == chart.Helm3})
	if err != nil {
		return nil, err // Helm's words, bare
	}
	deps := c.Metadata.Dependencies
	if deps == nil {
		return c.Lock, nil // no dependencies key: nothing to do, no lock written, as in Helm
	}
	lock := &chart.Lock{Generated: opts.Now(), Dependencies: []*chart.Dependency{}} // local time to the nanosecond, as Helm writes it
	fetched, err := resolveAll(ctx, dir, deps, lock, opts)
	if err != nil {
		return nil, err
	}
	digest, err := hashRequirements(deps, lock.Dependencies)
	if err != nil {
		return nil, err
	}
	lock.Digest = digest
	if err := writeDependencies(dir, deps, fetched); err != nil {
		return nil, err
	}
	if c.Lock != nil && c.Lock.Digest == lock.Digest {
		return c.Lock, nil // up to date: Helm leaves it as it is, generated time and all
	}
	lockName := "Chart.lock"
	if c.Metadata.APIVersion == chart.APIVersionV1 {
		lockName = "requirements.lock"
	}
	data, err := yaml.Marshal(lock)
	if err != nil {
		return nil, err
	}
	if err := chart.WriteFileAtomic(filepath.Join(dir, lockName), 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}); err != nil {
		return nil, err
	}
	return lock, nil
}

// resolveAll resolves the dependencies in order into lock's entries and
// returns the archives to write (name in charts/ → bytes). Its errors are
// Helm's: the first that stops Helm's resolver, else every file://
// dependency whose version does not satisfy its constraint, else every one
// whose archive would hold another chart (Helm notices it when it loads
// the chart to package it). Errors of http(s) repositories are
// chartwright's, which fetches them itself.
func resolveAll(ctx context.Context, dir string, deps []*chart.Dependency, lock *chart.Lock, opts DependencyOptions) (map[string][]byte, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	fetched := map[string][]byte{}
	var unsatisfied, misnamed []string
	for _, d := range deps {
		locked, name, data, err := resolve(ctx, dir, d, opts)
		switch {
		case errors.Is(err, errUnsatisfied):
			unsatisfied = append(unsatisfied, fmt.Sprintf("%q (repository %q, version %q)", d.Name, d.Repository, d.Version))
		case errors.Is(err, errMisnamed):
			misnamed = append(misnamed, d.Name)
		case err != nil:
			return nil, err
		}
		lock.Dependencies = append(lock.Dependencies, locked)
		if data != nil {
			fetched[name] = data
		}
	}
	if len(unsatisfied) > 0 {
		return nil, fmt.Errorf("can't get a valid version for %d subchart(s): %s. Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml",
			len(unsatisfied), strings.Join(unsatisfied, ", "))
	}
	if len(misnamed) > 0 {
		return nil, fmt.Errorf("found in Chart.yaml, but missing in charts/ directory: %s", strings.Join(misnamed, ", "))
	}
	return fetched, nil
}

// errUnsatisfied and errMisnamed are the file:// dependencies Helm reports
// together once all are resolved.
var (
	errUnsatisfied = errors.New("version does not satisfy the constraint")
	errMisnamed    = errors.New("the folder holds another chart")
)

// resolve finds one dependency of the chart at dir (absolute) and returns
// its lock entry and, unless it is vendored, the archive to write as
// charts/<name>.
func resolve(ctx context.Context, dir string, d *chart.Dependency, opts DependencyOptions) (*chart.Dependency, string, []byte, error) {
	constraint, err := semver.NewConstraint(orAny(d.Version))
	if err != nil {
		return nil, "", nil, fmt.Errorf("dependency %q has an invalid version/constraint format: %w", d.Name, err)
	}
	repoURL := d.Repository
	switch {
	case repoURL == "":
		if _, err := statLocal(filepath.Join(dir, "charts", d.Name)); err != nil {
			return nil, "", nil, err
		}
		return &chart.Dependency{Name: d.Name, Version: d.Version}, "", nil, nil
	case strings.HasPrefix(repoURL, "file://"):
		return resolveFile(dir, d, constraint, opts)
	case strings.HasPrefix(repoURL, "http://"), strings.HasPrefix(repoURL, "https://"):
		locked, name, data, err := resolveHTTP(ctx, d, opts)
		if err != nil {
			return nil, "", nil, fmt.Errorf("dependency %q: %w", d.Name, err)
		}
		return locked, name, data, nil
	}
	return nil, "", nil, fmt.Errorf("dependency %q: repository %q is not supported: chartwright resolves file:// and http(s):// repositories only", d.Name, repoURL)
}

// statLocal stats a dependency's local path, failing with Helm's error when
// it does not exist.
func statLocal(p string) (fs.FileInfo, error) {
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("directory %s not found", p)
	}
	return fi, err
}

func orAny(v string) string {
	if v == "" {
		return "*"
	}
	return v
}

func resolveFile(dir string, d *chart.Dependency, constraint *semver.Constraints, opts DependencyOptions) (*chart.Dependency, string, []byte, error) {
	p := filepath.FromSlash(strings.TrimPrefix(d.Repository, "file://"))
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	fi, err := statLocal(p)
	if err != nil {
		return nil, "", nil, err
	}
	if !fi.IsDir() {
		//lint:ignore ST1005 Helm's loader's message (it walks the lone file), byte for byte
		return nil, "", nil, errors.New("Chart.yaml file is missing")
	}
	sub, err := chart.LoadDir(os.DirFS(p), chart.Options{FirstValuesDocument: opts.Helm == chart.Helm3})
	if err != nil {
		return nil, "", nil, err
	}
	v, err := chart.ParseVersion(sub.Metadata.Version)
	if err != nil || !constraint.Check(v) {
		return nil, "", nil, errUnsatisfied
	}
	if sub.Metadata.Name != d.Name {
		return nil, "", nil, errMisnamed
	}
	var buf bytes.Buffer
	if err := chart.WriteArchive(&buf, sub, chart.PackageOptions{Helm: opts.Helm, Epoch: opts.Epoch}); err != nil {
		return nil, "", nil, fmt.Errorf("package %s: %w", p, err)
	}
	locked := &chart.Dependency{Name: d.Name, Version: sub.Metadata.Version, Repository: d.Repository}
	return locked, chart.ArchiveName(sub.Metadata), buf.Bytes(), nil
}

func resolveHTTP(ctx context.Context, d *chart.Dependency, opts DependencyOptions) (*chart.Dependency, string, []byte, error) {
	base := strings.TrimSuffix(d.Repository, "/") + "/"
	data, err := fetch(ctx, opts.Client, base+"index.yaml", chart.MaxIndexSize)
	if err != nil {
		return nil, "", nil, err
	}
	idx, _, err := chart.LoadIndex(data)
	if err != nil {
		return nil, "", nil, fmt.Errorf("index of %s: %w", d.Repository, err)
	}
	cv, err := idx.Get(d.Name, d.Version)
	if err != nil {
		return nil, "", nil, fmt.Errorf("in %s: %w", d.Repository, err)
	}
	if len(cv.URLs) == 0 {
		return nil, "", nil, fmt.Errorf("%s %s has no download URL in %s", cv.Name, cv.Version, d.Repository)
	}
	u, err := resolveURL(base, cv.URLs[0])
	if err != nil {
		return nil, "", nil, err
	}
	archive, err := fetch(ctx, opts.Client, u, maxDownload)
	if err != nil {
		return nil, "", nil, err
	}
	if cv.Digest != "" && chart.Digest(archive) != cv.Digest {
		return nil, "", nil, fmt.Errorf("%s: digest %s does not match the index (%s)", u, chart.Digest(archive), cv.Digest)
	}
	c, err := chart.LoadArchive(bytes.NewReader(archive), chart.Options{})
	if err != nil {
		return nil, "", nil, fmt.Errorf("%s: %w", u, err)
	}
	if c.Metadata.Name != cv.Name || c.Metadata.Version != cv.Version {
		return nil, "", nil, fmt.Errorf("%s holds %s %s, the index says %s %s", u, c.Metadata.Name, c.Metadata.Version, cv.Name, cv.Version)
	}
	locked := &chart.Dependency{Name: d.Name, Version: cv.Version, Repository: d.Repository}
	return locked, chart.ArchiveName(c.Metadata), archive, nil
}

// resolveURL resolves an index entry's URL against the repository URL, as
// Helm does for relative URLs.
func resolveURL(base, ref string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	r, err := url.Parse(ref)
	if err != nil {
		return "", fmt.Errorf("bad chart URL %q: %w", ref, err)
	}
	u := b.ResolveReference(r)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("chart URL %q is not http(s)", u)
	}
	return u.String(), nil
}

func fetch(ctx context.Context, client *http.Client, u string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("GET %s: larger than %d bytes", u, limit)
	}
	return data, nil
}

// hashRequirements is Helm's lock digest: SHA-256 of the JSON of the
// requested and the locked dependencies.
func hashRequirements(req, locked []*chart.Dependency) (string, error) {
	data, err := json.Marshal([2][]*chart.Dependency{req, locked})
	if err != nil {
		return "", err
	}
	return "sha256:" + chart.Digest(data), nil
}

// writeDependencies writes the fetched archives into charts/ and removes
// the archives there that Helm's dependency update deletes (removeStale).
func writeDependencies(dir string, deps []*chart.Dependency, fetched map[string][]byte) error {
	chartsDir, err := chartsFolder(dir)
	if err != nil {
		return err
	}
	for name, data := range fetched {
		if err := chart.WriteFileAtomic(filepath.Join(chartsDir, name), 0o644, func(w io.Writer) error {
			_, err := w.Write(data)
			return err
		}); err != nil {
			return err
		}
	}
	return removeStale(chartsDir, deps, fetched)
}

// chartsFolder returns dir's charts/ folder, created if missing, and
// Helm's error, naming it absolutely, when it is not a folder.
func chartsFolder(dir string) (string, error) {
	chartsDir, err := filepath.Abs(filepath.Join(dir, "charts"))
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(chartsDir); err == nil && !fi.IsDir() {
		return "", fmt.Errorf("%q is not a directory", chartsDir)
	}
	return chartsDir, os.MkdirAll(chartsDir, 0o755)
}

// removeStale deletes, as Helm's dependency update does, every file in
// charts/ that was not just written and loads as a chart archive, whatever
// its name, unless its chart is a dependency without a repository
// (vendored). Other versions of the dependencies go, and so do archives of
// charts that are no longer dependencies.
func removeStale(chartsDir string, deps []*chart.Dependency, fetched map[string][]byte) error {
	vendored := map[string]bool{}
	for _, d := range deps {
		if d.Repository == "" {
			vendored[d.Name] = true
		}
	}
	entries, err := os.ReadDir(chartsDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || fetched[e.Name()] != nil {
			continue
		}
		name := filepath.Join(chartsDir, e.Name())
		if c, err := chart.LoadArchiveFile(name, chart.Options{}); err != nil || vendored[c.Name()] {
			continue
		}
		if err := os.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
