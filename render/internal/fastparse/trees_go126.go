//go:build !go1.27

package fastparse

// fastTrees says whether this parser builds the trees itself. Up to Go
// 1.26, a tree's nodes need no more than what this parser sets (see
// setTreeText).
const fastTrees = true
