// Package engine holds .Files's type. It is named after Helm's package and
// type (engine.files) because templates can see the name: typeOf .Files and
// printf "%T" print it.
package engine

import (
	"encoding/base64"
	"path"
	"strings"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render/internal/toyaml"
	"github.com/gobwas/glob"
)

// files is .Files: the chart's non-template files by name, with Helm's
// methods.
type files map[string][]byte

// Files names the type outside this package.
type Files = files

// NewFiles returns .Files for a chart's non-template files.
func NewFiles(from []*source.File) Files {
	f := make(Files, len(from))
	for _, file := range from {
		f[file.Name] = file.Data
	}
	return f
}

// GetBytes returns a file's content, or an empty slice.
func (f files) GetBytes(name string) []byte {
	if v, ok := f[name]; ok {
		return v
	}
	return []byte{}
}

// Get returns a file's content as a string, or "".
func (f files) Get(name string) string { return string(f.GetBytes(name)) }

// Glob returns the files whose names match a gobwas/glob pattern with '/' as
// separator; an invalid pattern matches everything, as in Helm.
func (f files) Glob(pattern string) files {
	g, err := glob.Compile(pattern, '/')
	if err != nil {
		g, _ = glob.Compile("**")
	}
	out := files{}
	for name, data := range f {
		if g.Match(name) {
			out[name] = data
		}
	}
	return out
}

// AsConfig renders the files as a YAML map of base name to content.
func (f files) AsConfig() string {
	return f.asYAML(func(b []byte) string { return string(b) })
}

// AsSecrets renders the files as a YAML map of base name to base64 content.
func (f files) AsSecrets() string {
	return f.asYAML(base64.StdEncoding.EncodeToString)
}

func (f files) asYAML(encode func([]byte) string) string {
	if f == nil {
		return ""
	}
	m := make(map[string]string, len(f))
	for name, data := range f {
		m[path.Base(name)] = encode(data)
	}
	return toyaml.Encode(m)
}

// Lines splits a file into lines, dropping one trailing newline.
func (f files) Lines(name string) []string {
	s := string(f[name])
	if s == "" {
		return []string{}
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
