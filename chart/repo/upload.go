package repo

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"runtime"
	"strings"

	"github.com/chartwright/chartwright/chart"
)

// tempPattern matches the temporary files uploads are written to before
// they are renamed into place; hidden, so never served or indexed.
const tempPattern = ".upload-*.tmp"

// maxChartYAML bounds the Chart.yaml read to name an upload.
const maxChartYAML = 1 << 20

// upload is one request's archive, spooled to a temporary file in the
// folder, and its optional provenance.
type upload struct {
	archive *os.File // nil when the request had no archive
	tmp     string   // archive's name in the folder
	size    int64
	digest  string // hex SHA-256 of the archive
	prov    []byte
}

// discard removes the spooled archive unless it was renamed into place.
func (s *Server) discard(up *upload) {
	if up.archive != nil {
		up.archive.Close()
		s.root.Remove(up.tmp)
	}
}

func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	up, err := s.receive(w, r, "chart")
	if err != nil {
		writeError(w, statusOf(err), err)
		return
	}
	defer s.discard(up)
	if up.size == 0 {
		writeError(w, http.StatusBadRequest, errors.New("no chart archive in the request"))
		return
	}
	if err := s.store(r.Context(), up); err != nil {
		writeError(w, statusOf(err), err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]bool{"saved": true})
}

func (s *Server) handleUploadProv(w http.ResponseWriter, r *http.Request) {
	up, err := s.receive(w, r, "prov")
	if err != nil {
		writeError(w, statusOf(err), err)
		return
	}
	defer s.discard(up)
	if len(up.prov) == 0 {
		writeError(w, http.StatusBadRequest, errors.New("no provenance file in the request"))
		return
	}
	if err := s.storeProv(up.prov); err != nil {
		writeError(w, statusOf(err), err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]bool{"saved": true})
}

// receive reads a multipart form (fields "chart" and "prov", as helm
// cm-push sends them) or a raw body, which is taken as field rawField. The
// archive goes to a temporary file as it arrives, never into memory; the
// file is removed if the request fails.
func (s *Server) receive(w http.ResponseWriter, r *http.Request, rawField string) (*upload, error) {
	up := &upload{}
	if err := s.receiveInto(up, w, r, rawField); err != nil {
		s.discard(up)
		return nil, err
	}
	return up, nil
}

func (s *Server) receiveInto(up *upload, w http.ResponseWriter, r *http.Request, rawField string) error {
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxUploadSize)
	mediaType, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		return s.receivePart(up, rawField, body)
	}
	if params["boundary"] == "" {
		return badRequest(errors.New("multipart body without a boundary"))
	}
	r.Body = body
	mr, err := r.MultipartReader()
	if err != nil {
		return badRequest(fmt.Errorf("bad multipart body: %w", err))
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return wrapRead(err)
		}
		if err := s.receivePart(up, part.FormName(), part); err != nil {
			return err
		}
	}
}

// receivePart stores one field: the archive in a temporary file with its
// digest, the provenance (small) in memory; other fields are skipped.
func (s *Server) receivePart(up *upload, field string, r io.Reader) error {
	switch field {
	case "chart":
		if up.archive != nil {
			return badRequest(errors.New("more than one chart archive in the request"))
		}
		f, tmp, err := s.createTemp()
		if err != nil {
			return err
		}
		up.archive, up.tmp = f, tmp
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(f, h), r)
		if err != nil {
			return wrapRead(err)
		}
		up.size, up.digest = n, hex.EncodeToString(h.Sum(nil))
		return f.Sync()
	case "prov":
		data, err := io.ReadAll(io.LimitReader(r, maxProvSize+1))
		if err != nil {
			return wrapRead(err)
		}
		if len(data) > maxProvSize {
			return &statusError{http.StatusRequestEntityTooLarge, fmt.Errorf("provenance file larger than %d bytes", maxProvSize)}
		}
		up.prov = data
		return nil
	}
	_, err := io.Copy(io.Discard, r)
	return wrapRead(err)
}

// store validates an uploaded chart (and provenance) and moves it into
// place. The file name comes from the chart's validated metadata, never
// from the request. Cheap checks come first: the chart's name and version
// from its Chart.yaml (a version already there is refused before anything
// is inflated), then the inflated size from the tar headers; only then is
// the archive loaded in full, when it fits in ValidationMemory.
func (s *Server) store(ctx context.Context, up *upload) error {
	peeked, err := s.peekMetadata(up.archive)
	if err != nil {
		return badRequest(fmt.Errorf("not a valid chart archive: %w", err))
	}
	if peeked != nil {
		if err := s.checkVacant(peeked); err != nil {
			return err
		}
	}
	inflated, err := inflatedSize(up.archive)
	if err != nil {
		return badRequest(fmt.Errorf("not a valid chart archive: %w", err))
	}
	md, err := s.validate(ctx, up, peeked, inflated)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commitLocked(up, md)
}

// checkVacant refuses a chart version the repository already holds, in
// any folder, unless overwrites are allowed.
func (s *Server) checkVacant(md *chart.Metadata) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.checkVacantLocked(md)
}

func (s *Server) checkVacantLocked(md *chart.Metadata) error {
	name := chart.ArchiveName(md)
	if !servable(name) {
		return badRequest(fmt.Errorf("chart name and version %q do not make a valid file name (at most %d bytes)", name, maxFileName))
	}
	if s.opts.AllowOverwrite {
		return nil
	}
	if len(s.sameVersionLocked(md.Name, md.Version)) > 0 {
		return &statusError{http.StatusConflict, errors.New("file already exists")}
	}
	if _, err := s.root.Stat(name); err == nil {
		return &statusError{http.StatusConflict, errors.New("file already exists")}
	}
	return nil
}

// validate loads the archive as Helm would, and checks the provenance,
// once its inflated size fits in the ValidationMemory left: a load holds
// the whole chart in memory. The version is checked again then: an upload
// of it may have been stored meanwhile.
func (s *Server) validate(ctx context.Context, up *upload, peeked *chart.Metadata, inflated int64) (*chart.Metadata, error) {
	granted, err := s.memory.acquire(ctx, inflated+up.size+validationOverhead)
	if err != nil {
		return nil, err
	}
	defer s.memory.release(granted)
	if peeked != nil {
		if err := s.checkVacant(peeked); err != nil {
			return nil, err
		}
	}
	md, err := s.loadUpload(up)
	if inflated >= bigLoad {
		// Hand the chart's memory back before the next load is admitted:
		// left to the collector's pacing, the garbage of one near-limit
		// load and the next load can add up to three times the budget.
		runtime.GC()
	}
	return md, err
}

// bigLoad is the inflated size past which a validation collects its
// garbage at once.
const bigLoad = 16 << 20

// loadUpload loads the spooled archive and checks it against the
// repository and its provenance; only the metadata outlives it.
func (s *Server) loadUpload(up *upload) (*chart.Metadata, error) {
	if _, err := up.archive.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	c, err := chart.LoadArchive(bufio.NewReader(up.archive), s.loadOptions())
	if err != nil {
		return nil, badRequest(fmt.Errorf("not a valid chart archive: %w", err))
	}
	if err := s.checkVacant(c.Metadata); err != nil {
		return nil, err
	}
	if up.prov != nil {
		if err := s.checkProvFile(up, chart.ArchiveName(c.Metadata)); err != nil {
			return nil, badRequest(err)
		}
	}
	return c.Metadata, nil
}

// checkProvFile checks an uploaded provenance against the spooled archive.
func (s *Server) checkProvFile(up *upload, name string) error {
	if s.opts.Keyring == nil {
		return checkProvDigest(up.prov, up.digest, name)
	}
	if _, err := up.archive.Seek(0, io.SeekStart); err != nil {
		return err
	}
	archive, err := io.ReadAll(up.archive)
	if err != nil {
		return err
	}
	return s.checkProv(up.prov, archive, name)
}

// commitLocked moves a validated upload into place: the one archive of its
// chart version, any other (in a subfolder, or by another name) removed.
func (s *Server) commitLocked(up *upload, md *chart.Metadata) error {
	if err := s.checkVacantLocked(md); err != nil {
		return err
	}
	name := chart.ArchiveName(md)
	others := s.sameVersionLocked(md.Name, md.Version)
	if err := up.archive.Close(); err != nil {
		return err
	}
	if err := s.root.Rename(up.tmp, name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	up.archive = nil
	if up.prov != nil {
		if err := s.writeLocked(name+".prov", up.prov); err != nil {
			return err
		}
	} else if err := s.root.Remove(name + ".prov"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err // a stale .prov would not match the new archive
	}
	for _, old := range others {
		if old != name {
			if err := s.removeArchiveLocked(old); err != nil {
				return err
			}
		}
	}
	fi, err := s.root.Stat(name)
	if err != nil {
		return err
	}
	s.catalog.entries[name] = &entry{size: fi.Size(), mod: fi.ModTime(), digest: up.digest, md: md}
	s.opts.Logger.Info("chart uploaded", "file", name, "provenance", up.prov != nil, "replaced", len(others))
	return s.publishLocked()
}

// removeArchiveLocked deletes an archive and its provenance.
func (s *Server) removeArchiveLocked(name string) error {
	for _, victim := range []string{name, name + ".prov"} {
		if err := s.root.Remove(victim); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	delete(s.catalog.entries, name)
	return nil
}

// peekMetadata reads the tar stream up to the chart's own Chart.yaml,
// usually the first member, and returns its metadata; nil when there is
// none (the full load then says why).
func (s *Server) peekMetadata(f *os.File) (*chart.Metadata, error) {
	var md *chart.Metadata
	err := eachMember(f, func(hd *tar.Header, r io.Reader) (bool, error) {
		if !isRootChartYAML(hd.Name) {
			return false, nil
		}
		data, err := io.ReadAll(io.LimitReader(r, maxChartYAML))
		if err != nil {
			return true, err
		}
		c, err := chart.LoadFiles([]*chart.LoadedFile{{Name: "Chart.yaml", ModTime: hd.ModTime, Data: data}}, s.loadOptions())
		if err != nil {
			return true, err
		}
		md = c.Metadata
		return true, nil
	})
	return md, err
}

// validationOverhead is what a validation holds besides the chart's files.
const validationOverhead = 1 << 20

// inflatedSize adds up the tar headers' sizes, reading nothing into
// memory, so that an archive inflating past chart.MaxChartSize is refused
// before it is loaded, and others are loaded when their size fits.
func inflatedSize(f *os.File) (int64, error) {
	var total int64
	err := eachMember(f, func(hd *tar.Header, _ io.Reader) (bool, error) {
		if total += hd.Size; total > chart.MaxChartSize {
			return true, fmt.Errorf("decompressed chart is larger than the maximum size %d", int64(chart.MaxChartSize))
		}
		return false, nil
	})
	return total, err
}

// eachMember calls visit for each member of the gzipped tar in f until it
// returns true or an error.
func eachMember(f *os.File, visit func(*tar.Header, io.Reader) (stop bool, err error)) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return err
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	for {
		hd, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if stop, err := visit(hd, tr); stop || err != nil {
			return err
		}
	}
}

// isRootChartYAML reports whether a tar member is the chart's own
// Chart.yaml: <folder>/Chart.yaml.
func isRootChartYAML(name string) bool {
	parts := strings.FieldsFunc(name, func(r rune) bool { return r == '/' || r == '\\' })
	return len(parts) == 2 && parts[1] == "Chart.yaml"
}

// storeProv stores a provenance file for an archive already in the folder.
func (s *Server) storeProv(prov []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, name := range preferredOrder(s.catalog.entries) {
		if strings.Contains(name, "/") {
			continue
		}
		if _, err := chart.ProvenanceDigest(prov, name); err != nil {
			continue
		}
		archive, err := s.root.ReadFile(name)
		if err != nil {
			return err
		}
		if err := s.checkProv(prov, archive, name); err != nil {
			return badRequest(err)
		}
		if _, err := s.root.Stat(name + ".prov"); err == nil && !s.opts.AllowOverwrite {
			return &statusError{http.StatusConflict, errors.New("file already exists")}
		}
		if err := s.writeLocked(name+".prov", prov); err != nil {
			return err
		}
		s.opts.Logger.Info("provenance uploaded", "file", name+".prov")
		return nil
	}
	return badRequest(errors.New("provenance file does not name an archive in this repository (upload the chart first)"))
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
	return checkProvDigest(prov, chart.Digest(archive), name)
}

// checkProvDigest accepts a .prov that records digest for name.
func checkProvDigest(prov []byte, digest, name string) error {
	sum, err := chart.ProvenanceDigest(prov, name)
	if err != nil {
		return fmt.Errorf("bad provenance file: %w", err)
	}
	if want := "sha256:" + digest; sum != want {
		return fmt.Errorf("provenance digest %s does not match the archive (%s)", sum, want)
	}
	return nil
}

func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	name, version := r.PathValue("name"), r.PathValue("version")
	s.mu.Lock()
	defer s.mu.Unlock()
	files := s.sameVersionLocked(name, version)
	if len(files) == 0 {
		writeError(w, http.StatusNotFound, errors.New("chart version not found"))
		return
	}
	for _, f := range files {
		if err := s.removeArchiveLocked(f); err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
	}
	s.opts.Logger.Info("chart deleted", "name", name, "version", version)
	if err := s.publishLocked(); err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"deleted": true})
}

// createTemp creates a temporary file in the folder, matching
// tempPattern, and returns it with its name in the folder.
func (s *Server) createTemp() (*os.File, string, error) {
	var rnd [8]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, "", err
	}
	name := strings.Replace(tempPattern, "*", hex.EncodeToString(rnd[:]), 1)
	f, err := s.root.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o644)
	return f, name, err
}

// writeLocked writes name in the folder durably, through a temporary
// file, fsync and a rename, all inside the root.
func (s *Server) writeLocked(name string, data []byte) error {
	return s.writeFileLocked(name, data, (*os.File).Sync)
}

// writeFileLocked writes name through a temporary file and a rename,
// calling sync, if set, before the rename.
func (s *Server) writeFileLocked(name string, data []byte, sync func(*os.File) error) error {
	f, tmp, err := s.createTemp()
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil && sync != nil {
		err = sync(f)
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

type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

func badRequest(err error) error { return &statusError{http.StatusBadRequest, err} }

func wrapRead(err error) error {
	if err == nil {
		return nil
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &statusError{http.StatusRequestEntityTooLarge, fmt.Errorf("upload larger than %d bytes", tooBig.Limit)}
	}
	return badRequest(err)
}

// statusOf is the HTTP status for an error: its own, else 500.
func statusOf(err error) int {
	var se *statusError
	if errors.As(err, &se) {
		return se.status
	}
	return http.StatusInternalServerError
}
