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

func (r kubeRelease) modules() map[string]string {
	return map[string]string{
		"k8s.io/api":                     r.api,
		"k8s.io/apimachinery":            r.api,
		"k8s.io/apiextensions-apiserver": r.api,
		"k8s.io/kube-aggregator":         r.aggregator,
	}
}
