package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/kube"
)

// nameValidator picks the name rule of a kind, as helm lint does.
func nameValidator(kind string) func(string) []string {
	switch strings.ToLower(kind) {
	case "service":
		return kube.DNS1035Label
	case "namespace":
		return kube.DNS1123Label
	case "certificatesigningrequest":
		return func(string) []string { return nil }
	case "role", "clusterrole", "rolebinding", "clusterrolebinding":
		return kube.PathSegmentName
	}
	return kube.DNS1123Subdomain
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
