package chart

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/cores"
	"github.com/chartwright/chartwright/internal/helmlog"
	"sigs.k8s.io/yaml"
)

// MaxChartSize bounds the total bytes of a chart's files, directory or
// archive (Helm's 100 MiB).
const MaxChartSize = 100 << 20

// MaxFileSize bounds each file of a chart, directory or archive, in Helm 3
// (5 MiB); Helm 4.3.1 has no such bound. See Options.FileSizeLimit.
const MaxFileSize = 5 << 20

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// LoadedFile is a file read from a chart directory or archive, before it is classified.
type LoadedFile struct {
	Name    string // slash-separated, relative to the chart root
	ModTime time.Time
	Data    []byte

	bom bool // a byte order mark was left out of Data
}

// Options adjust loading to a Helm version.
type Options struct {
	// FirstValuesDocument reads only the first YAML document of values.yaml,
	// as Helm 3 does; Helm 4 merges all documents. It also selects Helm 3's
	// Go type names in decoding errors (see HelmTypeNames) and its format
	// of Chart.LoadLog.
	FirstValuesDocument bool
	// DetectChartVersion reads Chart.yaml first to pick the chart API
	// version, as Helm 4's loader.Load does, with its errors: "unable to
	// detect chart at ...", "unsupported chart version", "unable to load
	// chart archive" (the cause kept behind a [HelmError]). Helm 3 does not.
	DetectChartVersion bool
	// EditorBOM, when set, tells which files of a folder (by path from
	// the root chart's folder) an editor holds with a byte order mark:
	// those the loader finds one in are marked (source.File.BOM), so that
	// LSP positions count it. The mark is left out of the data all the
	// same, as Helm does.
	EditorBOM func(path string) bool
	// FileSizeLimit refuses a file larger than MaxFileSize, as Helm 3
	// does, naming it as Helm 3 names it.
	FileSizeLimit bool

	// chartYAML is the root Chart.yaml as the detection decoded it, for
	// the load to take rather than decode it again; nil for subcharts.
	chartYAML *decodedChartYAML
}

// decodedChartYAML is a Chart.yaml's bytes and their decoding.
type decodedChartYAML struct {
	data     []byte
	metadata *Metadata
}

// Load loads the chart at path, a directory or a .tgz archive.
func Load(p string, opts Options) (*Chart, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		if opts.DetectChartVersion {
			detected, err := detectDir(p)
			if err != nil {
				return nil, err
			}
			opts.chartYAML = detected
		}
		return loadDir(os.DirFS(p), opts, p)
	}
	return LoadArchiveFile(p, opts)
}

// detectDir reads a chart directory's Chart.yaml as Helm 4 does before
// loading the directory, whatever .helmignore says, and returns its
// decoding, which the load takes when it reads the same bytes; nil when
// only the chart version decodes.
func detectDir(dir string) (*decodedChartYAML, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	name := filepath.Join(abs, "Chart.yaml")
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("unable to detect chart at %s: %w", name, err)
	}
	return detect(data)
}

// detectFiles finds the root Chart.yaml of an archive's files as Helm 4
// does, and returns its decoding as detectDir does.
func detectFiles(files []*LoadedFile) (*decodedChartYAML, error) {
	for _, f := range files {
		if f.Name == "Chart.yaml" {
			return detect(f.Data)
		}
	}
	return nil, errors.New("unable to detect chart version, no Chart.yaml found")
}

// detect checks the chart API version of a root Chart.yaml, and returns
// its decoding for the load to take; nil when only the version decodes.
func detect(data []byte) (*decodedChartYAML, error) {
	d := DecodeChartYAML(data)
	if d.Err != nil {
		return nil, checkChartVersion(data) // the version's own error, or the load reports the rest
	}
	switch d.Metadata.APIVersion {
	case APIVersionV1, APIVersionV2, "", APIVersionV3:
		return &decodedChartYAML{data: data, metadata: d.Metadata}, nil
	}
	return nil, errors.New("unsupported chart version")
}

// checkChartVersion accepts the chart API versions Helm 4 loads.
func checkChartVersion(data []byte) error {
	var head struct {
		APIVersion string `json:"apiVersion"`
	}
	if err := yaml.Unmarshal(data, &head); err != nil {
		return fmt.Errorf("%w: %w", ErrChartYAML, HelmTypeNames(err, false))
	}
	switch head.APIVersion {
	case APIVersionV1, APIVersionV2, "", APIVersionV3:
		return nil
	}
	return errors.New("unsupported chart version")
}

// LoadDir loads the chart whose root is the root of fsys, applying .helmignore.
func LoadDir(fsys fs.FS, opts Options) (*Chart, error) {
	return loadDir(fsys, opts, "")
}

// loadDir loads the chart at the root of fsys. When fsys is the folder dir
// of the operating system, large files are mapped rather than read (see
// mapFile): Load, for one-shot commands, passes it; LoadDir, for the
// language server, whose snapshots come and go, does not.
func loadDir(fsys fs.FS, opts Options, dir string) (*Chart, error) {
	links := &linkLog{log: helmlog.Log{Helm3: opts.FirstValuesDocument}}
	if dir != "" {
		links.dir, _ = filepath.Abs(dir)
	}
	ignore := DefaultIgnore()
	if fi, err := fs.Stat(fsys, IgnoreFile); err == nil && fi.IsDir() {
		// Helm reads it, and fails, naming it from the absolute folder.
		return nil, fmt.Errorf("read %s: is a directory", filepath.Join(links.dir, IgnoreFile))
	}
	if data, err := fs.ReadFile(fsys, IgnoreFile); err == nil {
		if ignore, err = ParseIgnore(data); err != nil {
			return nil, err
		}
	}
	files, err := walkAndRead(fsys, ignore, dir, links, opts.FileSizeLimit)
	if err != nil {
		if len(links.log.Lines) > 0 {
			return nil, &LoggedError{Log: links.log.Lines, Err: err}
		}
		return nil, err
	}
	c, err := LoadFiles(files, opts)
	if c != nil {
		c.LoadLog = append(links.log.Lines, c.LoadLog...) // Helm walks the folder first
	}
	return c, err
}

// linkLog follows the symbolic links of a chart folder as Helm's walk does:
// it resolves each, failing as Helm fails on one that leads nowhere, and
// logs it as Helm does. Without dir (a folder not on disk) it does nothing.
type linkLog struct {
	dir string // absolute
	log helmlog.Log
}

// follow resolves the link at name (slash-separated, in the folder) and
// returns what it leads to, as Helm reads it: the target's own
// information, which a path through many links (a link to a parent folder,
// walked into again and again) still gets. Without a folder on disk, it
// returns the information of name.
func (l *linkLog) follow(fsys fs.FS, name string) (fs.FileInfo, error) {
	if l == nil || l.dir == "" {
		return fs.Stat(fsys, name)
	}
	link := l.onDisk(name)
	resolved, err := filepath.EvalSymlinks(link)
	if err != nil {
		return nil, fmt.Errorf("error evaluating symlink %s: %w", link, err)
	}
	l.log.Both("walk.go", 75, fmt.Sprintf("found symbolic link in path: %s resolves to %s. Contents of linked file included and used", link, resolved),
		slog.LevelInfo, "found symbolic link in path. Contents of linked file included and used", "path", link, "resolved", resolved)
	return os.Lstat(resolved)
}

// readDir lists the folder name of fsys; an error names it as Helm, which
// walks the absolute folder, does (see onDisk).
func (l *linkLog) readDir(fsys fs.FS, name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(fsys, name)
	var pathErr *fs.PathError
	if err != nil && errors.As(err, &pathErr) {
		pathErr.Path = l.onDisk(name)
	}
	return entries, err
}

// onDisk is the path of the file name of the folder as Helm's walk names
// it: absolute, when the folder is on disk.
func (l *linkLog) onDisk(name string) string {
	if l == nil || l.dir == "" {
		return name
	}
	return filepath.Join(l.dir, filepath.FromSlash(name))
}

// readers is how many files are read at once: reading is mostly system
// calls, which overlap well.
const readers = 8

// walkAndRead lists the chart's files and reads them: readers start on the
// first files while the walk goes on (on one core, the walk reads them).
func walkAndRead(fsys fs.FS, ignore *Ignore, dir string, links *linkLog, fileLimit bool) ([]*LoadedFile, error) {
	if cores.N() == 1 {
		w := &dirWalker{fsys: fsys, ignore: ignore, budget: MaxChartSize, dir: dir, links: links, fileLimit: fileLimit}
		if err := w.walk(".", 0); err != nil {
			return nil, err
		}
		return w.collect()
	}
	queue := make(chan *walkedFile, 64)
	var wg sync.WaitGroup
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range queue {
				e.file, e.err = read(fsys, e, dir)
			}
		}()
	}
	w := &dirWalker{fsys: fsys, ignore: ignore, budget: MaxChartSize, queue: queue, links: links, fileLimit: fileLimit}
	err := w.walk(".", 0)
	close(queue)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	return w.collect()
}

// dirWalker walks a chart directory in lexical order, following symbolic
// links as Helm does, and queues the files to read within a size budget, or
// without a queue reads them itself, from dir.
type dirWalker struct {
	fsys    fs.FS
	ignore  *Ignore
	budget  int64
	queue   chan<- *walkedFile
	dir     string
	entries []*walkedFile
	links   *linkLog
	// fileLimit refuses a file larger than MaxFileSize (Helm 3).
	fileLimit bool
}

// walkedFile is a file found by the walk and, once read, its content.
type walkedFile struct {
	name string
	info fs.FileInfo
	file *LoadedFile
	err  error
}

// maxLinkDepth bounds directory nesting so that a symbolic link cycle ends.
const maxLinkDepth = 64

func (w *dirWalker) walk(dir string, depth int) error {
	if depth > maxLinkDepth {
		return fmt.Errorf("%s: directories nested too deep (a symbolic link cycle?)", dir)
	}
	entries, err := w.links.readDir(w.fsys, dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		var fi fs.FileInfo
		if e.Type()&fs.ModeSymlink != 0 {
			fi, err = w.links.follow(w.fsys, name)
		} else {
			fi, err = fs.Stat(w.fsys, name)
		}
		if err != nil {
			return err
		}
		if fi.IsDir() {
			if !w.ignore.Ignored(name, true) {
				if err := w.walk(name, depth+1); err != nil {
					return err
				}
			}
			continue
		}
		if w.ignore.Ignored(name, false) {
			continue
		}
		if err := w.admit(name, fi); err != nil {
			return err
		}
	}
	return nil
}

// admit checks a file's type and size, then queues it to be read.
func (w *dirWalker) admit(name string, fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("cannot load irregular file %s as it has file mode type bits set", w.links.onDisk(name))
	}
	if w.fileLimit && fi.Size() > MaxFileSize { // named as Helm 3 names it: the base name of what a link leads to
		return fmt.Errorf("chart file %q is larger than the maximum file size %d", fi.Name(), int64(MaxFileSize))
	}
	if fi.Size() > w.budget {
		return tooBig(name)
	}
	w.budget -= fi.Size()
	e := &walkedFile{name: name, info: fi}
	w.entries = append(w.entries, e)
	if w.queue == nil {
		e.file, e.err = read(w.fsys, e, w.dir)
	} else {
		w.queue <- e
	}
	return nil
}

func tooBig(name string) error {
	return fmt.Errorf("error reading %s: chart exceeds maximum decompressed size of %d bytes", name, int64(MaxChartSize))
}

// collect returns the files read, in walk order, with the first error in
// that order, and checks the total size again on what was read, since files
// may have grown.
func (w *dirWalker) collect() ([]*LoadedFile, error) {
	files := make([]*LoadedFile, len(w.entries))
	budget := int64(MaxChartSize)
	for i, e := range w.entries {
		if e.err != nil {
			return nil, e.err
		}
		if budget -= int64(len(e.file.Data)); budget < 0 {
			return nil, tooBig(e.name)
		}
		files[i] = e.file
	}
	return files, nil
}

// read reads a walked file, from dir, the operating system's folder of fsys,
// when it is known (with bare system calls, or mapped when it is large).
func read(fsys fs.FS, e *walkedFile, dir string) (*LoadedFile, error) {
	var data []byte
	var err error
	if dir == "" {
		data, err = fs.ReadFile(fsys, e.name)
	} else {
		path := filepath.Join(dir, filepath.FromSlash(e.name))
		if e.info.Size() >= minMappedSize {
			data = mapFile(path)
		}
		if data == nil {
			data, err = readFile(path, e.name)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("error reading %s: %w", e.name, err)
	}
	trimmed := bytes.TrimPrefix(data, utf8BOM)
	return &LoadedFile{Name: e.name, ModTime: e.info.ModTime(), Data: trimmed, bom: len(trimmed) < len(data)}, nil
}

// LoadFiles classifies loaded files into a chart, as Helm's loader does, and
// loads the subcharts found under charts/.
func LoadFiles(files []*LoadedFile, opts Options) (*Chart, error) {
	return loadFiles(files, opts, "")
}

// loadFiles loads the chart whose folder is dir, relative to the root
// chart's folder ("" for the root itself).
func loadFiles(files []*LoadedFile, opts Options, dir string) (*Chart, error) {
	c := &Chart{Dir: dir, ModTimes: map[string]time.Time{}}
	subcharts := c.readRaw(files, opts.EditorBOM)
	if err := c.loadMetadata(opts.FirstValuesDocument, opts.chartYAML); err != nil {
		return c, err
	}
	values, err := c.classify(opts.FirstValuesDocument)
	if err != nil {
		return c, err
	}
	// Subcharts load while this chart's values are read; errors are
	// reported in Helm's order: values, metadata, then subcharts.
	subchartsLoaded := c.loadSubcharts(subcharts, opts)
	if err := c.readValues(values, opts); err != nil {
		subchartsLoaded()
		return c, err
	}
	if c.Metadata == nil {
		subchartsLoaded()
		return c, errors.New("Chart.yaml file is missing") //lint:ignore ST1005 Helm's message, byte for byte
	}
	if err := c.Metadata.Validate(); err != nil {
		subchartsLoaded()
		return c, err
	}
	err = subchartsLoaded()
	for _, sub := range c.Subcharts { // Helm loads them after the chart's own files
		c.LoadLog = append(c.LoadLog, sub.LoadLog...)
	}
	return c, err
}

// ErrChartYAML is the error of a chart whose Chart.yaml does not decode.
var ErrChartYAML = errors.New("cannot load Chart.yaml")

// ErrValues is the error of a chart whose values.yaml does not load.
var ErrValues = errors.New("cannot load values.yaml")

// readValues reads values.yaml, if the chart has one.
func (c *Chart) readValues(f *source.File, opts Options) error {
	if f == nil {
		return nil
	}
	values, err := readFileValues(f.Data, opts.FirstValuesDocument)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrValues, err)
	}
	c.Values = values
	return nil
}

func (c *Chart) loadMetadata(helm3 bool, detected *decodedChartYAML) error {
	for _, f := range c.Raw {
		if f.Name != "Chart.yaml" {
			continue
		}
		if detected != nil && bytes.Equal(detected.data, f.Data) {
			c.Metadata = detected.metadata
		} else {
			d := DecodeChartYAML(f.Data)
			if c.Metadata = d.Metadata; d.Err != nil {
				return fmt.Errorf("%w: %w", ErrChartYAML, HelmTypeNames(d.Err, helm3))
			}
		}
		if c.Metadata.APIVersion == "" {
			c.Metadata.APIVersion = APIVersionV1
		}
	}
	return nil
}

// readRaw gives each file of the chart its one [source.File], in Raw, and
// returns the files of each subchart, keyed by their first path element
// below charts/.
func (c *Chart) readRaw(files []*LoadedFile, editorBOM func(string) bool) (subcharts map[string][]*LoadedFile) {
	subcharts = map[string][]*LoadedFile{}
	for _, f := range files {
		if rest, ok := strings.CutPrefix(f.Name, "charts/"); ok && path.Ext(f.Name) != ".prov" {
			group, _, _ := strings.Cut(rest, "/")
			subcharts[group] = append(subcharts[group], &LoadedFile{Name: rest, ModTime: f.ModTime, Data: f.Data, bom: f.bom})
			continue
		}
		p := c.FilePath(f.Name)
		c.Raw = append(c.Raw, &source.File{Name: f.Name, Path: p, Data: f.Data, BOM: f.bom && editorBOM != nil && editorBOM(p)})
		c.ModTimes[f.Name] = f.ModTime
	}
	return subcharts
}

// classify sorts the files of Raw into the chart's parts, as Helm's loader
// does, and returns the values file, to be read.
func (c *Chart) classify(helm3 bool) (values *source.File, err error) {
	for _, f := range c.Raw {
		switch {
		case f.Name == "Chart.yaml":
		case f.Name == "Chart.lock":
			c.Lock = &Lock{}
			if err := yaml.Unmarshal(f.Data, &c.Lock); err != nil { // an empty or null lock leaves none, as in Helm
				return nil, fmt.Errorf("cannot load Chart.lock: %w", HelmTypeNames(err, helm3))
			}
		case f.Name == "values.yaml":
			values = f
		case f.Name == "values.schema.json":
			c.Schema = f.Data
		case f.Name == "requirements.yaml" || f.Name == "requirements.lock":
			if err := c.loadRequirements(f, helm3); err != nil {
				return nil, err
			}
		case strings.HasPrefix(f.Name, "templates/"):
			c.Templates = append(c.Templates, f)
		default:
			c.Files = append(c.Files, f)
		}
	}
	return values, nil
}

// loadRequirements reads apiVersion v1's requirements.yaml and
// requirements.lock, which Helm reads in any chart, logging that apiVersion
// v2 has them in Chart.yaml and Chart.lock.
func (c *Chart) loadRequirements(f *source.File, helm3 bool) error {
	if c.Metadata == nil {
		c.Metadata = &Metadata{}
	}
	if c.Metadata.APIVersion != APIVersionV1 {
		log := helmlog.Log{Helm3: helm3}
		if f.Name == "requirements.yaml" {
			log.Printf("load.go", 120, "Warning: Dependencies are handled in Chart.yaml since apiVersion \"v2\". We recommend migrating dependencies to Chart.yaml.")
		} else {
			log.Printf("load.go", 138, "Warning: Dependency locking is handled in Chart.lock since apiVersion \"v2\". We recommend migrating to Chart.lock.")
		}
		c.LoadLog = append(c.LoadLog, log.Lines...)
	}
	if f.Name == "requirements.yaml" {
		if err := yaml.Unmarshal(f.Data, c.Metadata); err != nil {
			return fmt.Errorf("cannot load requirements.yaml: %w", HelmTypeNames(err, helm3))
		}
	} else {
		c.Lock = &Lock{}
		if err := yaml.Unmarshal(f.Data, &c.Lock); err != nil {
			return fmt.Errorf("cannot load requirements.lock: %w", HelmTypeNames(err, helm3))
		}
	}
	if c.Metadata.APIVersion == APIVersionV1 {
		c.Files = append(c.Files, f)
	}
	return nil
}

// loadSubcharts starts loading each group of files under charts/,
// concurrently (on one core, loads them); the returned function waits and
// adds them in name order.
// Groups starting with '_' or '.' are skipped, as in Helm.
func (c *Chart) loadSubcharts(groups map[string][]*LoadedFile, opts Options) (wait func() error) {
	opts.chartYAML = nil // the root's alone
	names := make([]string, 0, len(groups))
	for n := range groups {
		if strings.IndexAny(n, "_.") != 0 {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	subs := make([]*Chart, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		load := func() { subs[i], errs[i] = loadSubchart(n, groups[n], opts, path.Join(c.Dir, "charts", n)) }
		if cores.N() == 1 {
			load()
			continue
		}
		wg.Go(load)
	}
	return func() error {
		wg.Wait()
		for i, n := range names {
			if errs[i] != nil {
				return fmt.Errorf("error unpacking subchart %s in %s: %w", n, c.Name(), errs[i])
			}
			c.AddSubchart(subs[i])
		}
		return nil
	}
}

// loadSubchart loads the subchart of the files under charts/<name>, a
// folder or an archive, whose folder is dir.
func loadSubchart(name string, files []*LoadedFile, opts Options, dir string) (*Chart, error) {
	if filepath.Ext(name) == ".tgz" {
		if files[0].Name != name {
			return nil, fmt.Errorf("expected %s, got %s", name, files[0].Name)
		}
		inner, err := readArchive(bytes.NewReader(files[0].Data), opts.FileSizeLimit)
		if err != nil {
			return nil, err
		}
		c, err := loadFiles(inner, opts, dir)
		c.Archived = true
		return c, err
	}
	var inner []*LoadedFile
	for _, f := range files {
		if _, rest, ok := strings.Cut(f.Name, "/"); ok {
			inner = append(inner, &LoadedFile{Name: rest, ModTime: f.ModTime, Data: f.Data, bom: f.bom})
		}
	}
	return loadFiles(inner, opts, dir)
}
