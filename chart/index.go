package chart

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/Masterminds/semver/v3"
	"sigs.k8s.io/yaml"
)

// IndexAPIVersion is the apiVersion of a repository index.
const IndexAPIVersion = "v1"

// MaxIndexSize bounds the index files chartwright reads (Helm has no bound;
// the largest public indexes are a few tens of MiB).
const MaxIndexSize = 256 << 20

// ErrEmptyIndex is returned for an empty index file.
var ErrEmptyIndex = errors.New("empty index.yaml file")

// IndexFile is a chart repository's index.yaml, field for field as Helm
// reads and writes it.
type IndexFile struct {
	ServerInfo  map[string]any           `json:"serverInfo,omitempty"`
	APIVersion  string                   `json:"apiVersion"`
	Generated   time.Time                `json:"generated"`
	Entries     map[string]ChartVersions `json:"entries"`
	PublicKeys  []string                 `json:"publicKeys,omitempty"`
	Annotations map[string]string        `json:"annotations,omitempty"`
}

// ChartVersion is one entry of an index: the chart's metadata plus where to
// get it, its digest and when it was added.
type ChartVersion struct {
	*Metadata
	URLs    []string  `json:"urls"`
	Created time.Time `json:"created"`
	Removed bool      `json:"removed,omitempty"`
	Digest  string    `json:"digest,omitempty"`

	// Fields of old indexes that Helm still reads and writes back.
	ChecksumDeprecated      string `json:"checksum,omitempty"`
	EngineDeprecated        string `json:"engine,omitempty"`
	TillerVersionDeprecated string `json:"tillerVersion,omitempty"`
	URLDeprecated           string `json:"url,omitempty"`
}

// ChartVersions sorts by semantic version, ascending; unparsable versions
// sort first, so after [IndexFile.SortEntries] (descending) they come last.
type ChartVersions []*ChartVersion

func (c ChartVersions) Len() int      { return len(c) }
func (c ChartVersions) Swap(i, j int) { c[i], c[j] = c[j], c[i] }
func (c ChartVersions) Less(a, b int) bool {
	i, err := ParseVersion(c[a].Version)
	if err != nil {
		return true
	}
	j, err := ParseVersion(c[b].Version)
	if err != nil {
		return false
	}
	return i.LessThan(j)
}

// NewIndex returns an empty index generated at now.
func NewIndex(now time.Time) *IndexFile {
	return &IndexFile{APIVersion: IndexAPIVersion, Generated: now, Entries: map[string]ChartVersions{}}
}

// Add validates md (defaulting apiVersion to v1, as Helm does) and appends
// an entry for the archive filename, whose URL is baseURL joined with the
// file's base name (or filename itself without a base URL).
func (i *IndexFile) Add(md *Metadata, filename, baseURL, digest string, created time.Time) error {
	if md.APIVersion == "" {
		md.APIVersion = APIVersionV1
	}
	if err := md.Validate(); err != nil {
		return fmt.Errorf("validate failed for %s: %w", filename, err)
	}
	u := filename
	if baseURL != "" {
		u = URLJoin(baseURL, path.Base(filepath.ToSlash(filename)))
	}
	if i.Entries == nil {
		i.Entries = map[string]ChartVersions{}
	}
	i.Entries[md.Name] = append(i.Entries[md.Name], &ChartVersion{Metadata: md, URLs: []string{u}, Digest: digest, Created: created})
	return nil
}

// Get returns the entry of chart name whose version string equals version,
// else the highest entry (entries sorted) that satisfies version read as a
// semver constraint; "" means any version.
func (i *IndexFile) Get(name, version string) (*ChartVersion, error) {
	vs := i.Entries[name]
	if len(vs) == 0 {
		return nil, fmt.Errorf("no chart named %q in the index", name)
	}
	if version == "" {
		version = "*"
	} else {
		for _, v := range vs {
			if v.Version == version {
				return v, nil
			}
		}
	}
	constraint, err := semver.NewConstraint(version)
	if err != nil {
		return nil, fmt.Errorf("version constraint %q: %w", version, err)
	}
	for _, v := range vs {
		if sv, err := ParseVersion(v.Version); err == nil && constraint.Check(sv) {
			return v, nil
		}
	}
	return nil, fmt.Errorf("no chart version found for %s-%s", name, version)
}

// Has reports whether [IndexFile.Get] finds name at version.
func (i *IndexFile) Has(name, version string) bool {
	_, err := i.Get(name, version)
	return err == nil
}

// SortEntries sorts each chart's versions from highest to lowest.
func (i *IndexFile) SortEntries() {
	for _, vs := range i.Entries {
		sort.Sort(sort.Reverse(vs))
	}
}

// Merge appends the entries of old that i does not have, as helm repo index
// --merge does: i is authoritative for every chart version it lists, and
// for those its versions match as semver constraints (see Get). It returns
// those that i has only so, which Helm 4 logs.
func (i *IndexFile) Merge(old *IndexFile) []Fallback {
	var fallbacks []Fallback
	for _, name := range sortedKeys(old.Entries) {
		for _, cv := range old.Entries[name] {
			got, err := i.Get(cv.Name, cv.Version)
			switch {
			case err != nil:
				i.Entries[cv.Name] = append(i.Entries[cv.Name], cv)
			case got.Version != cv.Version && !isVersionRange(cv.Version):
				fallbacks = append(fallbacks, Fallback{Name: cv.Name, Requested: cv.Version, Selected: got.Version})
			}
		}
	}
	return fallbacks
}

// Fallback is a chart version asked of an index that had no entry of that
// exact version: the entry of version Selected, which matches Requested as
// a semver constraint (1.0.0 for 1.0.0+build, 1.0.0 for v1.0.0), stood for
// it.
type Fallback struct {
	Name, Requested, Selected string
}

// isVersionRange reports whether a version asked of an index reads as a
// range rather than one version, as Helm 4 tells them apart: it logs only
// a version that found another.
func isVersionRange(version string) bool {
	if strings.ContainsAny(version, "^~<>=!*") || strings.Contains(version, "||") || strings.Contains(version, " - ") {
		return true
	}
	core, _, _ := strings.Cut(version, "-")
	core, _, _ = strings.Cut(core, "+")
	return strings.ContainsAny(core, "xX")
}

// KeepCreated gives every entry of i that old lists with the same name,
// version and digest old's created time, so that re-indexing an unchanged
// archive does not change its entry.
func (i *IndexFile) KeepCreated(old *IndexFile) {
	if old == nil {
		return
	}
	for name, vs := range i.Entries {
		for _, cv := range vs {
			for _, o := range old.Entries[name] {
				if o.Version == cv.Version && o.Digest != "" && o.Digest == cv.Digest && !o.Created.IsZero() {
					cv.Created = o.Created
					break
				}
			}
		}
	}
}

// EncodeYAML serializes the index as helm repo index writes index.yaml.
func (i *IndexFile) EncodeYAML() ([]byte, error) {
	return yaml.Marshal(i)
}

// EncodeJSON serializes the index as helm repo index --json does (indented,
// no trailing newline).
func (i *IndexFile) EncodeJSON() ([]byte, error) {
	return json.MarshalIndent(i, "", "  ")
}

// SkippedEntry is an entry of an index that loading dropped: a null one
// (Err nil) or one whose metadata does not validate.
type SkippedEntry struct {
	Name, Version string
	Err           error
}

// LoadIndex reads an index as Helm does: JSON if the bytes are valid JSON,
// else strict YAML. Null entries and entries whose metadata does not
// validate are dropped and returned in skipped, in Helm's order within a
// chart (from the last) and by chart name (Helm's is Go's map order);
// entries are sorted.
func LoadIndex(data []byte) (idx *IndexFile, skipped []SkippedEntry, err error) {
	if len(data) == 0 {
		return nil, nil, ErrEmptyIndex
	}
	idx = &IndexFile{}
	if json.Valid(data) {
		err = json.Unmarshal(data, idx)
	} else {
		err = yaml.UnmarshalStrict(data, idx)
	}
	if err != nil {
		return nil, nil, err
	}
	for _, name := range slices.Sorted(maps.Keys(idx.Entries)) {
		vs := idx.Entries[name]
		var kept ChartVersions
		for i := len(vs) - 1; i >= 0; i-- {
			cv := vs[i]
			if cv == nil {
				skipped = append(skipped, SkippedEntry{Name: name})
				continue
			}
			if err := checkEntry(cv); err != nil {
				skipped = append(skipped, SkippedEntry{Name: name, Version: cv.Version, Err: err})
				continue
			}
			kept = append(kept, cv)
		}
		slices.Reverse(kept)
		idx.Entries[name] = kept
	}
	if idx.Entries == nil {
		idx.Entries = map[string]ChartVersions{}
	}
	idx.SortEntries()
	if idx.APIVersion == "" {
		return nil, skipped, errors.New("no API version specified")
	}
	return idx, skipped, nil
}

// checkEntry prepares an entry read from an index and returns why it must
// be dropped, or nil.
func checkEntry(cv *ChartVersion) error {
	if cv.Metadata == nil {
		cv.Metadata = &Metadata{}
	}
	if cv.APIVersion == "" {
		cv.APIVersion = APIVersionV1
	}
	err := cv.Validate()
	if err != nil && !strings.HasPrefix(err.Error(), "validation: more than one dependency with name or alias") {
		return err
	}
	return nil
}

// LoadIndexFile reads and loads the index file name.
func LoadIndexFile(name string) (*IndexFile, []SkippedEntry, error) {
	data, err := readBounded(name, MaxIndexSize)
	if err != nil {
		return nil, nil, err
	}
	idx, skipped, err := LoadIndex(data)
	if err != nil {
		return nil, skipped, fmt.Errorf("error loading %s: %w", name, err)
	}
	return idx, skipped, nil
}

func readBounded(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, limit)
	}
	return data, nil
}

// IndexOptions adjust [IndexDirectory].
type IndexOptions struct {
	// URL is the base URL of the repository; without it, entries have
	// relative URLs.
	URL string
	// Now is the clock for generated and created; nil means time.Now.
	Now func() time.Time
	// Helm selects the loader flavour used to read the archives.
	Helm HelmVersion
}

// IndexDirectory indexes the archives dir/*.tgz and dir/*/*.tgz as helm repo
// index does (Helm's "**" glob reaches one level down). Archives that do not
// load are skipped and returned in skipped with the reason.
func IndexDirectory(dir string, opts IndexOptions) (idx *IndexFile, skipped []string, err error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	archives, err := IndexArchives(dir)
	if err != nil {
		return nil, nil, err
	}
	idx = NewIndex(now())
	for _, rel := range archives {
		data, err := readBounded(filepath.Join(dir, rel), MaxChartSize)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s: %v", rel, err))
			continue
		}
		c, err := LoadArchive(bytes.NewReader(data), Options{FirstValuesDocument: opts.Helm.isHelm3()})
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s: %v", rel, err))
			continue
		}
		parent, file := path.Split(filepath.ToSlash(rel))
		parentURL := URLJoin(opts.URL, strings.TrimSuffix(parent, "/"))
		if err := idx.Add(c.Metadata, file, parentURL, Digest(data), now()); err != nil {
			return nil, skipped, fmt.Errorf("failed adding to %s to index: %w", rel, err)
		}
	}
	idx.SortEntries()
	return idx, skipped, nil
}

// IndexArchives lists, relative to dir, the archives helm repo index reads:
// dir/*.tgz then dir/*/*.tgz, each sorted.
func IndexArchives(dir string) ([]string, error) {
	var out []string
	for _, pattern := range []string{"*.tgz", filepath.Join("*", "*.tgz")} {
		matches, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			return nil, err
		}
		for _, m := range matches {
			if fi, err := os.Stat(m); err != nil || !fi.Mode().IsRegular() {
				continue
			}
			rel, err := filepath.Rel(dir, m)
			if err != nil {
				return nil, err
			}
			out = append(out, rel)
		}
	}
	return out, nil
}

// Digest is the lowercase hex SHA-256 of data, as index.yaml and .prov files
// record archives.
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// URLJoin joins elements onto the path of base as Helm's urlutil.URLJoin
// does, falling back to path.Join when base is not a URL.
func URLJoin(base string, elem ...string) string {
	u, err := url.Parse(base)
	if err != nil {
		return path.Join(append([]string{base}, elem...)...)
	}
	u.Path = path.Join(append([]string{u.Path}, elem...)...)
	return u.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
