package schema

import (
	"fmt"
	"github.com/chartwright/chartwright/kube"
	"strings"
)

// nameRule checks a name and returns the reasons it is invalid.
type nameRule func(name string) []string

// nameRules maps kinds to their metadata.name rule; other kinds use
// DNS-1123 subdomains, as do custom resources.
var nameRules = map[string]nameRule{
	"Namespace":                  kube.DNS1123Label,
	"Service":                    kube.DNS1035Label,
	"Role":                       kube.PathSegmentName,
	"ClusterRole":                kube.PathSegmentName,
	"RoleBinding":                kube.PathSegmentName,
	"ClusterRoleBinding":         kube.PathSegmentName,
	"FlowSchema":                 kube.PathSegmentName,
	"PriorityLevelConfiguration": kube.PathSegmentName,
}

// checkNames validates metadata.name and metadata.namespace of a document.
func checkNames(kind string, doc map[string]any) []Error {
	meta, _ := doc["metadata"].(map[string]any)
	var errs []Error
	if name, ok := meta["name"].(string); ok && name != "" {
		rule := nameRules[kind]
		if rule == nil {
			rule = kube.DNS1123Subdomain
		}
		errs = append(errs, nameErrors("name", name, rule)...)
	}
	if ns, ok := meta["namespace"].(string); ok && ns != "" {
		errs = append(errs, nameErrors("namespace", ns, kube.DNS1123Label)...)
	}
	return errs
}

func nameErrors(field, value string, rule nameRule) []Error {
	reasons := rule(value)
	if len(reasons) == 0 {
		return nil
	}
	return []Error{{
		Path:    []string{"metadata", field},
		Kind:    InvalidName,
		Message: fmt.Sprintf("invalid %s %q: %s", field, value, strings.Join(reasons, ", ")),
	}}
}
