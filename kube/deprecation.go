package kube

import (
	"fmt"
	"sort"
)

// Release is a Kubernetes minor release such as 1.22; the zero value means
// "none".
type Release struct {
	Major, Minor int
}

// IsZero reports whether r names no release.
func (r Release) IsZero() bool { return r.Major == 0 && r.Minor == 0 }

// String formats r as "1.22".
func (r Release) String() string { return fmt.Sprintf("%d.%d", r.Major, r.Minor) }

// AtOrBefore reports whether r is the same release as o or an earlier one.
func (r Release) AtOrBefore(o Release) bool {
	return r.Major < o.Major || (r.Major == o.Major && r.Minor <= o.Minor)
}

// Deprecation describes a built-in API kind that Kubernetes deprecates, as
// declared by its type in k8s.io/api.
type Deprecation struct {
	APIVersion string
	Kind       string
	// Deprecated is the release that deprecates the kind.
	Deprecated Release
	// Removed is the release that stops serving it, or zero when unknown.
	Removed Release
	// Replacement is "apiVersion Kind" of the kind to use instead, or "".
	Replacement string
}

// Deprecations returns every deprecated built-in kind, sorted by apiVersion
// and kind. The caller owns the returned slice.
func Deprecations() []Deprecation {
	out := make([]Deprecation, len(deprecations))
	copy(out, deprecations[:])
	return out
}

// LookupDeprecation returns the deprecation of apiVersion/kind, if any,
// whatever the target release; use [Deprecation.AppliesTo] to compare it
// with the release a chart is checked against.
func LookupDeprecation(apiVersion, kind string) (Deprecation, bool) {
	i := sort.Search(len(deprecations), func(i int) bool {
		d := deprecations[i]
		return d.APIVersion > apiVersion || (d.APIVersion == apiVersion && d.Kind >= kind)
	})
	if i < len(deprecations) && deprecations[i].APIVersion == apiVersion && deprecations[i].Kind == kind {
		return deprecations[i], true
	}
	return Deprecation{}, false
}

// AppliesTo reports whether the kind is deprecated in release target, the
// rule Helm's lint uses: deprecated at or before target.
func (d Deprecation) AppliesTo(target Release) bool {
	return !d.Deprecated.IsZero() && d.Deprecated.AtOrBefore(target)
}

// Message is the warning text Helm prints for the deprecation, e.g.
// "extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in
// v1.22+; use networking.k8s.io/v1 Ingress".
func (d Deprecation) Message() string {
	msg := fmt.Sprintf("%s %s is deprecated in v%s+", d.APIVersion, d.Kind, d.Deprecated)
	if !d.Removed.IsZero() {
		msg += fmt.Sprintf(", unavailable in v%s+", d.Removed)
	}
	if d.Replacement != "" {
		msg += "; use " + d.Replacement
	}
	return msg
}
