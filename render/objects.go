package render

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"
	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/kube"
	"github.com/chartwright/chartwright/render/internal/chartutil"
	"github.com/chartwright/chartwright/render/internal/common"
	"github.com/chartwright/chartwright/render/internal/engine"
	"github.com/chartwright/chartwright/render/internal/version"
	version3 "github.com/chartwright/chartwright/render/internal/version3"
)

// The types of the top-level objects that other packages name. Each mode
// gives the objects the types of its Helm, named as Helm's, because
// templates can see the names (typeOf .): see internal/common (Helm 4) and
// internal/chartutil (Helm 3).
type (
	Values        = common.Values
	Capabilities  = common.Capabilities
	Capabilities3 = chartutil.Capabilities
	KubeVersion   = common.KubeVersion
	Files         = engine.Files
)

// valuesOf gives m the type of the top-level object, .Values and .Template
// in the mode.
func valuesOf(m map[string]any, helm3 bool) any {
	if helm3 {
		return chartutil.Values(m)
	}
	return common.Values(m)
}

// plainMap is a top-level object or .Values as a map, empty if v is none.
func plainMap(v any) map[string]any {
	switch v := v.(type) {
	case common.Values:
		return v
	case chartutil.Values:
		return v
	case map[string]any:
		return v
	}
	return map[string]any{}
}

// DefaultKubeVersion is the Kubernetes version the official Helm releases
// assume without a cluster (from the client-go they are built with).
const DefaultKubeVersion = "v" + kube.DefaultKubeVersion + ".0"

// ParseKubeVersion reads a --kube-version value as Kubernetes' generic
// version parser does (k8s.io/apimachinery/pkg/util/version.ParseGeneric,
// which Helm calls): leading space and an optional "v", at least two
// dot-separated numbers, the first without a leading zero, and anything
// after them on the line ignored (1.25.x is 1.25).
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
	return common.NewKubeVersion(version, "v"+strings.Join(parts, "."), parts[0], parts[1]), nil
}

func parseGenericVersion(s string) ([]uint64, error) {
	v := strings.TrimPrefix(strings.TrimLeft(s, "\t\n\f\r "), "v")
	end := digitsEnd(v, 0)
	if end == 0 || strings.ContainsRune(v[end:], '\n') {
		return nil, fmt.Errorf("could not parse %q as version", s)
	}
	for end < len(v) && v[end] == '.' && digitsEnd(v, end+1) > end+1 {
		end = digitsEnd(v, end+1)
	}
	fields := strings.Split(v[:end], ".") // what follows is ignored
	if len(fields) < 2 {
		return nil, fmt.Errorf("illegal version string %q", s)
	}
	nums := make([]uint64, len(fields))
	for i, f := range fields {
		if i == 0 && len(f) > 1 && f[0] == '0' {
			return nil, fmt.Errorf("illegal zero-prefixed version component %q in %q", f, s)
		}
		n, err := strconv.ParseUint(f, 10, 0)
		if err != nil {
			return nil, fmt.Errorf("illegal non-numeric version component %q in %q: %v", f, s, err)
		}
		nums[i] = n
	}
	return nums, nil
}

// digitsEnd is the end of the run of ASCII digits in s from i.
func digitsEnd(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
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
func capabilities(kv KubeVersion, apis []string, helm3 bool) any {
	if helm3 {
		kv3 := chartutil.KubeVersion{Version: kv.String(), Major: kv.Major, Minor: kv.Minor}
		return &chartutil.Capabilities{KubeVersion: kv3, APIVersions: apis,
			HelmVersion: version3.BuildInfo{Version: helm3Version, GitTreeState: "clean", GoVersion: goVersion}}
	}
	return &common.Capabilities{KubeVersion: kv, APIVersions: apis,
		HelmVersion: version.BuildInfo{Version: helm4Version, GitTreeState: "clean", GoVersion: goVersion, KubeClientVersion: kubeClientVersion}}
}

// chartObject builds .Chart: Helm 4 exposes the metadata as a map keyed by
// Go field names, Helm 3 as a struct of the metadata plus IsRoot, whose
// type templates see as Helm 3's ("struct { chart.Metadata; IsRoot bool }").
func chartObject(c *chart.Chart, helm3 bool) any {
	if helm3 {
		return struct {
			chart.Metadata
			IsRoot bool
		}{*c.Metadata, c.IsRoot()}
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
