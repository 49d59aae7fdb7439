package repo

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/chartwright/chartwright/chart"
)

func newTestServer(t *testing.T, opts ServerOptions) (*Server, *httptest.Server) {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	s, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	s.logins.delay = func(context.Context) {} // failed logins answered at once
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return s, ts
}

// archiveBytes packages a minimal chart and returns the archive's bytes.
func archiveBytes(t testing.TB, name, version string) []byte {
	t.Helper()
	p := packageTo(t, t.TempDir(), name, version)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

type response struct {
	status int
	body   string
}

func do(t testing.TB, req *http.Request) response {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, string(body)}
}

func post(t testing.TB, url string, body []byte, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, req)
}

func get(t testing.TB, url string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	return do(t, req)
}

// multipartBody builds the form helm cm-push sends.
func multipartBody(t testing.TB, archive, prov []byte) (body []byte, contentType string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for field, data := range map[string][]byte{"chart": archive, "prov": prov} {
		if data == nil {
			continue
		}
		w, err := mw.CreateFormFile(field, field+".bin")
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

func rescan(t testing.TB, s *Server) {
	t.Helper()
	if err := s.Rescan(); err != nil {
		t.Fatal(err)
	}
}

func serverIndex(t *testing.T, url string) *chart.IndexFile {
	t.Helper()
	r := get(t, url+"/index.yaml")
	if r.status != http.StatusOK {
		t.Fatalf("GET /index.yaml: %d %s", r.status, r.body)
	}
	idx, skipped, err := chart.LoadIndex([]byte(r.body))
	if err != nil || len(skipped) > 0 {
		t.Fatalf("index: %v %v\n%s", err, skipped, r.body)
	}
	return idx
}

func TestServerFiftyParallelUploads(t *testing.T) {
	s, ts := newTestServer(t, ServerOptions{Upload: true})
	const n = 50
	archives := make([][]byte, n)
	for i := range archives {
		archives[i] = archiveBytes(t, "busy", fmt.Sprintf("1.0.%d", i))
	}
	var wg sync.WaitGroup
	results := make([]response, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				results[i] = post(t, ts.URL+"/api/charts", archives[i])
			} else {
				body, ctype := multipartBody(t, archives[i], nil)
				results[i] = post(t, ts.URL+"/api/charts", body, "Content-Type", ctype)
			}
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.status != http.StatusCreated {
			t.Errorf("upload %d: %d %s", i, r.status, r.body)
		}
	}
	idx := serverIndex(t, ts.URL)
	if got := len(idx.Entries["busy"]); got != n {
		t.Fatalf("index lists %d versions, want %d", got, n)
	}
	for _, cv := range idx.Entries["busy"] {
		var i int
		fmt.Sscanf(cv.Version, "1.0.%d", &i)
		if cv.Digest != chart.Digest(archives[i]) {
			t.Errorf("%s: index digest %s does not match the upload", cv.Version, cv.Digest)
		}
		served := get(t, ts.URL+"/"+cv.URLs[0])
		if served.status != http.StatusOK || chart.Digest([]byte(served.body)) != cv.Digest {
			t.Errorf("%s: served archive does not match its digest (status %d)", cv.URLs[0], served.status)
		}
	}
	if files := visibleFiles(t, s.opts.Dir); len(files) != n {
		t.Errorf("%d files in the folder, want %d (temporary files left?)", len(files), n)
	}
}

func TestServerUploadRules(t *testing.T) {
	dir := t.TempDir()
	s, ts := newTestServer(t, ServerOptions{Dir: dir, Upload: true, MaxUploadSize: 64 << 10})
	good := archiveBytes(t, "app", "1.0.0")
	if r := post(t, ts.URL+"/api/charts", good); r.status != http.StatusCreated || r.body != "{\"saved\":true}\n" {
		t.Fatalf("first upload: %d %s", r.status, r.body)
	}
	if r := post(t, ts.URL+"/api/charts", good); r.status != http.StatusConflict || !strings.Contains(r.body, "file already exists") {
		t.Errorf("overwrite: %d %s", r.status, r.body)
	}
	s.opts.AllowOverwrite = true
	if r := post(t, ts.URL+"/api/charts", good); r.status != http.StatusCreated {
		t.Errorf("allowed overwrite: %d %s", r.status, r.body)
	}

	bad := map[string]struct {
		body   []byte
		status int
		want   string
	}{
		"corrupt archive":   {[]byte("not a gzip stream"), http.StatusBadRequest, "not a valid chart archive"},
		"path traversal":    {tarball(t, map[string]string{"app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 2.0.0\n", "app/../../evil": "x"}), http.StatusBadRequest, "chart illegally references parent directory"},
		"invalid version":   {tarball(t, map[string]string{"app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.2.3.4\n"}), http.StatusBadRequest, `chart.metadata.version \"1.2.3.4\" is invalid`},
		"name with slash":   {tarball(t, map[string]string{"app/Chart.yaml": "apiVersion: v2\nname: ../app\nversion: 1.0.0\n"}), http.StatusBadRequest, "is invalid"},
		"too large":         {bytes.Repeat([]byte("x"), 65<<10), http.StatusRequestEntityTooLarge, "larger than"},
		"empty body":        {nil, http.StatusBadRequest, "no chart archive"},
		"not a chart":       {tarball(t, map[string]string{"app/values.yaml": "a: 1\n"}), http.StatusBadRequest, "Chart.yaml file is missing"},
		"archive root file": {tarball(t, map[string]string{"Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n"}), http.StatusBadRequest, "outside the base directory"},
	}
	for name, tc := range bad {
		t.Run(name, func(t *testing.T) {
			r := post(t, ts.URL+"/api/charts", tc.body)
			if r.status != tc.status || !strings.Contains(r.body, tc.want) {
				t.Errorf("got %d %s, want %d with %q", r.status, r.body, tc.status, tc.want)
			}
		})
	}
	if files := visibleFiles(t, dir); strings.Join(files, " ") != "app-1.0.0.tgz" {
		t.Errorf("folder after bad uploads: %v", files)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "evil")); err == nil {
		t.Error("a traversal upload wrote outside the folder")
	}
}

// visibleFiles lists the folder's files but the created-times file;
// temporary files are listed.
func visibleFiles(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != createdFile {
			names = append(names, e.Name())
		}
	}
	return names
}

// tarball builds a gzipped tar with the given members, in name order.
func tarball(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	for _, name := range sortedKeysOf(files) {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(files[name])), Typeflag: tar.TypeReg})
		tw.Write([]byte(files[name]))
	}
	tw.Close()
	zw.Close()
	return b.Bytes()
}

func sortedKeysOf(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if keys[j] < keys[i] {
				keys[i], keys[j] = keys[j], keys[i]
			}
		}
	}
	return keys
}

func TestServerAuth(t *testing.T) {
	creds := &Credentials{Username: "ci", Password: "pw", Token: "tok"}
	s, ts := newTestServer(t, ServerOptions{Upload: true, Auth: creds})
	archive := archiveBytes(t, "app", "1.0.0")
	for _, tc := range []struct {
		name   string
		header []string
		status int
	}{
		{"none", nil, http.StatusUnauthorized},
		{"wrong password", []string{"Authorization", "Basic Y2k6bm8="}, http.StatusUnauthorized},
		{"wrong token", []string{"Authorization", "Bearer nope"}, http.StatusUnauthorized},
		{"basic", []string{"Authorization", "Basic Y2k6cHc="}, http.StatusCreated},
		{"bearer", []string{"Authorization", "Bearer tok"}, http.StatusConflict},
	} {
		if r := post(t, ts.URL+"/api/charts", archive, tc.header...); r.status != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.name, r.status, r.body, tc.status)
		}
	}
	req, _ := http.NewRequest(http.MethodDelete, ts.URL+"/api/charts/app/1.0.0", nil)
	if r := do(t, req); r.status != http.StatusUnauthorized {
		t.Errorf("unauthenticated delete: %d", r.status)
	}
	for _, p := range []string{"/index.yaml", "/app-1.0.0.tgz", "/api/charts/app", "/"} {
		if r := get(t, ts.URL+p); r.status != http.StatusUnauthorized {
			t.Errorf("GET %s without credentials: %d, want 401", p, r.status)
		}
		req, _ := http.NewRequest(http.MethodGet, ts.URL+p, nil)
		req.SetBasicAuth("ci", "pw")
		if r := do(t, req); r.status != http.StatusOK {
			t.Errorf("GET %s with credentials: %d", p, r.status)
		}
	}
	if r := get(t, ts.URL+"/health"); r.status != http.StatusOK {
		t.Errorf("GET /health needs no credentials: %d", r.status)
	}
	if got := s.Access(); got != "uploads on, reads and writes need credentials" {
		t.Errorf("start-up words: %q", got)
	}
	openServer, open := newTestServer(t, ServerOptions{Upload: true, Auth: creds, AnonymousGet: true})
	if got := openServer.Access(); got != "uploads on, reads open to anyone (--anonymous-get), writes need credentials" {
		t.Errorf("start-up words with AnonymousGet: %q", got)
	}
	if r := get(t, open.URL+"/index.yaml"); r.status != http.StatusOK {
		t.Errorf("--anonymous-get read: %d", r.status)
	}
	if r := post(t, open.URL+"/api/charts", archive); r.status != http.StatusUnauthorized {
		t.Errorf("--anonymous-get write without credentials: %d", r.status)
	}
}

func TestLoadCredentials(t *testing.T) {
	env := map[string]string{EnvToken: "t0k"}
	c, err := LoadCredentials("", func(k string) string { return env[k] })
	if err != nil || c == nil || c.Token != "t0k" {
		t.Errorf("env: %+v %v", c, err)
	}
	if c, err := LoadCredentials("", func(string) string { return "" }); c != nil || err != nil {
		t.Errorf("none: %+v %v", c, err)
	}
	f := filepath.Join(t.TempDir(), "creds.yaml")
	os.WriteFile(f, []byte("username: a\npassword: b\n"), 0o600)
	if c, err := LoadCredentials(f, nil); err != nil || c.Username != "a" || c.Password != "b" {
		t.Errorf("file: %+v %v", c, err)
	}
	os.WriteFile(f, []byte("username: a\n"), 0o600)
	if _, err := LoadCredentials(f, nil); err == nil {
		t.Error("username without password accepted")
	}
}

func TestServerAPIAndFiles(t *testing.T) {
	dir := t.TempDir()
	key, err := openpgp.NewEntity("Signer", "", "signer@example.com", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		t.Fatal(err)
	}
	s, ts := newTestServer(t, ServerOptions{Dir: dir, Upload: true, URL: "http://charts.test/repo", PollInterval: -1})
	archive := archiveBytes(t, "app", "1.0.0")
	prov, err := chart.Sign(archive, "app-1.0.0.tgz", key)
	if err != nil {
		t.Fatal(err)
	}
	otherProv, _ := chart.Sign(archiveBytes(t, "app", "1.1.0"), "app-1.1.0.tgz", key)
	body, ctype := multipartBody(t, archive, otherProv)
	if r := post(t, ts.URL+"/api/charts", body, "Content-Type", ctype); r.status != http.StatusBadRequest || !strings.Contains(r.body, "provenance") {
		t.Errorf("mismatched prov: %d %s", r.status, r.body)
	}
	body, ctype = multipartBody(t, archive, prov)
	if r := post(t, ts.URL+"/api/charts", body, "Content-Type", ctype); r.status != http.StatusCreated {
		t.Fatalf("upload with prov: %d %s", r.status, r.body)
	}
	if r := get(t, ts.URL+"/app-1.0.0.tgz.prov"); r.body != string(prov) {
		t.Errorf("served prov differs: %d", r.status)
	}
	if r := get(t, ts.URL+"/charts/app-1.0.0.tgz"); r.status != http.StatusOK || r.body != string(archive) {
		t.Errorf("ChartMuseum-style URL: %d", r.status)
	}
	// An archive dropped into a subfolder by hand appears in the index.
	os.MkdirAll(filepath.Join(dir, "old"), 0o755)
	os.WriteFile(filepath.Join(dir, "old", "app-0.9.0.tgz"), archiveBytes(t, "app", "0.9.0"), 0o644)
	rescan(t, s)
	idx := serverIndex(t, ts.URL)
	var urls []string
	for _, cv := range idx.Entries["app"] {
		urls = append(urls, cv.URLs[0])
	}
	if got := strings.Join(urls, " "); got != "http://charts.test/repo/app-1.0.0.tgz http://charts.test/repo/old/app-0.9.0.tgz" {
		t.Errorf("urls = %s", got)
	}
	created := idx.Entries["app"][0].Created
	time.Sleep(10 * time.Millisecond)
	os.WriteFile(filepath.Join(dir, "app-2.0.0.tgz"), archiveBytes(t, "app", "2.0.0"), 0o644)
	rescan(t, s)
	if got := serverIndex(t, ts.URL).Entries["app"][1].Created; !got.Equal(created) {
		t.Errorf("created of an unchanged archive moved from %v to %v", created, got)
	}
	if r := get(t, ts.URL+"/old/app-0.9.0.tgz"); r.status != http.StatusOK {
		t.Errorf("subfolder archive: %d", r.status)
	}

	var one chart.ChartVersion
	r := get(t, ts.URL+"/api/charts/app/latest")
	if err := json.Unmarshal([]byte(r.body), &one); err != nil || one.Version != "2.0.0" {
		t.Errorf("latest: %s", r.body)
	}
	var all map[string][]chart.ChartVersion
	if r := get(t, ts.URL+"/api/charts"); json.Unmarshal([]byte(r.body), &all) != nil || len(all["app"]) != 3 {
		t.Errorf("list: %s", r.body)
	}
	if r := get(t, ts.URL+"/api/charts/nope"); r.status != http.StatusNotFound {
		t.Errorf("unknown chart: %d", r.status)
	}
	req, _ := http.NewRequest(http.MethodDelete, ts.URL+"/api/charts/app/1.0.0", nil)
	if r := do(t, req); r.status != http.StatusOK || r.body != "{\"deleted\":true}\n" {
		t.Errorf("delete: %d %s", r.status, r.body)
	}
	if _, err := os.Stat(filepath.Join(dir, "app-1.0.0.tgz.prov")); err == nil {
		t.Error("delete left the .prov behind")
	}
	if r := do(t, req); r.status != http.StatusNotFound {
		t.Errorf("second delete: %d", r.status)
	}
	if r := get(t, ts.URL+"/health"); r.body != "{\"healthy\":true}\n" {
		t.Errorf("health: %s", r.body)
	}
}

func TestServerNeverLeavesTheFolder(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "repo")
	os.MkdirAll(dir, 0o755)
	secret := archiveBytes(t, "secret", "1.0.0")
	os.WriteFile(filepath.Join(parent, "secret-1.0.0.tgz"), secret, 0o644)
	os.WriteFile(filepath.Join(dir, ".hidden.tgz"), secret, 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("private"), 0o644)
	if err := os.Symlink(filepath.Join(parent, "secret-1.0.0.tgz"), filepath.Join(dir, "link-1.0.0.tgz")); err != nil {
		t.Fatal(err)
	}
	_, ts := newTestServer(t, ServerOptions{Dir: dir})
	for _, p := range []string{"/../secret-1.0.0.tgz", "/%2e%2e/secret-1.0.0.tgz", "/..%2fsecret-1.0.0.tgz", "/link-1.0.0.tgz",
		"/notes.txt", "/.hidden.tgz", "/.index.yaml.lock", "/api/charts"} {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+p, nil)
		req.URL.Opaque = p // send the path as written, unnormalized
		if r := do(t, req); r.status == http.StatusOK {
			t.Errorf("GET %s served %d bytes", p, len(r.body))
		}
	}
	if idx := serverIndex(t, ts.URL); len(idx.Entries["secret"]) != 0 {
		t.Errorf("a symbolic link out of the folder was indexed: %v", idx.Entries)
	}
	if r := post(t, ts.URL+"/api/charts", secret); r.status != http.StatusNotFound && r.status != http.StatusMethodNotAllowed {
		t.Errorf("upload without --upload: %d", r.status)
	}
}

func TestServerProvUploadAfterChart(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "app-1.0.0.tgz"), archiveBytes(t, "app", "1.0.0"), 0o644) // placed by hand
	_, ts := newTestServer(t, ServerOptions{Dir: dir, Upload: true})
	key, _ := openpgp.NewEntity("Signer", "", "s@example.com", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	archive, _ := os.ReadFile(filepath.Join(dir, "app-1.0.0.tgz"))
	prov, err := chart.Sign(archive, "app-1.0.0.tgz", key)
	if err != nil {
		t.Fatal(err)
	}
	if r := post(t, ts.URL+"/api/prov", prov); r.status != http.StatusCreated {
		t.Fatalf("prov upload: %d %s", r.status, r.body)
	}
	if r := post(t, ts.URL+"/api/prov", prov); r.status != http.StatusConflict {
		t.Errorf("second prov upload: %d %s", r.status, r.body)
	}
	other, _ := chart.Sign(archiveBytes(t, "zzz", "1.0.0"), "zzz-1.0.0.tgz", key)
	if r := post(t, ts.URL+"/api/prov", other); r.status != http.StatusBadRequest {
		t.Errorf("prov for an unknown archive: %d %s", r.status, r.body)
	}
}

// TestServerOverwriteDropsStaleProv overwrites a signed archive with an
// upload without provenance: the old .prov, which no longer matches the
// archive, must go, and must no longer be served.
func TestServerOverwriteDropsStaleProv(t *testing.T) {
	dir := t.TempDir()
	_, ts := newTestServer(t, ServerOptions{Dir: dir, Upload: true, AllowOverwrite: true})
	key, err := openpgp.NewEntity("Signer", "", "s@example.com", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		t.Fatal(err)
	}
	signed := archiveBytes(t, "app", "1.0.0")
	prov, err := chart.Sign(signed, "app-1.0.0.tgz", key)
	if err != nil {
		t.Fatal(err)
	}
	body, ctype := multipartBody(t, signed, prov)
	if r := post(t, ts.URL+"/api/charts", body, "Content-Type", ctype); r.status != http.StatusCreated {
		t.Fatalf("signed upload: %d %s", r.status, r.body)
	}
	if r := get(t, ts.URL+"/app-1.0.0.tgz.prov"); r.status != http.StatusOK {
		t.Fatalf("prov of the signed upload: %d", r.status)
	}
	unsigned := tarball(t, map[string]string{"app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\ndescription: rebuilt\n"})
	if r := post(t, ts.URL+"/api/charts", unsigned); r.status != http.StatusCreated {
		t.Fatalf("unsigned overwrite: %d %s", r.status, r.body)
	}
	if _, err := os.Stat(filepath.Join(dir, "app-1.0.0.tgz.prov")); err == nil {
		t.Error("the overwrite left the old .prov in the folder")
	}
	if r := get(t, ts.URL+"/app-1.0.0.tgz.prov"); r.status != http.StatusNotFound {
		t.Errorf("stale prov still served: %d", r.status)
	}
	if r := get(t, ts.URL+"/app-1.0.0.tgz"); r.body != string(unsigned) {
		t.Errorf("served archive is not the overwrite: %d", r.status)
	}
}
