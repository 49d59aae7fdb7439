package repo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/chartwright/chartwright/chart"
)

// Limits the server enforces unless ServerOptions says otherwise;
// docs/packaging.md states them.
const (
	// DefaultMaxUploadSize bounds an upload request body (archive plus
	// provenance).
	DefaultMaxUploadSize = 32 << 20
	// DefaultMaxConnections caps the connections open at once; more wait
	// in the kernel's accept queue.
	DefaultMaxConnections = 1024
	// DefaultValidationMemory bounds the inflated size of the uploads
	// validated at once: room for one near-limit chart (100 MiB) and small
	// ones beside it. More wait their turn (never a 503: helm cm-push does
	// not retry).
	DefaultValidationMemory = 128 << 20
	// DefaultPollInterval is how often the folder is checked for changes
	// made by hand.
	DefaultPollInterval = 2 * time.Second
	// maxProvSize bounds a provenance file, which holds a Chart.yaml and a
	// signature.
	maxProvSize = 1 << 20
	// maxFileName is the longest file name most file systems accept.
	maxFileName = 255
)

// ServerOptions configure a [Server].
type ServerOptions struct {
	// Dir is the repository folder: archives (and their .prov files) in it
	// and in its direct subfolders are served and indexed, hidden files and
	// folders excepted.
	Dir string
	// URL is the base URL written into index entries; empty gives relative
	// URLs, which Helm resolves against the repository URL.
	URL string
	// Upload enables the ChartMuseum API (/api/charts, /api/prov).
	Upload bool
	// AllowOverwrite lets an upload replace an existing chart version.
	AllowOverwrite bool
	// MaxUploadSize bounds upload bodies; 0 means DefaultMaxUploadSize. The
	// body read timeout grows with it.
	MaxUploadSize int64
	// MaxConnections caps open connections (see [Server.Listen]); 0 means
	// DefaultMaxConnections.
	MaxConnections int
	// ValidationMemory bounds the inflated size of the uploads validated at
	// once; 0 means DefaultValidationMemory.
	ValidationMemory int64
	// PollInterval is how often the folder is checked for changes made by
	// hand; 0 means DefaultPollInterval, negative never (call
	// [Server.Rescan]).
	PollInterval time.Duration
	// Auth, when set, protects the write endpoints and, unless
	// AnonymousGet, the read endpoints too (GET /health excepted).
	Auth *Credentials
	// AnonymousGet leaves reads open to anyone when Auth is set.
	AnonymousGet bool
	// Keyring, when set, makes uploaded .prov files verify against it;
	// without it a .prov must at least name the archive with its digest.
	Keyring openpgp.EntityList
	// Helm selects the loader flavour.
	Helm chart.HelmVersion
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives one line per change and per failed login; nil
	// discards.
	Logger *slog.Logger
}

// Server is an http.Handler serving a folder as a Helm chart repository:
// GET /index.yaml (served from memory, rebuilt when archives change),
// GET /<archive>.tgz[.prov] (also under /charts/ and one subfolder deep),
// GET /health and, with Upload, the ChartMuseum API. Files are reached only
// through an [os.Root], so no request or symbolic link can leave the
// folder; all changes to the folder are serialized, and each chart version
// is one archive.
type Server struct {
	opts    ServerOptions
	root    *os.Root
	mux     *http.ServeMux
	origins *http.CrossOriginProtection
	memory  *budget // inflated bytes of the uploads being validated
	logins  *loginGuard
	stop    chan struct{} // closed by Close: the poller ends
	stopped sync.Once
	polling sync.WaitGroup

	current atomic.Pointer[published]     // what readers see, without a lock
	conns   atomic.Pointer[limitListener] // from Listen, if used

	mu      sync.Mutex // guards catalog and every write to the folder
	catalog catalog
}

// published is one built index, immutable once stored.
type published struct {
	index *chart.IndexFile
	yaml  []byte
}

// NewServer opens the folder, removes temporary files an interrupted
// upload left, indexes the archives and starts watching the folder. Close
// releases it.
func NewServer(opts ServerOptions) (*Server, error) {
	if opts.MaxUploadSize <= 0 {
		opts.MaxUploadSize = DefaultMaxUploadSize
	}
	if opts.MaxConnections <= 0 {
		opts.MaxConnections = DefaultMaxConnections
	}
	if opts.ValidationMemory <= 0 {
		opts.ValidationMemory = DefaultValidationMemory
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = DefaultPollInterval
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	root, err := os.OpenRoot(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("open repository folder: %w", err)
	}
	s := &Server{
		opts:    opts,
		root:    root,
		origins: http.NewCrossOriginProtection(),
		memory:  newBudget(opts.ValidationMemory),
		logins:  newLoginGuard(),
		stop:    make(chan struct{}),
		catalog: newCatalog(root),
	}
	s.removeLeftovers()
	if err := s.Rescan(); err != nil {
		root.Close()
		return nil, err
	}
	s.routes()
	if opts.PollInterval > 0 {
		s.polling.Add(1)
		go s.poll()
	}
	return s, nil
}

// Close stops watching the folder and releases it.
func (s *Server) Close() error {
	s.stopped.Do(func() { close(s.stop) })
	s.polling.Wait()
	return s.root.Close()
}

// removeLeftovers deletes the temporary files of uploads that a crash
// interrupted; they are never part of the repository.
func (s *Server) removeLeftovers() {
	leftovers, _ := fs.Glob(s.root.FS(), tempPattern)
	for _, name := range leftovers {
		if err := s.root.Remove(name); err == nil {
			s.opts.Logger.Info("leftover upload removed", "file", name)
		}
	}
}

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /health", s.handleHealth)
	s.mux.HandleFunc("GET /{$}", s.reader(s.handleHome))
	s.mux.HandleFunc("GET /index.yaml", s.reader(s.handleIndex))
	s.mux.HandleFunc("GET /{file}", s.reader(s.handleFile))
	s.mux.HandleFunc("GET /{dir}/{file}", s.reader(s.handleFile))
	if !s.opts.Upload {
		return
	}
	s.mux.HandleFunc("GET /api/charts", s.reader(s.handleListAll))
	s.mux.HandleFunc("GET /api/charts/{name}", s.reader(s.handleListChart))
	s.mux.HandleFunc("GET /api/charts/{name}/{version}", s.reader(s.handleGetVersion))
	s.mux.HandleFunc("POST /api/charts", s.writer(s.handleUpload))
	s.mux.HandleFunc("POST /api/prov", s.writer(s.handleUploadProv))
	s.mux.HandleFunc("DELETE /api/charts/{name}/{version}", s.writer(s.handleDelete))
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.crowded() {
		w.Header().Set("Connection", "close") // make room for those waiting
	}
	s.mux.ServeHTTP(w, r)
}

// Access says in a few words who may read and write, for the start-up
// line.
func (s *Server) Access() string {
	writes := "read-only"
	if s.opts.Upload {
		writes = "uploads on"
	}
	switch {
	case s.opts.Auth == nil:
		return writes + ", no credentials: anyone who can connect may use it"
	case s.opts.AnonymousGet:
		return writes + ", reads open to anyone (--anonymous-get), writes need credentials"
	default:
		return writes + ", reads and writes need credentials"
	}
}

func (s *Server) handleHome(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "chartwright chart repository: helm repo add NAME <this URL>")
}

func (s *Server) handleHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]bool{"healthy": true})
}

// handleIndex serves the index built at the last change, without a lock.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	p := s.current.Load()
	w.Header().Set("Content-Type", "application/x-yaml")
	http.ServeContent(w, r, "index.yaml", p.index.Generated, bytes.NewReader(p.yaml))
}

// handleFile serves an archive or provenance file by its name in the
// folder, in a subfolder, or under /charts/ (ChartMuseum's URLs).
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	dir, file := r.PathValue("dir"), r.PathValue("file")
	if !servable(file) || (dir != "" && !visibleName(dir)) {
		http.NotFound(w, r)
		return
	}
	candidates := []string{path.Join(dir, file)}
	if dir == "charts" {
		candidates = []string{file, path.Join(dir, file)}
	}
	for _, name := range candidates {
		f, err := s.root.Open(name)
		if err != nil {
			continue
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		ctype := "application/gzip"
		if strings.HasSuffix(file, ".prov") {
			ctype = "application/pgp-signature"
		}
		w.Header().Set("Content-Type", ctype)
		http.ServeContent(w, r, file, fi.ModTime(), f)
		return
	}
	http.NotFound(w, r)
}

// servable reports whether file is a name the server hands out: an archive
// or a provenance file, never a hidden file.
func servable(file string) bool {
	return visibleName(file) && len(file) <= maxFileName &&
		(strings.HasSuffix(file, ".tgz") || strings.HasSuffix(file, ".tgz.prov"))
}

// visibleName reports whether s is a single path element that stays in
// place and is not hidden.
func visibleName(s string) bool {
	return s != "" && !strings.HasPrefix(s, ".") && !strings.ContainsAny(s, "/\\\x00")
}

func (s *Server) handleListAll(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.current.Load().index.Entries)
}

func (s *Server) handleListChart(w http.ResponseWriter, r *http.Request) {
	vs, ok := s.current.Load().index.Entries[r.PathValue("name")]
	if !ok {
		writeError(w, http.StatusNotFound, errors.New("chart not found"))
		return
	}
	writeJSON(w, http.StatusOK, vs)
}

func (s *Server) handleGetVersion(w http.ResponseWriter, r *http.Request) {
	cv := findVersion(s.current.Load().index, r.PathValue("name"), r.PathValue("version"))
	if cv == nil {
		writeError(w, http.StatusNotFound, errors.New("chart version not found"))
		return
	}
	writeJSON(w, http.StatusOK, cv)
}

// findVersion finds an exact version; "latest" is the highest (ChartMuseum).
func findVersion(idx *chart.IndexFile, name, version string) *chart.ChartVersion {
	vs := idx.Entries[name]
	if version == "latest" && len(vs) > 0 {
		return vs[0]
	}
	for _, cv := range vs {
		if cv.Version == version {
			return cv
		}
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
