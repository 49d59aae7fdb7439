package repo

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chartwright/chartwright/chart"
)

// bomb builds a small archive for name-version whose one data file
// inflates to size zero bytes.
func bomb(t testing.TB, name, version string, size int64) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	chartYAML := "apiVersion: v2\nname: " + name + "\nversion: " + version + "\n"
	tw.WriteHeader(&tar.Header{Name: name + "/Chart.yaml", Mode: 0o644, Size: int64(len(chartYAML)), Typeflag: tar.TypeReg})
	tw.Write([]byte(chartYAML))
	tw.WriteHeader(&tar.Header{Name: name + "/files/zeros", Mode: 0o644, Size: size, Typeflag: tar.TypeReg})
	if _, err := io.CopyN(tw, zeroReader{}, size); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return b.Bytes()
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// allocated returns the bytes the process allocated while f ran.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestServerChecksBeforeInflating uploads archives that inflate to tens
// of megabytes: a version already there, and one past the size limit, are
// refused without inflating them into memory.
func TestServerChecksBeforeInflating(t *testing.T) {
	_, ts := newTestServer(t, ServerOptions{Upload: true})
	if r := post(t, ts.URL+"/api/charts", archiveBytes(t, "big", "1.0.0")); r.status != http.StatusCreated {
		t.Fatalf("first upload: %d %s", r.status, r.body)
	}
	conflict := bomb(t, "big", "1.0.0", 64<<20)
	tooBig := bomb(t, "big", "2.0.0", chart.MaxChartSize+1)
	for _, tc := range []struct {
		name   string
		body   []byte
		status int
		want   string
	}{
		{"existing version", conflict, http.StatusConflict, "file already exists"},
		{"past the limit", tooBig, http.StatusBadRequest, "decompressed chart is larger than the maximum size"},
	} {
		var r response
		n := allocated(func() { r = post(t, ts.URL+"/api/charts", tc.body) })
		if r.status != tc.status || !strings.Contains(r.body, tc.want) {
			t.Errorf("%s: %d %s, want %d %q", tc.name, r.status, r.body, tc.status, tc.want)
		}
		if n > 16<<20 {
			t.Errorf("%s: the upload allocated %d MiB: it was inflated into memory", tc.name, n>>20)
		}
	}
}

// TestServerOneArchivePerVersion: the overwrite check sees archives in
// subfolders, an allowed overwrite removes them, and two archives for one
// version placed by hand are indexed once.
func TestServerOneArchivePerVersion(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "old"), 0o755)
	os.WriteFile(filepath.Join(dir, "old", "app-1.0.0.tgz"), archiveBytes(t, "app", "1.0.0"), 0o644)
	s, ts := newTestServer(t, ServerOptions{Dir: dir, Upload: true, PollInterval: -1})
	replacement := tarball(t, map[string]string{"app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\ndescription: new\n"})
	if r := post(t, ts.URL+"/api/charts", replacement); r.status != http.StatusConflict {
		t.Errorf("upload over a subfolder's archive: %d %s, want 409", r.status, r.body)
	}
	s.opts.AllowOverwrite = true
	if r := post(t, ts.URL+"/api/charts", replacement); r.status != http.StatusCreated {
		t.Fatalf("allowed overwrite: %d %s", r.status, r.body)
	}
	if _, err := os.Stat(filepath.Join(dir, "old", "app-1.0.0.tgz")); err == nil {
		t.Error("the replaced archive in old/ is still there")
	}
	vs := serverIndex(t, ts.URL).Entries["app"]
	if len(vs) != 1 || vs[0].Digest != chart.Digest(replacement) {
		t.Errorf("index after overwrite: %d entries", len(vs))
	}

	os.WriteFile(filepath.Join(dir, "old", "copy.tgz"), archiveBytes(t, "app", "1.0.0"), 0o644)
	rescan(t, s)
	vs = serverIndex(t, ts.URL).Entries["app"]
	if len(vs) != 1 || vs[0].URLs[0] != "app-1.0.0.tgz" {
		t.Errorf("two archives for app 1.0.0 on disk: index has %d entries (%v)", len(vs), vs)
	}
}

// TestServerRefusesCrossOriginWrites: a browser page elsewhere cannot
// upload or delete, with or without credentials; curl and helm cm-push,
// which send neither Sec-Fetch-Site nor Origin, can.
func TestServerRefusesCrossOriginWrites(t *testing.T) {
	for _, creds := range []*Credentials{nil, {Token: "tok"}} {
		_, ts := newTestServer(t, ServerOptions{Upload: true, Auth: creds})
		auth := []string{}
		if creds != nil {
			auth = []string{"Authorization", "Bearer tok"}
		}
		archive := archiveBytes(t, "app", "1.0.0")
		for _, h := range [][]string{
			{"Sec-Fetch-Site", "cross-site"},
			{"Sec-Fetch-Site", "same-site"},
			{"Origin", "http://evil.example"},
		} {
			header := append(append([]string{"Content-Type", "application/x-www-form-urlencoded"}, auth...), h...)
			if r := post(t, ts.URL+"/api/charts", archive, header...); r.status != http.StatusForbidden {
				t.Errorf("auth %v, upload with %s: %s: %d %s, want 403", creds != nil, h[0], h[1], r.status, r.body)
			}
			req, _ := http.NewRequest(http.MethodDelete, ts.URL+"/api/charts/app/1.0.0", nil)
			req.Header.Set(h[0], h[1])
			if len(auth) > 0 {
				req.Header.Set(auth[0], auth[1])
			}
			if r := do(t, req); r.status != http.StatusForbidden {
				t.Errorf("auth %v, delete with %s: %s: %d", creds != nil, h[0], h[1], r.status)
			}
		}
		// curl --data-binary sends a form content type and no Origin.
		header := append([]string{"Content-Type", "application/x-www-form-urlencoded"}, auth...)
		if r := post(t, ts.URL+"/api/charts", archive, header...); r.status != http.StatusCreated {
			t.Errorf("auth %v, curl-style upload: %d %s", creds != nil, r.status, r.body)
		}
		if r := post(t, ts.URL+"/api/charts", archiveBytes(t, "app", "2.0.0"), append(header, "Sec-Fetch-Site", "same-origin")...); r.status != http.StatusCreated {
			t.Errorf("auth %v, same-origin upload: %d %s", creds != nil, r.status, r.body)
		}
	}
}

// syncBuffer is a log destination safe for concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestServerFailedLogins: each failure is logged without what was sent
// and delayed; after maxFailedLogins the client is turned away even with
// the right credentials, which others still use.
func TestServerFailedLogins(t *testing.T) {
	var logs syncBuffer
	s, ts := newTestServer(t, ServerOptions{Upload: true, Auth: &Credentials{Username: "ci", Password: "pw"},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	var delays atomic.Int32
	s.logins.delay = func(context.Context) { delays.Add(1) }
	for range 2 * maxFailedLogins { // no credentials: a challenge, not a failed login
		if r := get(t, ts.URL+"/index.yaml"); r.status != http.StatusUnauthorized {
			t.Fatalf("no credentials: %d", r.status)
		}
	}
	for range maxFailedLogins {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/index.yaml", nil)
		req.SetBasicAuth("ci", "hunter2")
		if r := do(t, req); r.status != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", r.status)
		}
	}
	if got := delays.Load(); got != maxFailedLogins {
		t.Errorf("%d failed logins delayed, want %d", got, maxFailedLogins)
	}
	out := logs.String()
	if strings.Count(out, "failed login") != maxFailedLogins || !strings.Contains(out, "client=127.0.0.1") || !strings.Contains(out, "scheme=Basic") {
		t.Errorf("log:\n%s", out)
	}
	if strings.Contains(out, "hunter2") || strings.Contains(out, base64.StdEncoding.EncodeToString([]byte("ci:hunter2"))) {
		t.Errorf("the log holds the password:\n%s", out)
	}
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/index.yaml", nil)
	req.SetBasicAuth("ci", "pw")
	if r := do(t, req); r.status != http.StatusTooManyRequests {
		t.Errorf("right password after %d failures: %d, want 429", maxFailedLogins, r.status)
	}
	r := httptestRequest(s, "10.0.0.9:1234", "ci", "pw")
	if r != http.StatusOK {
		t.Errorf("another client's right password: %d", r)
	}
}

func httptestGet(path string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = "127.0.0.1:1234"
	return req
}

// httptestRequest serves a GET /index.yaml with basic auth from addr.
func httptestRequest(s *Server, addr, user, pass string) int {
	req, _ := http.NewRequest(http.MethodGet, "/index.yaml", nil)
	req.RemoteAddr = addr
	req.SetBasicAuth(user, pass)
	rec := &statusRecorder{header: http.Header{}}
	s.ServeHTTP(rec, req)
	return rec.status
}

type statusRecorder struct {
	header http.Header
	status int
}

func (r *statusRecorder) Header() http.Header { return r.header }
func (r *statusRecorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return len(p), nil
}
func (r *statusRecorder) WriteHeader(status int) { r.status = status }

// TestLoginGuardBoundsDelays: no more than maxDelayedLogins failures wait
// at once; the next is answered without waiting, so bad logins cannot
// hold the server's connections.
func TestLoginGuardBoundsDelays(t *testing.T) {
	g := newLoginGuard()
	release := make(chan struct{})
	var waiting sync.WaitGroup
	g.delay = func(context.Context) {
		waiting.Done()
		<-release
	}
	now := time.Now()
	var done sync.WaitGroup
	waiting.Add(maxDelayedLogins)
	for i := range maxDelayedLogins {
		done.Add(1)
		go func() {
			defer done.Done()
			g.fail(context.Background(), "10.0.0."+string(rune('0'+i%10)), now)
		}()
	}
	waiting.Wait()                                // every slot is taken
	g.fail(context.Background(), "10.0.1.1", now) // returns: no slot, no wait
	close(release)
	done.Wait()
	for i := range maxTrackedClients + 10 {
		g.record(net.IPv4(10, 1, byte(i>>8), byte(i)).String(), now)
	}
	if len(g.clients) > maxTrackedClients {
		t.Errorf("%d clients remembered, bound %d", len(g.clients), maxTrackedClients)
	}
}

// TestServerIndexServedFromMemory: GET /index.yaml is answered while a
// write holds the folder's lock (it used to rescan the folder under that
// lock on every request), and the poller picks up archives placed by hand.
func TestServerIndexServedFromMemory(t *testing.T) {
	dir := t.TempDir()
	s, ts := newTestServer(t, ServerOptions{Dir: dir, PollInterval: 5 * time.Millisecond})
	s.mu.Lock()
	answered := make(chan int, 1)
	go func() { answered <- get(t, ts.URL+"/index.yaml").status }()
	select {
	case status := <-answered:
		if status != http.StatusOK {
			t.Errorf("GET /index.yaml: %d", status)
		}
	case <-time.After(time.Minute):
		t.Error("GET /index.yaml waits for the folder's lock")
	}
	s.mu.Unlock()
	os.WriteFile(filepath.Join(dir, "app-1.0.0.tgz"), archiveBytes(t, "app", "1.0.0"), 0o644)
	for deadline := time.Now().Add(time.Minute); len(serverIndex(t, ts.URL).Entries["app"]) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("an archive placed by hand never reached the index")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestServerHiddenFolders: nothing under a hidden folder is served or
// indexed.
func TestServerHiddenFolders(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
	os.WriteFile(filepath.Join(dir, ".git", "app-1.0.0.tgz"), archiveBytes(t, "app", "1.0.0"), 0o644)
	_, ts := newTestServer(t, ServerOptions{Dir: dir})
	if r := get(t, ts.URL+"/.git/app-1.0.0.tgz"); r.status != http.StatusNotFound {
		t.Errorf("GET /.git/app-1.0.0.tgz: %d", r.status)
	}
	if idx := serverIndex(t, ts.URL); len(idx.Entries) != 0 {
		t.Errorf("index lists a hidden folder's archive: %v", idx.Entries)
	}
}

// TestServerRestart: temporary files a crash left are removed at start,
// and created times survive a restart without any index.yaml.
func TestServerRestart(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".upload-0123456789abcdef.tmp"), []byte("half an archive"), 0o644)
	first := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s, ts := newTestServer(t, ServerOptions{Dir: dir, Upload: true, Now: func() time.Time { return first }})
	if _, err := os.Stat(filepath.Join(dir, ".upload-0123456789abcdef.tmp")); err == nil {
		t.Error("a leftover temporary file survived the start")
	}
	if r := post(t, ts.URL+"/api/charts", archiveBytes(t, "app", "1.0.0")); r.status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	ts.Close()
	s.Close()
	_, ts = newTestServer(t, ServerOptions{Dir: dir, Now: func() time.Time { return first.Add(time.Hour) }})
	if vs := serverIndex(t, ts.URL).Entries["app"]; len(vs) != 1 || !vs[0].Created.Equal(first) {
		t.Errorf("created after a restart: %v, want %v", vs, first)
	}
}

// TestServerLongName: a chart name too long for a file name is the
// client's mistake, 400, not a server error.
func TestServerLongName(t *testing.T) {
	_, ts := newTestServer(t, ServerOptions{Upload: true})
	name := strings.Repeat("a", 300)
	archive := tarball(t, map[string]string{name + "/Chart.yaml": "apiVersion: v2\nname: " + name + "\nversion: 1.0.0\n"})
	if r := post(t, ts.URL+"/api/charts", archive); r.status != http.StatusBadRequest {
		t.Errorf("long name: %d %s", r.status, r.body)
	}
	if r := get(t, ts.URL+"/"+name+"-1.0.0.tgz"); r.status != http.StatusNotFound {
		t.Errorf("GET long name: %d", r.status)
	}
}

// TestServerConnectionCap: connections past MaxConnections wait to be
// accepted until one closes; the request timeout grows with the size
// limit.
func TestServerConnectionCap(t *testing.T) {
	s, err := NewServer(ServerOptions{Dir: t.TempDir(), MaxConnections: 2, PollInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ln, err := s.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	for range 3 { // the third waits in the accept queue
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	var accepted []net.Conn
	for range 2 {
		c, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		accepted = append(accepted, c)
	}
	rec := &statusRecorder{header: http.Header{}}
	s.ServeHTTP(rec, httptestGet("/health"))
	if rec.header.Get("Connection") != "close" {
		t.Error("at the cap, an answer keeps its connection alive")
	}
	third := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			c.Close()
		}
		third <- err
	}()
	accepted[0].Close()
	if err := <-third; err != nil {
		t.Errorf("accept after a connection closed: %v", err)
	}
	go func() {
		_, err := ln.Accept() // both slots taken again: waits until Close
		third <- err
	}()
	ln.Close()
	if err := <-third; !errors.Is(err, net.ErrClosed) {
		t.Errorf("accept past the cap: %v, want it to wait until the listener closes", err)
	}
	accepted[1].Close()

	small, big := s.HTTPServer(), &Server{opts: ServerOptions{MaxUploadSize: 1 << 30}}
	if small.ReadTimeout >= big.HTTPServer().ReadTimeout || small.ReadHeaderTimeout == 0 || small.ReadTimeout < 30*time.Second {
		t.Errorf("read timeouts: %v for 32 MiB, %v for 1 GiB", small.ReadTimeout, big.HTTPServer().ReadTimeout)
	}
}

// TestBudget: work is admitted while it fits, in arrival order (a big
// request is not overtaken by later small ones), a request above the
// capacity is taken as the capacity, and a cancelled wait gives nothing
// away.
func TestBudget(t *testing.T) {
	b := newBudget(100)
	ctx := context.Background()
	small, _ := b.acquire(ctx, 30)
	order := make(chan string, 2)
	big := make(chan int64)
	go func() {
		n, _ := b.acquire(ctx, 1000) // taken as 100: waits for the 30
		order <- "big"
		big <- n
	}()
	for waiting(b) != 1 {
		runtime.Gosched()
	}
	go func() {
		n, _ := b.acquire(ctx, 10) // fits now, but arrives after big
		order <- "late"
		b.release(n)
	}()
	for waiting(b) != 2 {
		runtime.Gosched()
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if n, err := b.acquire(cancelled, 10); err == nil || n != 0 {
		t.Errorf("cancelled wait: %d %v", n, err)
	}
	b.release(small)
	if first := <-order; first != "big" {
		t.Errorf("%s was admitted first, want big", first)
	}
	if n := <-big; n != 100 {
		t.Errorf("big granted %d, want the capacity", n)
	}
	b.release(100)
	<-order
	if b.free != 100 || len(b.waiters) != 0 {
		t.Errorf("after all releases: free %d, %d waiting", b.free, len(b.waiters))
	}
}

func waiting(b *budget) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.waiters)
}

// TestServerFailedUploadsLeaveNoFiles: an upload refused while its body
// arrives (too large, raw or multipart, or a provenance too large)
// leaves no temporary file behind.
func TestServerFailedUploadsLeaveNoFiles(t *testing.T) {
	dir := t.TempDir()
	_, ts := newTestServer(t, ServerOptions{Dir: dir, Upload: true, MaxUploadSize: 64 << 10})
	big := bytes.Repeat([]byte("x"), 65<<10)
	form, ctype := multipartBody(t, big, nil)
	bigProv, provType := multipartBody(t, archiveBytes(t, "app", "1.0.0"), bytes.Repeat([]byte("p"), maxProvSize+1))
	for _, tc := range []struct {
		name   string
		body   []byte
		header []string
	}{
		{"raw", big, nil},
		{"multipart", form, []string{"Content-Type", ctype}},
		{"provenance", bigProv, []string{"Content-Type", provType}},
	} {
		if r := post(t, ts.URL+"/api/charts", tc.body, tc.header...); r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: %d %s, want 413", tc.name, r.status, r.body)
		}
	}
	if files := visibleFiles(t, dir); len(files) != 0 {
		t.Errorf("left in the folder: %v", files)
	}
}
