package schema

import (
	"strings"
	"sync"
)

// ServesGroup reports whether the target Kubernetes version serves a
// built-in kind in the API group of apiVersion ("apps" for "apps/v1", the
// core group for "v1"): an unknown kind there is one the API server
// rejects, where an unknown kind of another group may come from a
// CustomResourceDefinition installed beside the chart.
func (v *Validator) ServesGroup(apiVersion string) bool {
	k, err := v.kubeSchemas()
	if err != nil {
		return false
	}
	return k.groups()[apiGroup(apiVersion)]
}

// apiGroup is the group part of an apiVersion, "" for the core group.
func apiGroup(apiVersion string) string {
	group, _, found := strings.Cut(apiVersion, "/")
	if !found {
		return ""
	}
	return group
}

// groups are the API groups of the version's built-in kinds.
func (k *kubeSchemas) groups() map[string]bool {
	k.groupsOnce.Do(func() {
		k.groupSet = map[string]bool{}
		k.ver.apiVersions(func(apiVersion int) {
			k.groupSet[apiGroup(k.data.str(apiVersion))] = true
		})
	})
	return k.groupSet
}

// groupCache is embedded in kubeSchemas: the set of groups, built once.
type groupCache struct {
	groupsOnce sync.Once
	groupSet   map[string]bool
}
