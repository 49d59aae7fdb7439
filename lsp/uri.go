package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	"go.lsp.dev/protocol"
)

// errNotFile is the error of a URI whose scheme is not file: such
// documents (untitled buffers, git diffs) are not chart files.
type errNotFile struct{ uri string }

func (e errNotFile) Error() string { return fmt.Sprintf("%s: not a file URI", truncate(e.uri, 200)) }

// uriPath returns the absolute, cleaned path of a file URI. Unlike
// go.lsp.dev/uri's Filename, it returns an error, never panics, for other
// schemes and malformed URIs.
func uriPath(u protocol.DocumentURI) (string, error) {
	parsed, err := url.Parse(string(u))
	if err != nil {
		return "", fmt.Errorf("%s: %w", truncate(string(u), 200), err)
	}
	if parsed.Scheme != "file" {
		return "", errNotFile{string(u)}
	}
	p := parsed.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/") // file:///C:/x
		if parsed.Host != "" {
			p = `\\` + parsed.Host + p // file://server/share
		}
	}
	p = filepath.FromSlash(p)
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("%s: not an absolute file path", truncate(string(u), 200))
	}
	return filepath.Clean(p), nil
}

// fileURI returns the file URI of an absolute path.
func fileURI(path string) protocol.DocumentURI {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x
	}
	return protocol.DocumentURI((&url.URL{Scheme: "file", Path: p}).String())
}
