package main

// clientGoVersion is the k8s.io/client-go release whose scheme gives the
// default API versions and deprecations; it must match go.mod and the
// client-go that Helm v4.3.1 builds with.
const clientGoVersion = "v0.37.1"

// defaultKubeVersion is the Kubernetes minor version matching clientGoVersion.
const defaultKubeVersion = "1.37"
