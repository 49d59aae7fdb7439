//go:build !unix

package chart

// mapFile maps nothing where memory mapping is not supported: the caller
// reads the file.
func mapFile(string) []byte { return nil }
