package main

// clientGoVersion is the k8s.io/client-go release whose scheme gives the
// default API versions and deprecations; it must match go.mod and the
// client-go that Helm v4.3.1 builds with.
const clientGoVersion = "v0.37.1"

// defaultKubeVersion is the Kubernetes minor version matching clientGoVersion.
const defaultKubeVersion = "1.37"

// kubeRelease pins the module versions whose sources describe the API of
// one Kubernetes minor version. Changing a pin changes the generated data.
type kubeRelease struct {
	kube       string
	api        string // k8s.io/api, k8s.io/apimachinery, k8s.io/apiextensions-apiserver
	aggregator string // k8s.io/kube-aggregator (some patch releases are missing)
}

// kubeReleases are the supported Kubernetes versions, oldest first; the
// last is the default. 1.37 uses the patch release Helm v4.3.1 builds with.
var kubeReleases = []kubeRelease{
	{"1.30", "v0.30.14", "v0.30.14"},
	{"1.31", "v0.31.14", "v0.31.0"},
	{"1.32", "v0.32.13", "v0.32.13"},
	{"1.33", "v0.33.13", "v0.33.13"},
	{"1.34", "v0.34.13", "v0.34.13"},
	{"1.35", "v0.35.10", "v0.35.10"},
	{"1.36", "v0.36.6", "v0.36.6"},
	{"1.37", "v0.37.1", "v0.37.1"},
}

// historyReleases pin one release per Kubernetes minor version before the
// supported ones, back to 1.16, oldest first: which kinds their sources
// register, and the lifecycle they declare, give the table of removed APIs
// (see removals.go). The module proxy serves no k8s.io/api v0.18.20, hence
// v0.18.19.
var historyReleases = []kubeRelease{
	{"1.16", "v0.16.15", "v0.16.15"},
	{"1.17", "v0.17.17", "v0.17.17"},
	{"1.18", "v0.18.19", "v0.18.19"},
	{"1.19", "v0.19.16", "v0.19.16"},
	{"1.20", "v0.20.15", "v0.20.15"},
	{"1.21", "v0.21.14", "v0.21.14"},
	{"1.22", "v0.22.17", "v0.22.17"},
	{"1.23", "v0.23.17", "v0.23.17"},
	{"1.24", "v0.24.17", "v0.24.17"},
	{"1.25", "v0.25.16", "v0.25.16"},
	{"1.26", "v0.26.15", "v0.26.15"},
	{"1.27", "v0.27.16", "v0.27.16"},
	{"1.28", "v0.28.15", "v0.28.15"},
	{"1.29", "v0.29.15", "v0.29.15"},
}

// allReleases are the history releases and the supported ones, oldest
// first.
func allReleases() []kubeRelease {
	return append(append([]kubeRelease(nil), historyReleases...), kubeReleases...)
}

func (r kubeRelease) modules() map[string]string {
	return map[string]string{
		"k8s.io/api":                     r.api,
		"k8s.io/apimachinery":            r.api,
		"k8s.io/apiextensions-apiserver": r.api,
		"k8s.io/kube-aggregator":         r.aggregator,
	}
}
