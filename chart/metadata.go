package chart

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/Masterminds/semver/v3"
)

// Metadata is the content of Chart.yaml. Field names are the Go names Helm
// exposes to templates as .Chart.<Field>; JSON names are Chart.yaml's keys.
type Metadata struct {
	Name         string            `json:"name,omitempty"`
	Home         string            `json:"home,omitempty"`
	Sources      []string          `json:"sources,omitempty"`
	Version      string            `json:"version,omitempty"`
	Description  string            `json:"description,omitempty"`
	Keywords     []string          `json:"keywords,omitempty"`
	Maintainers  []*Maintainer     `json:"maintainers,omitempty"`
	Icon         string            `json:"icon,omitempty"`
	APIVersion   string            `json:"apiVersion,omitempty"`
	Condition    string            `json:"condition,omitempty"`
	Tags         string            `json:"tags,omitempty"`
	AppVersion   string            `json:"appVersion,omitempty"`
	Deprecated   bool              `json:"deprecated,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	KubeVersion  string            `json:"kubeVersion,omitempty"`
	Dependencies []*Dependency     `json:"dependencies,omitempty"`
	Type         string            `json:"type,omitempty"`
}

// Maintainer is one entry of Chart.yaml's maintainers.
type Maintainer struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	URL   string `json:"url,omitempty"`
}

// Dependency is one entry of Chart.yaml's dependencies (requirements.yaml for apiVersion v1).
type Dependency struct {
	Name         string   `json:"name"`
	Version      string   `json:"version,omitempty"`
	Repository   string   `json:"repository"`
	Condition    string   `json:"condition,omitempty"`
	Tags         []string `json:"tags,omitempty"`
	Enabled      bool     `json:"enabled,omitempty"`
	ImportValues []any    `json:"import-values,omitempty"`
	Alias        string   `json:"alias,omitempty"`
}

// Lock is Chart.lock (or requirements.lock).
type Lock struct {
	Generated    time.Time     `json:"generated"`
	Digest       string        `json:"digest"`
	Dependencies []*Dependency `json:"dependencies"`
}

// ValidationError is a metadata problem; its text starts with "validation: " as Helm's does.
type ValidationError string

func (e ValidationError) Error() string { return "validation: " + string(e) }

// ErrMetadata is wrapped by every metadata validation error.
var ErrMetadata = errors.New("invalid chart metadata")

func (e ValidationError) Unwrap() error { return ErrMetadata }

var aliasFormat = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z0-9_-]+$`) })

// Validate sanitizes the metadata strings as Helm does (spaces become ' ',
// unprintable characters vanish) and checks the fields Helm requires.
func (md *Metadata) Validate() error {
	if md == nil {
		return ValidationError("chart.metadata is required")
	}
	md.sanitize()
	if err := md.validateIdentity(); err != nil {
		return err
	}
	for _, m := range md.Maintainers {
		if m == nil {
			return ValidationError("maintainers must not contain empty or null nodes")
		}
		m.Name, m.Email, m.URL = sanitize(m.Name), sanitize(m.Email), sanitize(m.URL)
	}
	return md.validateDependencies()
}

func (md *Metadata) sanitize() {
	for _, s := range []*string{&md.Name, &md.Description, &md.Home, &md.Icon, &md.Condition,
		&md.Tags, &md.AppVersion, &md.KubeVersion} {
		*s = sanitize(*s)
	}
	for i := range md.Sources {
		md.Sources[i] = sanitize(md.Sources[i])
	}
	for i := range md.Keywords {
		md.Keywords[i] = sanitize(md.Keywords[i])
	}
}

func (md *Metadata) validateIdentity() error {
	switch {
	case md.APIVersion == "":
		return ValidationError("chart.metadata.apiVersion is required")
	case md.Name == "":
		return ValidationError("chart.metadata.name is required")
	case md.Name == "." || md.Name == "..":
		return ValidationError(fmt.Sprintf("chart.metadata.name %q is not allowed", md.Name))
	case md.Name != filepath.Base(md.Name):
		return ValidationError(fmt.Sprintf("chart.metadata.name %q is invalid", md.Name))
	case md.Version == "":
		return ValidationError("chart.metadata.version is required")
	case !isSemver(md.Version):
		return ValidationError(fmt.Sprintf("chart.metadata.version %q is invalid", md.Version))
	case md.Type != "" && md.Type != "application" && md.Type != "library":
		return ValidationError("chart.metadata.type must be application or library")
	}
	return nil
}

func (md *Metadata) validateDependencies() error {
	seen := map[string]bool{}
	for _, d := range md.Dependencies {
		if d == nil {
			return ValidationError("dependencies must not contain empty or null nodes")
		}
		d.Name, d.Version, d.Repository, d.Condition = sanitize(d.Name), sanitize(d.Version), sanitize(d.Repository), sanitize(d.Condition)
		for i := range d.Tags {
			d.Tags[i] = sanitize(d.Tags[i])
		}
		if d.Alias != "" && !aliasFormat().MatchString(d.Alias) {
			return ValidationError(fmt.Sprintf("dependency %q has disallowed characters in the alias", d.Name))
		}
		key := d.Key()
		if seen[key] {
			return ValidationError(fmt.Sprintf("more than one dependency with name or alias %q", key))
		}
		seen[key] = true
	}
	return nil
}

// Key is the name a dependency is known by in its parent: its alias, else its name.
func (d *Dependency) Key() string {
	if d.Alias != "" {
		return d.Alias
	}
	return d.Name
}

func isSemver(v string) bool {
	_, err := ParseVersion(v)
	return err == nil
}

// ParseVersion is semver.NewVersion, Helm's parse of a version, with the
// same result and error; it tries semver.StrictNewVersion first. Every
// version StrictNewVersion accepts NewVersion accepts too, as the same
// Version, and strict parsing needs no regular expression, whose
// backtracker allocates 32 KB per match.
func ParseVersion(v string) (*semver.Version, error) {
	if sv, err := semver.StrictNewVersion(v); err == nil {
		return sv, nil
	}
	return semver.NewVersion(v)
}

func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsPrint(r):
			return r
		}
		return -1
	}, s)
}
