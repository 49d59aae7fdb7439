//go:build go1.27

package fastparse

// fastTrees says whether this parser builds the trees itself. From Go 1.27
// on, nodes print themselves (in ErrorContext, for every execution error)
// with delimiters read from their tree through an unexported field of every
// node, which this parser cannot set: a tree of ours would panic there. So
// text/template/parse parses every text (slower, and the same trees).
const fastTrees = false
