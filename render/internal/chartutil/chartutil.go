// Package chartutil holds the types of Helm 3's top-level template objects
// that templates can name: typeOf . is "chartutil.Values", typeOf
// .Capabilities "*chartutil.Capabilities", as in Helm 3, whose types live
// in a package of this name (helm.sh/helm/v3/pkg/chartutil). Charts compare
// such names to tell the top-level object from other data.
package chartutil

import (
	"fmt"
	"io"
	"slices"

	"github.com/chartwright/chartwright/render/internal/tables"
	version "github.com/chartwright/chartwright/render/internal/version3"
)

// Values is the type of the top-level object, .Values and .Template.
type Values map[string]any

// YAML encodes the values as Helm does, with a trailing newline.
func (v Values) YAML() (string, error) { return tables.YAML(v) }

// Table returns the table at a dot-separated path.
func (v Values) Table(name string) (Values, error) {
	return tables.Table(v, name, tables.TableOf[Values])
}

// AsMap returns the values as a plain map.
func (v Values) AsMap() map[string]any { return tables.AsMap(v) }

// Encode writes the values' YAML to w.
func (v Values) Encode(w io.Writer) error { return tables.Encode(w, v) }

// PathValue returns the value, not a table, at a dot-separated path.
func (v Values) PathValue(path string) (any, error) {
	return tables.PathValue(v, path, tables.TableOf[Values])
}

// Format prints the values as fmt prints a map, unless they hold
// themselves (see tables.Format).
func (v Values) Format(f fmt.State, verb rune) { tables.Format(f, verb, v, "chartutil.Values") }

// Capabilities is .Capabilities.
type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
	HelmVersion version.BuildInfo
}

// KubeVersion is .Capabilities.KubeVersion: Version is already normalized
// (Helm 3 drops a suffix such as -gke.100), and the struct prints as
// "{v1.37.0 1 37}".
type KubeVersion struct {
	Version string
	Major   string
	Minor   string
}

// String is the version, as Helm 3 prints it.
func (kv *KubeVersion) String() string { return kv.Version }

// GitVersion is the version (deprecated alias kept by Helm).
func (kv *KubeVersion) GitVersion() string { return kv.Version }

// VersionSet is .Capabilities.APIVersions.
type VersionSet []string

// Has reports whether the set holds the exact API version string.
func (v VersionSet) Has(apiVersion string) bool { return slices.Contains(v, apiVersion) }
