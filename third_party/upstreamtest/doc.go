// Package upstreamtest holds the copies in third_party to the releases they
// were copied from. It is a module of its own, like interop, so that the
// upstream modules are test dependencies only and never in the product's
// go.mod: third_party/jsonschema must give the verdicts and messages of
// github.com/santhosh-tekuri/jsonschema/v6 on Helm's and chartwright's
// schemas, and its source must be the release's except for the documented
// patch; third_party/govalidator must answer as github.com/asaskevich/govalidator.
// It has tests only.
package upstreamtest
