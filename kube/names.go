package kube

import (
	"fmt"
	"strings"
)

// Kubernetes' object name rules, with the messages of
// k8s.io/apimachinery/pkg/util/validation, as helm lint and the API server
// report them. Each function returns the reasons a name is invalid.
const (
	dns1123LabelFmt     = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
	dns1123SubdomainFmt = dns1123LabelFmt + "(\\." + dns1123LabelFmt + ")*"
	dns1035LabelFmt     = "[a-z]([-a-z0-9]*[a-z0-9])?"
)

// isLabel reports whether v is one DNS label of dns1123LabelFmt, or of
// dns1035LabelFmt when letterFirst: lower case letters, digits and '-',
// starting and ending with a letter or digit. Matched by hand, names need
// no regular expression, which would be compiled in every process that
// checks one and allocates 32 KB per backtracking match.
func isLabel(v string, letterFirst bool) bool {
	if v == "" || v[0] == '-' || v[len(v)-1] == '-' || letterFirst && !isLower(v[0]) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !isLower(c) && !isDigit(c) && c != '-' {
			return false
		}
	}
	return true
}

// isSubdomain reports whether v matches dns1123SubdomainFmt: labels of
// dns1123LabelFmt joined by dots.
func isSubdomain(v string) bool {
	for label := range strings.SplitSeq(v, ".") {
		if !isLabel(label, false) {
			return false
		}
	}
	return true
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func regexError(msg, re string, examples ...string) string {
	msg += " (e.g. "
	for i, e := range examples {
		if i > 0 {
			msg += " or "
		}
		msg += "'" + e + "', "
	}
	return msg + "regex used for validation is '" + re + "')"
}

func maxLenError(n int) string { return fmt.Sprintf("must be no more than %d characters", n) }

// DNS1123Subdomain checks the default rule for object names.
func DNS1123Subdomain(v string) []string {
	var errs []string
	if len(v) > 253 {
		errs = append(errs, maxLenError(253))
	}
	if !isSubdomain(v) {
		errs = append(errs, regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", dns1123SubdomainFmt, "example.com"))
	}
	return errs
}

// DNS1123Label checks namespace names.
func DNS1123Label(v string) []string {
	var errs []string
	if len(v) > 63 {
		errs = append(errs, maxLenError(63))
	}
	if !isLabel(v, false) {
		if isSubdomain(v) {
			errs = append(errs, "must not contain dots")
		} else {
			errs = append(errs, regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", dns1123LabelFmt, "my-name", "123-abc"))
		}
	}
	return errs
}

// DNS1035Label checks Service names.
func DNS1035Label(v string) []string {
	var errs []string
	if len(v) > 63 {
		errs = append(errs, maxLenError(63))
	}
	if !isLabel(v, true) {
		errs = append(errs, regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", dns1035LabelFmt, "my-name", "abc-123"))
	}
	return errs
}

// PathSegmentName checks RBAC object names: anything that can be a path segment.
func PathSegmentName(v string) []string {
	var errs []string
	if v == "." || v == ".." {
		errs = append(errs, fmt.Sprintf("may not be '%s'", v))
	}
	for _, s := range []string{"/", "%"} {
		if strings.Contains(v, s) {
			errs = append(errs, fmt.Sprintf("may not contain '%s'", s))
		}
	}
	return errs
}
