package render

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/chartwright/chartwright/chart"
)

// WriteOptions select what `helm template` prints.
type WriteOptions struct {
	IncludeCRDs bool     // --include-crds
	NoHooks     bool     // --no-hooks
	SkipTests   bool     // --skip-tests
	ShowOnly    []string // --show-only patterns, matched against template paths
	// OutputDir writes each template's documents to a file under it instead.
	OutputDir string
	// ReleaseDir is the folder under OutputDir that the manifests and hooks
	// go to (--release-name); the CRD files go to OutputDir itself, as in
	// Helm, which writes them before it names the release's folder.
	ReleaseDir string
}

// dirOf is the folder a document goes to under --output-dir.
func (o WriteOptions) dirOf(d Document) string {
	if d.Manifest == nil || o.ReleaseDir == "" {
		return o.OutputDir
	}
	return filepath.Join(o.OutputDir, o.ReleaseDir)
}

// Document is one printed document: its source template and text.
type Document struct {
	Source  string
	Content string
	// Manifest is the rendered document behind it; nil for CRD files.
	Manifest *Manifest
}

// Documents returns what `helm template` prints, in order: CRD files if
// asked, manifests, then hooks.
func (rel *Release) Documents(opts WriteOptions) []Document {
	var docs []Document
	if opts.IncludeCRDs {
		docs = append(docs, crdObjects(rel.Chart)...)
	}
	for _, m := range rel.Manifests {
		docs = append(docs, Document{Source: m.Source, Content: m.Content, Manifest: m})
	}
	if opts.NoHooks {
		return docs
	}
	for _, h := range rel.Hooks {
		if opts.SkipTests && h.IsTest() {
			continue
		}
		docs = append(docs, Document{Source: h.Source, Content: h.Content, Manifest: h})
	}
	return docs
}

// crdObjects are the chart's crds/ files and its subcharts', as Helm lists them.
func crdObjects(c *chart.Chart) []Document {
	var docs []Document
	for _, f := range c.CRDs() {
		docs = append(docs, Document{Source: path.Join(c.FullPath(), f.Name), Content: string(f.Data)})
	}
	for _, s := range c.Subcharts {
		docs = append(docs, crdObjects(s)...)
	}
	return docs
}

// Text is the output of `helm template` without --show-only: the
// manifests, trimmed, then the hooks.
func (rel *Release) Text(opts WriteOptions) string {
	manifests, hooks := rel.textParts(opts)
	var b strings.Builder
	b.Grow(len(manifests) + 1 + len(hooks))
	b.WriteString(manifests)
	b.WriteByte('\n')
	b.WriteString(hooks)
	return b.String()
}

// textParts are the two parts of Text, which a newline joins: the
// manifests, trimmed, and the hooks.
func (rel *Release) textParts(opts WriteOptions) (manifests, hooks string) {
	docs, n := rel.Documents(opts), rel.manifestCount(opts)
	return strings.TrimSpace(joinDocuments(docs[:n])), joinDocuments(docs[n:])
}

// manifestCount is how many of the documents Documents returns are
// manifests (CRD files included), before the hooks.
func (rel *Release) manifestCount(opts WriteOptions) int {
	n := len(rel.Manifests)
	if opts.IncludeCRDs {
		n += len(crdObjects(rel.Chart))
	}
	return n
}

// writeText writes Text to w through a buffer, without building it (the
// output of a big chart is megabytes). The manifests are trimmed as Text
// trims them: they start with a "---" line, and trailing space never goes
// back past the last document's "---" line.
func (rel *Release) writeText(w io.Writer, opts WriteOptions) error {
	docs, n := rel.Documents(opts), rel.manifestCount(opts)
	b := bufio.NewWriterSize(w, 64<<10)
	if n > 0 {
		writeDocuments(b, docs[:n-1])
		var last strings.Builder
		writeDocuments(&last, docs[n-1:n])
		b.WriteString(strings.TrimRightFunc(last.String(), unicode.IsSpace))
	}
	b.WriteByte('\n')
	writeDocuments(b, docs[n:])
	return b.Flush()
}

// joinDocuments prints documents with their separators and Source comments.
func joinDocuments(docs []Document) string {
	size := 0
	for _, d := range docs {
		size += len(docHead) + len(d.Source) + len(docSource) + len(d.Content) + 1
	}
	var b strings.Builder
	b.Grow(size)
	writeDocuments(&b, docs)
	return b.String()
}

const docHead, docSource = "---\n# Source: ", "\n"

// textWriter is a strings.Builder or a bufio.Writer.
type textWriter interface {
	io.StringWriter
	io.ByteWriter
}

// writeDocuments writes documents as joinDocuments joins them.
func writeDocuments(w textWriter, docs []Document) {
	for _, d := range docs {
		w.WriteString(docHead)
		w.WriteString(d.Source)
		w.WriteString(docSource)
		w.WriteString(d.Content)
		w.WriteByte('\n')
	}
}

var sourceLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("# Source: [^/]+/(.+)") })

// Write prints the release as `helm template` does, or writes it under
// opts.OutputDir, reporting each file written to w.
func (rel *Release) Write(w io.Writer, opts WriteOptions) error {
	if opts.OutputDir != "" {
		return rel.writeDir(w, opts)
	}
	if len(opts.ShowOnly) == 0 {
		return rel.writeText(w, opts)
	}
	shown, err := rel.showOnly(rel.Text(opts), opts.ShowOnly)
	if err != nil {
		return err
	}
	return writeShown(w, shown)
}

// writeShown prints the documents --show-only kept, each after a "---" line.
func writeShown(w io.Writer, shown []string) error {
	for _, d := range shown {
		if _, err := fmt.Fprintf(w, "---\n%s\n", d); err != nil {
			return err
		}
	}
	return nil
}

// WriteDebug prints what helm template --debug prints when the render
// failed with err, a StageError: the rendered files when they were not
// valid YAML (Helm's blob of them, in name order here, in Go's random map
// order in Helm), else an empty line. --show-only applies to them; a
// pattern that matches nothing makes err the command's error in Helm 4
// (WriteDebug returns it), its own error in Helm 3.
func (rel *Release) WriteDebug(w io.Writer, err error, opts WriteOptions) error {
	var files []Document
	if rel.Output != nil && len(rel.Output.Errors) == 0 { // the manifests did not sort
		for _, f := range rel.Output.Files {
			if strings.TrimSpace(f.Content) != "" {
				files = append(files, Document{Source: f.Name, Content: f.Content})
			}
		}
		slices.SortFunc(files, func(a, b Document) int { return strings.Compare(a.Source, b.Source) })
	}
	text := strings.TrimSpace(joinDocuments(files)) + "\n"
	if len(opts.ShowOnly) == 0 {
		_, werr := io.WriteString(w, text)
		return werr
	}
	shown, serr := rel.showOnly(text, opts.ShowOnly)
	if serr != nil && !rel.helm3 { // Helm 3 says the pattern matched nothing
		return err
	}
	if serr != nil {
		return serr
	}
	return writeShown(w, shown)
}

// showOnly re-splits the printed text and keeps the documents whose source
// path (after the chart name) matches a pattern, pattern by pattern.
func (rel *Release) showOnly(text string, patterns []string) ([]string, error) {
	pieces := splitDocuments(text, rel.helm3)
	var shown []string
	for _, pattern := range patterns {
		found := false
		for _, p := range pieces {
			m := sourceLine().FindStringSubmatch(p.text)
			if m == nil {
				continue
			}
			if showOnlyMatch(pattern, m[1]) {
				shown = append(shown, p.text)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("could not find template %s in chart", pattern)
		}
	}
	return shown, nil
}

// showOnlyMatch reports whether a --show-only pattern matches a template
// path (the source without the chart name).
func showOnlyMatch(pattern, path string) bool {
	ok, _ := filepath.Match(filepath.ToSlash(pattern), path)
	return ok
}

// writeDir writes the documents as helm template --output-dir does, each
// source's documents to <dir>/<source>, and reports each document written
// to w; a file is written whole through a temporary file, in the order its
// first document comes. As in Helm, a hook's documents are appended to the
// file already on disk when no manifest of its source came first (a
// leftover of an earlier run keeps its content), and --show-only fails
// after the writing: Helm matches it against what is left to print,
// nothing.
func (rel *Release) writeDir(w io.Writer, opts WriteOptions) error {
	docs := rel.Documents(opts)
	contents := map[string]*strings.Builder{}
	var order []string
	first := map[string]int{} // source → index of its first document
	for i, d := range docs {
		b, ok := contents[d.Source]
		if !ok {
			b = &strings.Builder{}
			if d.Manifest != nil && d.Manifest.Hook {
				old, _ := os.ReadFile(outputPath(opts.dirOf(d), d.Source))
				b.Write(old)
			}
			contents[d.Source] = b
			order = append(order, d.Source)
			first[d.Source] = i
		}
		fmt.Fprintf(b, "---\n# Source: %s\n%s\n", d.Source, d.Content)
	}
	for _, name := range order {
		if err := writeFileAtomic(opts.dirOf(docs[first[name]]), name, contents[name].String()); err != nil {
			reportWritten(w, docs[:first[name]], opts)
			if d := docs[first[name]]; d.Manifest == nil || !d.Manifest.Hook {
				err = fmt.Errorf("%w\n\nUse --debug flag to render out invalid YAML", err) // Helm's install wrote it
			}
			return err
		}
	}
	reportWritten(w, docs, opts)
	if len(opts.ShowOnly) > 0 {
		return fmt.Errorf("could not find template %s in chart", opts.ShowOnly[0])
	}
	// Helm still prints the (empty, trimmed) manifest text and its newline.
	_, err := io.WriteString(w, "\n")
	return err
}

// reportWritten prints Helm's line for each document written.
func reportWritten(w io.Writer, docs []Document, opts WriteOptions) {
	for _, d := range docs {
		fmt.Fprintf(w, "wrote %s\n", outputPath(opts.dirOf(d), d.Source))
	}
}

// outputPath is where a source's documents go, named as Helm names it.
func outputPath(dir, source string) string { return dir + string(filepath.Separator) + source }

func writeFileAtomic(dir, name, data string) error {
	target := filepath.Join(dir, filepath.FromSlash(name))
	if rel, err := filepath.Rel(dir, target); err != nil || strings.HasPrefix(rel, "..") {
		return fmt.Errorf("refusing to write %q outside %s", name, dir)
	}
	// A folder that is not one fails Stat, as Helm checks it, before MkdirAll.
	if _, err := os.Stat(filepath.Dir(target)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), ".chartwright-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), target)
}
