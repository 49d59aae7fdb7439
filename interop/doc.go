// Package interop holds tests judged by real Helm: they use helm.sh/helm/v4
// v4.3.1's own packages to read what chartwright writes (archives, .prov
// files, index.yaml, a served repository) and make what chartwright must
// read. It is a separate module so that the product never depends on Helm.
package interop
