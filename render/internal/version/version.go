// Package version holds the type of Helm 4's .Capabilities.HelmVersion,
// named as Helm's (version.BuildInfo) because templates can see the name.
package version

// BuildInfo is .Capabilities.HelmVersion.
type BuildInfo struct {
	Version           string `json:"version,omitempty"`
	GitCommit         string `json:"git_commit,omitempty"`
	GitTreeState      string `json:"git_tree_state,omitempty"`
	GoVersion         string `json:"go_version,omitempty"`
	KubeClientVersion string `json:"kube_client_version"`
}
