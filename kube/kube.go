// Package kube holds facts about the built-in Kubernetes APIs that the
// renderer and lint need: the default .Capabilities.APIVersions list
// ([DefaultAPIVersions]), the deprecated API kinds Helm knows
// ([Deprecations], [LookupDeprecation]), the kinds removed over Kubernetes'
// history ([Removals], [LookupRemoval]) and which kinds are namespaced ([Namespaced]), and
// the object name rules with the API machinery's messages ([DNS1123Subdomain],
// [DNS1123Label], [DNS1035Label], [PathSegmentName]).
//
// The tables live in tables_generated.go, written by tools/schemagen from
// the Kubernetes Go modules; they are never edited by hand. The package is
// a leaf: it imports no other chartwright package.
package kube

//go:generate sh -c "cd ../tools/schemagen && go run . -root ../.."

// DefaultAPIVersions returns the group/versions Helm reports in
// .Capabilities.APIVersions when it renders without a cluster, in Helm's
// order. The caller owns the returned slice.
func DefaultAPIVersions() []string {
	out := make([]string, len(defaultAPIVersions))
	copy(out, defaultAPIVersions[:])
	return out
}
