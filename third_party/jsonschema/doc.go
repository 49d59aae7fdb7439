// Package jsonschema is github.com/santhosh-tekuri/jsonschema/v6 at v6.0.3,
// the JSON Schema validator Helm uses, copied with its LICENSE so that
// patches can be applied: each draft's metaschema compiles the first time a
// schema of that draft is checked rather than in an init function (see
// Draft.compileMetaschema), and compiling allocates less. Everything else is
// the release's code, so validation and its messages are Helm's. UPSTREAM.md
// records the release and the patches; the module third_party/upstreamtest
// checks the copy against the release.
package jsonschema
