// Package kind is the error kinds of github.com/santhosh-tekuri/jsonschema/v6
// at v6.0.3, unchanged (see the parent package).
package kind
