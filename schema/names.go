package schema

import (
	"fmt"
	"regexp"
	"strings"
)

// Kubernetes object name rules (k8s.io/apimachinery/pkg/util/validation).
const (
	dns1123LabelFmt     = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
	dns1123SubdomainFmt = dns1123LabelFmt + "(\\." + dns1123LabelFmt + ")*"
	dns1035LabelFmt     = "[a-z]([-a-z0-9]*[a-z0-9])?"
)

var (
	dns1123LabelRe     = regexp.MustCompile("^" + dns1123LabelFmt + "$")
	dns1123SubdomainRe = regexp.MustCompile("^" + dns1123SubdomainFmt + "$")
	dns1035LabelRe     = regexp.MustCompile("^" + dns1035LabelFmt + "$")
)

// nameRule checks a name and returns the reasons it is invalid.
type nameRule func(name string) []string

// nameRules maps kinds to their metadata.name rule; other kinds use
// DNS-1123 subdomains, as do custom resources.
var nameRules = map[string]nameRule{
	"Namespace":                  dns1123Label,
	"Service":                    dns1035Label,
	"Role":                       pathSegment,
	"ClusterRole":                pathSegment,
	"RoleBinding":                pathSegment,
	"ClusterRoleBinding":         pathSegment,
	"FlowSchema":                 pathSegment,
	"PriorityLevelConfiguration": pathSegment,
}

func dns1123Subdomain(name string) []string {
	var errs []string
	if len(name) > 253 {
		errs = append(errs, "must be no more than 253 bytes")
	}
	if !dns1123SubdomainRe.MatchString(name) {
		errs = append(errs, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '"+dns1123SubdomainFmt+"')")
	}
	return errs
}

func dns1123Label(name string) []string {
	var errs []string
	if len(name) > 63 {
		errs = append(errs, "must be no more than 63 bytes")
	}
	if !dns1123LabelRe.MatchString(name) {
		if dns1123SubdomainRe.MatchString(name) {
			errs = append(errs, "must not contain dots")
		} else {
			errs = append(errs, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '"+dns1123LabelFmt+"')")
		}
	}
	return errs
}

func dns1035Label(name string) []string {
	var errs []string
	if len(name) > 63 {
		errs = append(errs, "must be no more than 63 bytes")
	}
	if !dns1035LabelRe.MatchString(name) {
		errs = append(errs, "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '"+dns1035LabelFmt+"')")
	}
	return errs
}

func pathSegment(name string) []string {
	switch name {
	case ".":
		return []string{"may not be '.'"}
	case "..":
		return []string{"may not be '..'"}
	}
	var errs []string
	for _, bad := range []string{"/", "%"} {
		if strings.Contains(name, bad) {
			errs = append(errs, fmt.Sprintf("may not contain '%s'", bad))
		}
	}
	return errs
}

// checkNames validates metadata.name and metadata.namespace of a document.
func checkNames(kind string, doc map[string]any) []Error {
	meta, _ := doc["metadata"].(map[string]any)
	var errs []Error
	if name, ok := meta["name"].(string); ok && name != "" {
		rule := nameRules[kind]
		if rule == nil {
			rule = dns1123Subdomain
		}
		errs = append(errs, nameErrors("name", name, rule)...)
	}
	if ns, ok := meta["namespace"].(string); ok && ns != "" {
		errs = append(errs, nameErrors("namespace", ns, dns1123Label)...)
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
