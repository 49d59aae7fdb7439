package chart

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"regexp"
	"strings"
	"sync"
)

var drivePath = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z]:/`) })

// LoadArchiveFile loads a chart from a .tgz file, after checking that it is
// a gzip stream so that a mistaken YAML argument gets a helpful error. As in
// Helm, only a bad gzip header of the file itself gets the "does not appear
// to be a valid chart file" wording.
func LoadArchiveFile(name string, opts Options) (*Chart, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if err := checkGzip(name, data); err != nil {
		return nil, err
	}
	files, err := readArchive(bytes.NewReader(data), opts.FileSizeLimit)
	switch {
	case errors.Is(err, gzip.ErrHeader):
		return nil, fmt.Errorf("file '%s' does not appear to be a valid chart file (details: %w)", name, err)
	case err != nil && opts.DetectChartVersion:
		return nil, &HelmError{Text: "unable to load chart archive", Err: err}
	case err != nil:
		return nil, err
	}
	if opts.DetectChartVersion {
		if opts.chartYAML, err = detectFiles(files); err != nil {
			return nil, err
		}
	}
	return LoadFiles(files, opts)
}

// checkGzip sniffs the content type as Helm does: of a 512-byte buffer,
// zero-padded when the file is shorter (so a short text file reads as
// application/octet-stream, not text/plain).
func checkGzip(name string, data []byte) error {
	head := make([]byte, 512)
	copy(head, data)
	if ct := http.DetectContentType(head); ct != "application/x-gzip" && !bytes.HasPrefix(head, []byte("\x1f\x8b\x08")) {
		if strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml") {
			return fmt.Errorf("file '%s' seems to be a YAML file, but expected a gzipped archive", name)
		}
		return fmt.Errorf("file '%s' does not appear to be a gzipped archive; got '%s'", name, ct)
	}
	return nil
}

// LoadArchive loads a chart from a gzipped tar stream.
func LoadArchive(r io.Reader, opts Options) (*Chart, error) {
	files, err := readArchive(r, opts.FileSizeLimit)
	if err != nil {
		return nil, err
	}
	return LoadFiles(files, opts)
}

// ReadArchive reads the files of a chart archive with Helm's safety checks:
// the first path element is dropped, and absolute paths, paths outside the
// chart folder, drive letters and archives that inflate past [MaxChartSize]
// are errors.
func ReadArchive(r io.Reader) ([]*LoadedFile, error) {
	return readArchive(r, false)
}

// readArchive is ReadArchive, refusing with fileLimit a member larger than
// MaxFileSize as Helm 3 does, after the check of the chart's size.
func readArchive(r io.Reader, fileLimit bool) ([]*LoadedFile, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	remaining := int64(MaxChartSize)
	var files []*LoadedFile
	for {
		hd, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if hd.FileInfo().IsDir() || hd.Typeflag == tar.TypeXGlobalHeader || hd.Typeflag == tar.TypeXHeader {
			continue
		}
		name, err := archiveMemberName(hd.Name)
		if err != nil {
			return nil, &MemberError{Member: hd.Name, Err: err}
		}
		if fileLimit && hd.Size <= remaining && hd.Size > MaxFileSize {
			return nil, fmt.Errorf("decompressed chart file %q is larger than the maximum file size %d", hd.Name, int64(MaxFileSize))
		}
		data, err := readMember(tr, hd.Size, &remaining)
		if err != nil {
			return nil, err
		}
		files = append(files, &LoadedFile{Name: name, ModTime: hd.ModTime, Data: bytes.TrimPrefix(data, utf8BOM)})
	}
	if len(files) == 0 {
		return nil, errors.New("no files in chart archive")
	}
	return files, nil
}

// archiveMemberName drops the first path element of a tar entry name and
// rejects names that would land outside the chart folder.
func archiveMemberName(raw string) (string, error) {
	sep := "/"
	if strings.ContainsRune(raw, '\\') {
		sep = "\\"
	}
	parts := strings.Split(raw, sep)
	name := strings.ReplaceAll(strings.Join(parts[1:], sep), sep, "/")
	if path.IsAbs(name) {
		return "", errors.New("chart illegally contains absolute paths")
	}
	name = path.Clean(name)
	switch {
	case name == ".":
		return "", fmt.Errorf("chart illegally contains content outside the base directory: %q", raw)
	case strings.HasPrefix(name, ".."):
		return "", errors.New("chart illegally references parent directory")
	case drivePath().MatchString(name):
		return "", errors.New("chart contains illegally named files")
	}
	return name, nil
}

func readMember(r io.Reader, size int64, remaining *int64) ([]byte, error) {
	tooBig := fmt.Errorf("decompressed chart is larger than the maximum size %d", int64(MaxChartSize))
	if size > *remaining {
		return nil, tooBig
	}
	var b bytes.Buffer
	b.Grow(int(size) + bytes.MinRead) // no doubling: a near-limit member would briefly take twice its size
	n, err := io.Copy(&b, io.LimitReader(r, *remaining))
	if err != nil {
		return nil, err
	}
	*remaining -= n
	if n < size || *remaining <= 0 {
		return nil, tooBig
	}
	return b.Bytes(), nil
}

// ArchiveChartName reads a chart archive as Helm's chartutil.Expand does
// before it writes the chart out (helm lint of an archive): the archive's
// files, then the name in its Chart.yaml, with Expand's errors.
func ArchiveChartName(r io.Reader, helm3 bool) (string, error) {
	files, err := readArchive(r, helm3) // Helm 3 bounds each file
	if err != nil {
		return "", err
	}
	var name string
	for _, f := range files {
		if f.Name == "Chart.yaml" {
			d := DecodeChartYAML(f.Data)
			if d.Err != nil {
				return "", fmt.Errorf("%w: %w", ErrChartYAML, HelmTypeNames(d.Err, helm3))
			}
			name = d.Metadata.Name
		}
	}
	if name == "" {
		return "", errors.New("chart name not specified")
	}
	return name, nil
}
