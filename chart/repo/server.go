package repo

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/chartwright/chartwright/chart"
)

// DefaultMaxUploadSize bounds an upload request body (archive plus
// provenance) unless ServerOptions says otherwise.
const DefaultMaxUploadSize = 32 << 20

// ServerOptions configure a [Server].
type ServerOptions struct {
	// Dir is the repository folder: archives (and their .prov files) in it
	// and in its direct subfolders are served and indexed.
	Dir string
	// URL is the base URL written into index entries; empty gives relative
	// URLs, which Helm resolves against the repository URL.
	URL string
	// Upload enables the ChartMuseum API (/api/charts, /api/prov).
	Upload bool
	// AllowOverwrite lets an upload replace an existing chart version.
	AllowOverwrite bool
	// MaxUploadSize bounds upload bodies; 0 means DefaultMaxUploadSize.
	MaxUploadSize int64
	// Auth, when set, protects the write endpoints (POST, DELETE).
	Auth *Credentials
	// Keyring, when set, makes uploaded .prov files verify against it;
	// without it a .prov must at least name the archive with its digest.
	Keyring openpgp.EntityList
	// Helm selects the loader flavour.
	Helm chart.HelmVersion
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives one line per change; nil discards.
	Logger *slog.Logger
}

// Server is an http.Handler serving a folder as a Helm chart repository:
// GET /index.yaml (regenerated whenever the archives change, created times
// of unchanged archives kept), GET /<archive>.tgz[.prov] (also under
// /charts/ and one subfolder deep), GET /health and, with Upload, the
// ChartMuseum API. Files are reached only through an [os.Root], so no
// request or symbolic link can leave the folder; all changes to the folder
// and the index are serialized.
type Server struct {
	opts ServerOptions
	root *os.Root
	mux  *http.ServeMux

	mu      sync.Mutex // guards everything below and every write to the folder
	entries map[string]*entry
	prev    *chart.IndexFile // index.yaml found at start, for created times
	index   *chart.IndexFile
	yaml    []byte
}

// entry is what the server knows about one archive, keyed by its
// slash-separated path in the folder.
type entry struct {
	size    int64
	mod     time.Time
	digest  string
	md      *chart.Metadata
	created time.Time
}

// NewServer opens the folder and returns the server. Close releases it.
func NewServer(opts ServerOptions) (*Server, error) {
	if opts.MaxUploadSize <= 0 {
		opts.MaxUploadSize = DefaultMaxUploadSize
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
	s := &Server{opts: opts, root: root, entries: map[string]*entry{}}
	if data, err := root.ReadFile("index.yaml"); err == nil {
		s.prev, _, _ = chart.LoadIndex(data)
	}
	s.routes()
	return s, nil
}

// Close releases the folder.
func (s *Server) Close() error { return s.root.Close() }

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /{$}", s.handleHome)
	s.mux.HandleFunc("GET /index.yaml", s.handleIndex)
	s.mux.HandleFunc("GET /health", s.handleHealth)
	s.mux.HandleFunc("GET /{file}", s.handleFile)
	s.mux.HandleFunc("GET /{dir}/{file}", s.handleFile)
	if !s.opts.Upload {
		return
	}
	s.mux.HandleFunc("GET /api/charts", s.handleListAll)
	s.mux.HandleFunc("GET /api/charts/{name}", s.handleListChart)
	s.mux.HandleFunc("GET /api/charts/{name}/{version}", s.handleGetVersion)
	s.mux.HandleFunc("POST /api/charts", s.auth(s.handleUpload))
	s.mux.HandleFunc("POST /api/prov", s.auth(s.handleUploadProv))
	s.mux.HandleFunc("DELETE /api/charts/{name}/{version}", s.auth(s.handleDelete))
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Index returns the current index, rescanning the folder if it changed.
func (s *Server) Index() (*chart.IndexFile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		return nil, err
	}
	return s.index, nil
}

// refreshLocked rescans the folder; archives whose size and modification
// time are unchanged are not read again, and the index is rebuilt only if
// some archive appeared, changed or vanished.
func (s *Server) refreshLocked() error {
	names, err := s.archives()
	if err != nil {
		return err
	}
	changed := len(names) != len(s.entries) || s.index == nil
	next := make(map[string]*entry, len(names))
	for _, name := range names {
		fi, err := s.root.Stat(name)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		old := s.entries[name]
		if old != nil && old.size == fi.Size() && old.mod.Equal(fi.ModTime()) {
			next[name] = old
			continue
		}
		changed = true
		e, err := s.load(name, fi)
		if err != nil {
			s.opts.Logger.Warn("archive skipped", "file", name, "error", err)
			next[name] = &entry{size: fi.Size(), mod: fi.ModTime()} // remembered, not indexed
			continue
		}
		e.created = s.createdFor(name, e, old)
		next[name] = e
	}
	s.entries = next
	if !changed {
		return nil
	}
	return s.rebuildLocked()
}

// archives lists the *.tgz files of the folder and its direct subfolders,
// leaving out hidden files and folders, which are never served.
func (s *Server) archives() ([]string, error) {
	var out []string
	for _, pattern := range []string{"*.tgz", "*/*.tgz"} {
		m, err := fs.Glob(s.root.FS(), pattern)
		if err != nil {
			return nil, err
		}
		for _, name := range m {
			if !strings.HasPrefix(name, ".") && !strings.Contains(name, "/.") {
				out = append(out, name)
			}
		}
	}
	return out, nil
}

func (s *Server) load(name string, fi fs.FileInfo) (*entry, error) {
	if fi.Size() > chart.MaxChartSize {
		return nil, fmt.Errorf("archive larger than %d bytes", chart.MaxChartSize)
	}
	data, err := s.root.ReadFile(name)
	if err != nil {
		return nil, err
	}
	c, err := chart.LoadArchive(bytes.NewReader(data), chart.Options{FirstValuesDocument: s.opts.Helm == chart.Helm3})
	if err != nil {
		return nil, err
	}
	return &entry{size: fi.Size(), mod: fi.ModTime(), digest: chart.Digest(data), md: c.Metadata}, nil
}

// createdFor keeps the created time of an archive whose digest is unchanged,
// from this run or from the index.yaml found at start.
func (s *Server) createdFor(name string, e, old *entry) time.Time {
	if old != nil && old.digest == e.digest && !old.created.IsZero() {
		return old.created
	}
	if s.prev != nil {
		for _, cv := range s.prev.Entries[e.md.Name] {
			if cv.Version == e.md.Version && cv.Digest == e.digest && !cv.Created.IsZero() {
				return cv.Created
			}
		}
	}
	return s.opts.Now()
}

func (s *Server) rebuildLocked() error {
	idx := chart.NewIndex(s.opts.Now())
	for _, name := range sortedNames(s.entries) {
		e := s.entries[name]
		if e.md == nil {
			continue
		}
		md := *e.md
		dir, file := path.Split(name)
		if err := idx.Add(&md, file, chart.URLJoin(s.opts.URL, strings.TrimSuffix(dir, "/")), e.digest, e.created); err != nil {
			s.opts.Logger.Warn("archive not indexed", "file", name, "error", err)
		}
	}
	idx.SortEntries()
	data, err := idx.EncodeYAML()
	if err != nil {
		return err
	}
	s.index, s.yaml = idx, data
	return nil
}

func sortedNames(m map[string]*entry) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (s *Server) handleHome(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "chartwright chart repository: helm repo add NAME <this URL>")
}

func (s *Server) handleHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]bool{"healthy": true})
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	err := s.refreshLocked()
	data, generated := s.yaml, s.index
	s.mu.Unlock()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-yaml")
	http.ServeContent(w, r, "index.yaml", generated.Generated, bytes.NewReader(data))
}

// handleFile serves an archive or provenance file by its name in the
// folder, in a subfolder, or under /charts/ (ChartMuseum's URLs).
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	dir, file := r.PathValue("dir"), r.PathValue("file")
	if !servable(file) || (dir != "" && !safeName(dir)) {
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
	return safeName(file) && !strings.HasPrefix(file, ".") &&
		(strings.HasSuffix(file, ".tgz") || strings.HasSuffix(file, ".tgz.prov"))
}

// safeName reports whether s is a single path element that stays in place.
func safeName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/\\\x00")
}

func (s *Server) handleListAll(w http.ResponseWriter, r *http.Request) {
	idx, err := s.Index()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, http.StatusOK, idx.Entries)
}

func (s *Server) handleListChart(w http.ResponseWriter, r *http.Request) {
	idx, err := s.Index()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	vs, ok := idx.Entries[r.PathValue("name")]
	if !ok {
		writeError(w, http.StatusNotFound, errors.New("chart not found"))
		return
	}
	writeJSON(w, http.StatusOK, vs)
}

func (s *Server) handleGetVersion(w http.ResponseWriter, r *http.Request) {
	idx, err := s.Index()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	cv := findVersion(idx, r.PathValue("name"), r.PathValue("version"))
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

// upload is one request's archive and optional provenance.
type upload struct {
	archive, prov []byte
}

func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	up, err := s.readUpload(w, r, "chart")
	if err != nil {
		writeError(w, statusOf(err), err)
		return
	}
	if len(up.archive) == 0 {
		writeError(w, http.StatusBadRequest, errors.New("no chart archive in the request"))
		return
	}
	status, err := s.store(up)
	if err != nil {
		writeError(w, status, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]bool{"saved": true})
}

func (s *Server) handleUploadProv(w http.ResponseWriter, r *http.Request) {
	up, err := s.readUpload(w, r, "prov")
	if err != nil {
		writeError(w, statusOf(err), err)
		return
	}
	if len(up.prov) == 0 {
		writeError(w, http.StatusBadRequest, errors.New("no provenance file in the request"))
		return
	}
	status, err := s.storeProv(up.prov)
	if err != nil {
		writeError(w, status, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]bool{"saved": true})
}

// readUpload reads a multipart form (fields "chart" and "prov", as helm
// cm-push sends them) or a raw body, which is taken as field rawField.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, rawField string) (*upload, error) {
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxUploadSize)
	up := &upload{}
	mediaType, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		data, err := io.ReadAll(body)
		if err != nil {
			return nil, wrapRead(err)
		}
		if rawField == "prov" {
			up.prov = data
		} else {
			up.archive = data
		}
		return up, nil
	}
	if params["boundary"] == "" {
		return nil, badRequest(errors.New("multipart body without a boundary"))
	}
	r.Body = body
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequest(fmt.Errorf("bad multipart body: %w", err))
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return up, nil
		}
		if err != nil {
			return nil, wrapRead(err)
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, wrapRead(err)
		}
		switch part.FormName() {
		case "chart":
			up.archive = data
		case "prov":
			up.prov = data
		}
	}
}

type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

func badRequest(err error) error { return &statusError{http.StatusBadRequest, err} }

func wrapRead(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &statusError{http.StatusRequestEntityTooLarge, fmt.Errorf("upload larger than %d bytes", tooBig.Limit)}
	}
	return badRequest(err)
}

func statusOf(err error) int {
	var se *statusError
	if errors.As(err, &se) {
		return se.status
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// store validates an uploaded chart (and provenance) and writes it. The
// file name comes from the chart's validated metadata, never from the
// request. It returns the HTTP status for an error.
func (s *Server) store(up *upload) (int, error) {
	c, err := chart.LoadArchive(bytes.NewReader(up.archive), chart.Options{FirstValuesDocument: s.opts.Helm == chart.Helm3})
	if err != nil {
		return http.StatusBadRequest, fmt.Errorf("not a valid chart archive: %w", err)
	}
	name := chart.ArchiveName(c.Metadata)
	if !servable(name) {
		return http.StatusBadRequest, fmt.Errorf("chart name and version %q do not make a valid file name", name)
	}
	if up.prov != nil {
		if err := s.checkProv(up.prov, up.archive, name); err != nil {
			return http.StatusBadRequest, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.root.Stat(name); err == nil && !s.opts.AllowOverwrite {
		return http.StatusConflict, errors.New("file already exists")
	}
	if err := s.writeLocked(name, up.archive); err != nil {
		return http.StatusInternalServerError, err
	}
	if up.prov != nil {
		if err := s.writeLocked(name+".prov", up.prov); err != nil {
			return http.StatusInternalServerError, err
		}
	} else if err := s.root.Remove(name + ".prov"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return http.StatusInternalServerError, err // a stale .prov would not match the new archive
	}
	s.opts.Logger.Info("chart uploaded", "file", name, "provenance", up.prov != nil)
	if err := s.refreshLocked(); err != nil {
		return http.StatusInternalServerError, err
	}
	return 0, nil
}

// storeProv stores a provenance file for an archive already in the folder.
func (s *Server) storeProv(prov []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		return http.StatusInternalServerError, err
	}
	for _, name := range sortedNames(s.entries) {
		if strings.Contains(name, "/") {
			continue
		}
		if _, err := chart.ProvenanceDigest(prov, name); err != nil {
			continue
		}
		archive, err := s.root.ReadFile(name)
		if err != nil {
			return http.StatusInternalServerError, err
		}
		if err := s.checkProv(prov, archive, name); err != nil {
			return http.StatusBadRequest, err
		}
		if _, err := s.root.Stat(name + ".prov"); err == nil && !s.opts.AllowOverwrite {
			return http.StatusConflict, errors.New("file already exists")
		}
		if err := s.writeLocked(name+".prov", prov); err != nil {
			return http.StatusInternalServerError, err
		}
		s.opts.Logger.Info("provenance uploaded", "file", name+".prov")
		return 0, nil
	}
	return http.StatusBadRequest, errors.New("provenance file does not name an archive in this repository (upload the chart first)")
}

// checkProv accepts a .prov that records archive under name with its digest
// and, with a keyring configured, carries a valid signature.
func (s *Server) checkProv(prov, archive []byte, name string) error {
	if s.opts.Keyring != nil {
		if _, err := chart.Verify(archive, prov, name, s.opts.Keyring); err != nil {
			return fmt.Errorf("provenance does not verify: %w", err)
		}
		return nil
	}
	sum, err := chart.ProvenanceDigest(prov, name)
	if err != nil {
		return fmt.Errorf("bad provenance file: %w", err)
	}
	if want := "sha256:" + chart.Digest(archive); sum != want {
		return fmt.Errorf("provenance digest %s does not match the archive (%s)", sum, want)
	}
	return nil
}

// writeLocked writes name in the folder through a temporary file and a
// rename, both inside the root.
func (s *Server) writeLocked(name string, data []byte) error {
	var rnd [8]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return err
	}
	tmp := ".upload-" + hex.EncodeToString(rnd[:]) + ".tmp"
	f, err := s.root.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = s.root.Rename(tmp, name)
	}
	if err != nil {
		s.root.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	name, version := r.PathValue("name"), r.PathValue("version")
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	var files []string
	for _, f := range sortedNames(s.entries) {
		if e := s.entries[f]; e.md != nil && e.md.Name == name && e.md.Version == version {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		writeError(w, http.StatusNotFound, errors.New("chart version not found"))
		return
	}
	for _, f := range files {
		for _, victim := range []string{f, f + ".prov"} {
			if err := s.root.Remove(victim); err != nil && !errors.Is(err, fs.ErrNotExist) {
				writeError(w, http.StatusInternalServerError, err)
				return
			}
		}
	}
	s.opts.Logger.Info("chart deleted", "name", name, "version", version)
	if err := s.refreshLocked(); err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"deleted": true})
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
