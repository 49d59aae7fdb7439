// Package version (in folder version3) holds the type of Helm 3's
// .Capabilities.HelmVersion, named as Helm 3's (version.BuildInfo) because
// templates can see the name; Helm 4's has one more field.
package version

// BuildInfo is .Capabilities.HelmVersion.
type BuildInfo struct {
	Version      string `json:"version,omitempty"`
	GitCommit    string `json:"git_commit,omitempty"`
	GitTreeState string `json:"git_tree_state,omitempty"`
	GoVersion    string `json:"go_version,omitempty"`
}
