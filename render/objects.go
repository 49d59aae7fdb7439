package render

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"
	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/kube"
	"sigs.k8s.io/yaml"
)

// Values is the type of .Values, as Helm's: a map with a few methods that
// templates can call.
type Values map[string]any

// AsMap returns the values as a plain map.
func (v Values) AsMap() map[string]any { return v }

// YAML encodes the values as Helm's toYaml does, with a trailing newline.
func (v Values) YAML() (string, error) {
	b, err := yaml.Marshal(v)
	return string(b), err
}

// Table returns the map at a dot-separated path.
func (v Values) Table(name string) (Values, error) {
	table := v
	for _, part := range strings.Split(name, ".") {
		next, ok := table[part].(map[string]any)
		if !ok {
			if nv, isValues := table[part].(Values); isValues {
				next, ok = nv, true
			}
		}
		if !ok {
			return Values{}, fmt.Errorf("no table named %q", name)
		}
		table = next
	}
	return table, nil
}

// KubeVersion is .Capabilities.KubeVersion of Helm 4. The fields are in
// Helm's order, which shows when a template prints the struct itself
// ("{v1.37.0 v1.37.0 1 37}").
type KubeVersion struct {
	Version    string // as given, with a "v" prefix
	normalized string // "v" + the numeric components, for constraint checks
	Major      string
	Minor      string
}

// KubeVersion3 is .Capabilities.KubeVersion of Helm 3: Version is already
// normalized (Helm 3 drops a suffix such as -gke.100), and the struct prints
// as "{v1.37.0 1 37}".
type KubeVersion3 struct {
	Version string
	Major   string
	Minor   string
}

// String is the version, as Helm 3 prints it.
func (kv *KubeVersion3) String() string { return kv.Version }

// GitVersion is the version (deprecated alias kept by Helm).
func (kv *KubeVersion3) GitVersion() string { return kv.Version }

// String is the normalized version, as Helm prints it.
func (kv *KubeVersion) String() string {
	if kv.normalized != "" {
		return kv.normalized
	}
	return kv.Version
}

// GitVersion is the version as given (deprecated alias kept by Helm).
func (kv *KubeVersion) GitVersion() string { return kv.Version }

// DefaultKubeVersion is the Kubernetes version the official Helm releases
// assume without a cluster (from the client-go they are built with).
const DefaultKubeVersion = "v" + kube.DefaultKubeVersion + ".0"

// ParseKubeVersion reads a --kube-version value as Kubernetes' generic
// version parser does: at least two dot-separated numbers, an optional "v",
// any suffix after the numbers dropped.
func ParseKubeVersion(s string) (*KubeVersion, error) {
	nums, err := parseGenericVersion(s)
	if err != nil {
		return nil, err
	}
	parts := make([]string, len(nums))
	for i, n := range nums {
		parts[i] = strconv.FormatUint(n, 10)
	}
	version := s
	if !strings.HasPrefix(version, "v") {
		version = "v" + version
	}
	return &KubeVersion{
		Version:    version,
		Major:      parts[0],
		Minor:      parts[1],
		normalized: "v" + strings.Join(parts, "."),
	}, nil
}

func parseGenericVersion(s string) ([]uint64, error) {
	v := strings.TrimPrefix(strings.TrimSpace(s), "v")
	end := 0
	for end < len(v) && (v[end] == '.' || (v[end] >= '0' && v[end] <= '9')) {
		end++
	}
	numeric := v[:end]
	if numeric == "" || (end < len(v) && v[end] != '-' && v[end] != '+') {
		return nil, fmt.Errorf("could not parse %q as version", s)
	}
	fields := strings.Split(numeric, ".")
	if len(fields) < 2 {
		return nil, fmt.Errorf("illegal version string %q", s)
	}
	nums := make([]uint64, len(fields))
	for i, f := range fields {
		n, err := strconv.ParseUint(f, 10, 64)
		if err != nil || (len(f) > 1 && f[0] == '0') {
			return nil, fmt.Errorf("illegal version string %q", s)
		}
		nums[i] = n
	}
	return nums, nil
}

// VersionSet is .Capabilities.APIVersions.
type VersionSet []string

// Has reports whether the set holds the exact API version string.
func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

// BuildInfo is .Capabilities.HelmVersion of Helm 4.
type BuildInfo struct {
	Version           string `json:"version,omitempty"`
	GitCommit         string `json:"git_commit,omitempty"`
	GitTreeState      string `json:"git_tree_state,omitempty"`
	GoVersion         string `json:"go_version,omitempty"`
	KubeClientVersion string `json:"kube_client_version"`
}

// BuildInfo3 is .Capabilities.HelmVersion of Helm 3.
type BuildInfo3 struct {
	Version      string `json:"version,omitempty"`
	GitCommit    string `json:"git_commit,omitempty"`
	GitTreeState string `json:"git_tree_state,omitempty"`
	GoVersion    string `json:"go_version,omitempty"`
}

// Capabilities is .Capabilities in Helm 4.
type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
	HelmVersion BuildInfo
}

// Capabilities3 is .Capabilities in Helm 3.
type Capabilities3 struct {
	KubeVersion KubeVersion3
	APIVersions VersionSet
	HelmVersion BuildInfo3
}

// The Helm releases chartwright reproduces.
const (
	helm4Version = "v4.3.1"
	helm3Version = "v3.22.0"
	goVersion    = "go1.26.8"
	// kubeClientVersion is the client-go minor Helm 4.3.1 is built with.
	kubeClientVersion = "v1.37"
)

// capabilities builds .Capabilities for the mode.
func capabilities(kv KubeVersion, apis VersionSet, helm3 bool) any {
	if helm3 {
		kv3 := KubeVersion3{Version: kv.String(), Major: kv.Major, Minor: kv.Minor}
		return &Capabilities3{KubeVersion: kv3, APIVersions: apis,
			HelmVersion: BuildInfo3{Version: helm3Version, GitTreeState: "clean", GoVersion: goVersion}}
	}
	return &Capabilities{KubeVersion: kv, APIVersions: apis,
		HelmVersion: BuildInfo{Version: helm4Version, GitTreeState: "clean", GoVersion: goVersion, KubeClientVersion: kubeClientVersion}}
}

// chartObject3 is .Chart in Helm 3: the metadata struct plus IsRoot.
type chartObject3 struct {
	chart.Metadata
	IsRoot bool
}

// chartObject builds .Chart: Helm 4 exposes the metadata as a map keyed by
// Go field names, Helm 3 as a struct.
func chartObject(c *chart.Chart, helm3 bool) any {
	if helm3 {
		return &chartObject3{Metadata: *c.Metadata, IsRoot: c.IsRoot()}
	}
	m := structToMap(reflect.ValueOf(c.Metadata))
	m["IsRoot"] = c.IsRoot()
	return m
}

// structToMap converts a struct to a map keyed by field names, recursively
// for nested structs, pointers and slices of them, as Helm 4 does.
func structToMap(v reflect.Value) map[string]any {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	out := make(map[string]any, v.NumField())
	for i := 0; i < v.NumField(); i++ {
		out[v.Type().Field(i).Name] = fieldValue(v.Field(i))
	}
	return out
}

func fieldValue(f reflect.Value) any {
	switch f.Kind() {
	case reflect.Struct:
		return structToMap(f)
	case reflect.Pointer:
		if f.IsNil() {
			return nil
		}
		return structToMap(f)
	case reflect.Slice:
		out := make([]any, f.Len())
		for j := range out {
			e := f.Index(j)
			if e.Kind() == reflect.Struct || e.Kind() == reflect.Pointer {
				out[j] = structToMap(e)
			} else {
				out[j] = e.Interface()
			}
		}
		return out
	}
	return f.Interface()
}

// KubeVersionError is a chart's kubeVersion constraint that the target
// Kubernetes version does not meet.
type KubeVersionError struct {
	Constraint string
	Kube       string
}

func (e *KubeVersionError) Error() string {
	return fmt.Sprintf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", e.Constraint, e.Kube)
}

// CheckKubeVersion applies a chart's kubeVersion constraint to the target
// Kubernetes version ("" is Helm's default) as helm template and helm
// install do (of Helm 3 with helm3); a constraint that does not parse is
// never met.
func CheckKubeVersion(constraint, target string, helm3 bool) error {
	kv, err := kubeVersion(target)
	if err != nil {
		return err
	}
	return checkKubeVersion(constraint, kv, helm3)
}

// checkKubeVersion applies a chart's kubeVersion constraint as Helm does.
// The error names the version as given (Helm 4) or without its suffix
// (Helm 3, which prints the version it parsed).
func checkKubeVersion(constraint string, kv *KubeVersion, helm3 bool) error {
	if constraint == "" {
		return nil
	}
	v, err := chart.ParseVersion(kv.String())
	if err == nil {
		if c, cerr := semver.NewConstraint(constraint); cerr == nil && c.Check(v) {
			return nil
		}
	}
	kube := kv.Version
	if helm3 {
		kube = kv.String()
	}
	return &KubeVersionError{Constraint: constraint, Kube: kube}
}
