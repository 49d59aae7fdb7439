package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/kube"
)

// Kubernetes' name rules as helm lint applies them to metadata.name, with
// the messages of k8s.io/apimachinery's validation.
const (
	dns1123LabelFmt     = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
	dns1123SubdomainFmt = dns1123LabelFmt + "(\\." + dns1123LabelFmt + ")*"
	dns1035LabelFmt     = "[a-z]([-a-z0-9]*[a-z0-9])?"
)

var (
	dns1123LabelRegexp     = regexp.MustCompile("^" + dns1123LabelFmt + "$")
	dns1123SubdomainRegexp = regexp.MustCompile("^" + dns1123SubdomainFmt + "$")
	dns1035LabelRegexp     = regexp.MustCompile("^" + dns1035LabelFmt + "$")
)

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

func maxLenError(n int) string { return fmt.Sprintf("must be no more than %d bytes", n) }

func isDNS1123Subdomain(v string) []string {
	var errs []string
	if len(v) > 253 {
		errs = append(errs, maxLenError(253))
	}
	if !dns1123SubdomainRegexp.MatchString(v) {
		errs = append(errs, regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", dns1123SubdomainFmt, "example.com"))
	}
	return errs
}

func isDNS1123Label(v string) []string {
	var errs []string
	if len(v) > 63 {
		errs = append(errs, maxLenError(63))
	}
	if !dns1123LabelRegexp.MatchString(v) {
		if dns1123SubdomainRegexp.MatchString(v) {
			errs = append(errs, "must not contain dots")
		} else {
			errs = append(errs, regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", dns1123LabelFmt, "my-name", "123-abc"))
		}
	}
	return errs
}

func isDNS1035Label(v string) []string {
	var errs []string
	if len(v) > 63 {
		errs = append(errs, maxLenError(63))
	}
	if !dns1035LabelRegexp.MatchString(v) {
		errs = append(errs, regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", dns1035LabelFmt, "my-name", "abc-123"))
	}
	return errs
}

func isPathSegmentName(v string) []string {
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

// nameValidator picks the name rule of a kind, as helm lint does.
func nameValidator(kind string) func(string) []string {
	switch strings.ToLower(kind) {
	case "service":
		return isDNS1035Label
	case "namespace":
		return isDNS1123Label
	case "certificatesigningrequest":
		return func(string) []string { return nil }
	case "role", "clusterrole", "rolebinding", "clusterrolebinding":
		return isPathSegmentName
	}
	return isDNS1123Subdomain
}

func validateMetadataName(hd *head) error {
	details := nameValidator(hd.Kind)(hd.Name)
	if len(details) == 0 {
		return nil
	}
	errs := make([]string, len(details))
	for i, d := range details {
		errs[i] = fmt.Sprintf("metadata.name: Invalid value: %q: %s", hd.Name, d)
	}
	agg := errs[0]
	if len(errs) > 1 {
		agg = "[" + strings.Join(errs, ", ") + "]"
	}
	return fmt.Errorf("object name does not conform to Kubernetes naming requirements: %q: %s", hd.Name, agg)
}

// targetRelease parses a Kubernetes version ("v1.30.2", "1.30"); empty or
// unparsable means Helm's default.
func targetRelease(v string) kube.Release {
	if v == "" {
		v = kube.DefaultKubeVersion
	}
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) >= 2 {
		maj, err1 := strconv.Atoi(parts[0])
		min, err2 := strconv.Atoi(strings.TrimRight(parts[1], "+"))
		if err1 == nil && err2 == nil {
			return kube.Release{Major: maj, Minor: min}
		}
	}
	return targetRelease(kube.DefaultKubeVersion)
}
