package render

import (
	"encoding/base64"
	"path"
	"strings"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/gobwas/glob"
)

// Files is .Files: the chart's non-template files by name, with Helm's methods.
type Files map[string][]byte

func newFiles(from []*source.File) Files {
	f := make(Files, len(from))
	for _, file := range from {
		f[file.Name] = file.Data
	}
	return f
}

// GetBytes returns a file's content, or an empty slice.
func (f Files) GetBytes(name string) []byte {
	if v, ok := f[name]; ok {
		return v
	}
	return []byte{}
}

// Get returns a file's content as a string, or "".
func (f Files) Get(name string) string { return string(f.GetBytes(name)) }

// Glob returns the files whose names match a gobwas/glob pattern with '/' as
// separator; an invalid pattern matches everything, as in Helm.
func (f Files) Glob(pattern string) Files {
	g, err := glob.Compile(pattern, '/')
	if err != nil {
		g, _ = glob.Compile("**")
	}
	out := Files{}
	for name, data := range f {
		if g.Match(name) {
			out[name] = data
		}
	}
	return out
}

// AsConfig renders the files as a YAML map of base name to content.
func (f Files) AsConfig() string {
	return f.asYAML(func(b []byte) string { return string(b) })
}

// AsSecrets renders the files as a YAML map of base name to base64 content.
func (f Files) AsSecrets() string {
	return f.asYAML(base64.StdEncoding.EncodeToString)
}

func (f Files) asYAML(encode func([]byte) string) string {
	if f == nil {
		return ""
	}
	m := make(map[string]string, len(f))
	for name, data := range f {
		m[path.Base(name)] = encode(data)
	}
	return toYAML(m)
}

// Lines splits a file into lines, dropping one trailing newline.
func (f Files) Lines(name string) []string {
	s := string(f[name])
	if s == "" {
		return []string{}
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
