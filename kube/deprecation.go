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

// Deprecation describes a built-in API kind that Kubernetes deprecates or
// stops serving, as declared by its type in k8s.io/api or, for kinds that
// declare nothing, as the k8s.io/api releases show.
type Deprecation struct {
	APIVersion string
	Kind       string
	// Deprecated is the release that deprecates the kind, or zero when
	// unknown (only in [Removals]).
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
	return lookup(deprecations[:], apiVersion, kind)
}

// Removals returns every built-in kind that Kubernetes stops serving at a
// known release, over its whole history since 1.16, sorted by apiVersion
// and kind. Unlike [Deprecations], which lists only the kinds whose types
// today's k8s.io/api still has (what Helm checks), it also holds kinds whose
// types Kubernetes has since deleted, such as policy/v1beta1
// PodSecurityPolicy or batch/v2alpha1 CronJob; for those, Deprecated may be
// zero. The caller owns the returned slice.
func Removals() []Deprecation {
	out := append([]Deprecation(nil), removals[:]...)
	for _, d := range deprecations {
		if !d.Removed.IsZero() {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].APIVersion != out[j].APIVersion {
			return out[i].APIVersion < out[j].APIVersion
		}
		return out[i].Kind < out[j].Kind
	})
	return out
}

// LookupRemoval returns the removal of apiVersion/kind, if Kubernetes stops
// serving it at a known release, whatever the target release; use
// [Deprecation.RemovedIn] to compare it with the release a chart is checked
// against.
func LookupRemoval(apiVersion, kind string) (Deprecation, bool) {
	if d, ok := LookupDeprecation(apiVersion, kind); ok {
		return d, !d.Removed.IsZero()
	}
	return lookup(removals[:], apiVersion, kind)
}

// lookup binary-searches a table sorted by apiVersion and kind.
func lookup(table []Deprecation, apiVersion, kind string) (Deprecation, bool) {
	i := sort.Search(len(table), func(i int) bool {
		d := table[i]
		return d.APIVersion > apiVersion || (d.APIVersion == apiVersion && d.Kind >= kind)
	})
	if i < len(table) && table[i].APIVersion == apiVersion && table[i].Kind == kind {
		return table[i], true
	}
	return Deprecation{}, false
}

// AppliesTo reports whether the kind is deprecated in release target, the
// rule Helm's lint uses: deprecated at or before target.
func (d Deprecation) AppliesTo(target Release) bool {
	return !d.Deprecated.IsZero() && d.Deprecated.AtOrBefore(target)
}

// RemovedIn reports whether release target no longer serves the kind:
// its removal release is target or an earlier one.
func (d Deprecation) RemovedIn(target Release) bool {
	return !d.Removed.IsZero() && d.Removed.AtOrBefore(target)
}

// Message is the warning text Helm prints for the deprecation, e.g.
// "extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in
// v1.22+; use networking.k8s.io/v1 Ingress". A removal without a known
// deprecation reads "batch/v2alpha1 CronJob is unavailable in v1.21+; use
// batch/v1 CronJob".
func (d Deprecation) Message() string {
	var msg string
	switch {
	case d.Deprecated.IsZero():
		msg = fmt.Sprintf("%s %s is unavailable in v%s+", d.APIVersion, d.Kind, d.Removed)
	case d.Removed.IsZero():
		msg = fmt.Sprintf("%s %s is deprecated in v%s+", d.APIVersion, d.Kind, d.Deprecated)
	default:
		msg = fmt.Sprintf("%s %s is deprecated in v%s+, unavailable in v%s+", d.APIVersion, d.Kind, d.Deprecated, d.Removed)
	}
	if d.Replacement != "" {
		msg += "; use " + d.Replacement
	}
	return msg
}
