// Package jsonschema is github.com/santhosh-tekuri/jsonschema/v6 at v6.0.3,
// the JSON Schema validator Helm uses, copied with its LICENSE so that one
// patch can be applied: the metaschemas compile on the first Compile rather
// than in an init function (see metaschemasCompiled). Everything else is the
// release's code, so validation and its messages are Helm's. UPSTREAM.md
// records the release and the patch; the module third_party/upstreamtest
// checks the copy against the release.
package jsonschema
