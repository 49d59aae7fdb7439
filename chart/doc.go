// Package chart loads Helm charts exactly as Helm does: directories (with
// .helmignore) and .tgz archives (with Helm's path and size checks), Chart.yaml
// metadata, values files, values.schema.json, templates, other files and
// subcharts, recursively.
//
// The principal types are [Chart], [Metadata] and [Dependency]; [Load],
// [LoadDir], [LoadArchive] and [LoadFiles] build them. Source positions of
// Chart.yaml fields and values keys, of every document, list items
// included, with the comments that document them, are available through
// [IndexYAML] as a [KeyIndex], computed on demand so that rendering pays
// nothing for them; a file that does not parse yet is indexed from its
// indentation. [IndexYAMLKeys] is the same index without the comments,
// read from the text without yaml.v3 for the YAML values files are
// written in: lint's.
//
// The package reads the file system only through the path or [io/fs.FS] its
// caller names, prints nothing and keeps no global state.
package chart
