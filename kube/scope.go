package kube

import "sort"

// scope records whether a built-in kind's objects live in a namespace.
type scope struct {
	apiVersion, kind string
	namespaced       bool
}

// Namespaced reports whether objects of the built-in kind apiVersion/kind
// (Kubernetes DefaultKubeVersion) live in a namespace; known is false for
// kinds it has no scope for (custom resources, lists, review objects).
func Namespaced(apiVersion, kind string) (namespaced, known bool) {
	i := sort.Search(len(scopes), func(i int) bool {
		s := scopes[i]
		return s.apiVersion > apiVersion || (s.apiVersion == apiVersion && s.kind >= kind)
	})
	if i < len(scopes) && scopes[i].apiVersion == apiVersion && scopes[i].kind == kind {
		return scopes[i].namespaced, true
	}
	return false, false
}
