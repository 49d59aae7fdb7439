//go:build !unix

package chart

import "os"

// mapFile maps nothing where memory mapping is not supported: the caller
// reads the file.
func mapFile(string) []byte { return nil }

// readFile reads the file at path; errors name the file as name.
func readFile(path, name string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if pe, ok := err.(*os.PathError); ok {
		pe.Path = name
	}
	return data, err
}
