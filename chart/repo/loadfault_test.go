package repo

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chartwright/chartwright/chart"
)

// childEnv names the folder a re-executed test binary serves (see
// TestMain): the load-and-fault test kills that process with SIGKILL.
const childEnv = "CHARTWRIGHT_TEST_SERVE_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		os.Exit(serveChild(dir))
	}
	os.Exit(m.Run())
}

// serveChild serves dir with uploads on a loopback port, printed on
// stdout, until killed.
func serveChild(dir string) int {
	s, err := NewServer(ServerOptions{Dir: dir, Upload: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ln, err := s.Listen("127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(ln.Addr())
	fmt.Fprintln(os.Stderr, s.HTTPServer().Serve(ln))
	return 1
}

// child is a server process.
type child struct {
	cmd *exec.Cmd
	url string
}

func startChild(t *testing.T, dir string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("server process did not start: %v", err)
	}
	return &child{cmd: cmd, url: "http://" + strings.TrimSpace(line)}
}

// kill ends the server process with SIGKILL: no cleanup runs.
func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	c.cmd.Wait()
}

// ledger records what the server acknowledged.
type ledger struct {
	mu        sync.Mutex
	live      map[string]string // "name version" → digest: uploaded, not deleted
	deleted   map[string]bool   // acknowledged deletes
	uncertain map[string]bool   // deletes sent but not answered: either outcome is right
}

func (l *ledger) uploaded(key, digest string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.live[key] = digest
}

// pick takes a live version to delete (map order is random), or "".
func (l *ledger) pick() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for key := range l.live {
		delete(l.live, key)
		return key
	}
	return ""
}

// deleteAnswered records the answer to a delete: 0 when none came.
func (l *ledger) deleteAnswered(key string, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if status == http.StatusOK {
		l.deleted[key] = true
	} else {
		l.uncertain[key] = true
	}
}

// TestServerLoadAndFault runs concurrent uploads, deletes and index reads
// against a server process, kills it with SIGKILL mid-burst and starts it
// again on the same folder; then every acknowledged upload is in the
// index with its digest, no acknowledged delete came back, and nothing
// half-written is left in the folder. Loopback only; bounded (a few
// hundred small requests).
func TestServerLoadAndFault(t *testing.T) {
	dir := t.TempDir()
	srv := startChild(t, dir)
	var url atomic.Pointer[string]
	url.Store(&srv.url)
	client := &http.Client{Timeout: time.Minute}
	send := func(method, path string, body []byte) (int, []byte) {
		req, _ := http.NewRequest(method, *url.Load()+path, bytes.NewReader(body))
		resp, err := client.Do(req)
		if err != nil {
			time.Sleep(5 * time.Millisecond) // the server may be restarting
			return 0, nil
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, data
	}

	const uploaders, perUploader = 6, 40
	l := &ledger{live: map[string]string{}, deleted: map[string]bool{}, uncertain: map[string]bool{}}
	var acked atomic.Int32
	var work, readers sync.WaitGroup
	for u := range uploaders {
		work.Go(func() {
			for i := range perUploader {
				name, version := fmt.Sprintf("load%d", u), fmt.Sprintf("1.0.%d", i)
				archive := tarball(t, map[string]string{name + "/Chart.yaml": "apiVersion: v2\nname: " + name + "\nversion: " + version + "\n"})
				if status, body := send(http.MethodPost, "/api/charts", archive); status == http.StatusCreated {
					l.uploaded(name+" "+version, chart.Digest(archive))
					acked.Add(1)
				} else if status != 0 {
					t.Errorf("upload %s %s: %d %s", name, version, status, body)
				}
			}
		})
	}
	work.Go(func() { // deletes a third as many versions as are uploaded
		for range uploaders * perUploader / 3 {
			key := l.pick()
			if key == "" {
				time.Sleep(time.Millisecond)
				continue
			}
			name, version, _ := strings.Cut(key, " ")
			status, body := send(http.MethodDelete, "/api/charts/"+name+"/"+version, nil)
			if status != 0 && status != http.StatusOK {
				t.Errorf("delete %s: %d %s", key, status, body)
			}
			l.deleteAnswered(key, status)
		}
	})
	stop := make(chan struct{})
	var reads atomic.Int32
	for range 4 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				status, body := send(http.MethodGet, "/index.yaml", nil)
				if status == 0 {
					continue
				}
				if n := reads.Add(1); status != http.StatusOK {
					t.Errorf("GET /index.yaml: %d", status)
				} else if n%10 == 0 {
					if _, _, err := chart.LoadIndex(body); err != nil {
						t.Errorf("index does not load: %v", err)
					}
				}
			}
		})
	}
	for acked.Load() < uploaders*perUploader/4 {
		time.Sleep(time.Millisecond)
	}
	srv.kill(t)
	srv = startChild(t, dir)
	url.Store(&srv.url)
	work.Wait()
	close(stop)
	readers.Wait()
	t.Logf("%d uploads and %d deletes acknowledged (%d unanswered), %d index reads", acked.Load(), len(l.deleted), len(l.uncertain), reads.Load())

	srv.kill(t) // once more, idle, then check what a fresh start finds
	srv = startChild(t, dir)
	url.Store(&srv.url)
	status, body := send(http.MethodGet, "/index.yaml", nil)
	idx, skipped, err := chart.LoadIndex(body)
	if status != http.StatusOK || err != nil || len(skipped) > 0 {
		t.Fatalf("final index: %d %v %v", status, err, skipped)
	}
	for key, digest := range l.live {
		name, version, _ := strings.Cut(key, " ")
		if cv, err := idx.Get(name, version); err != nil || cv.Version != version || cv.Digest != digest {
			t.Errorf("acknowledged upload %s is not in the index with its digest", key)
		}
	}
	for key := range l.deleted {
		name, version, _ := strings.Cut(key, " ")
		if idx.Has(name, version) {
			t.Errorf("acknowledged delete %s came back", key)
		}
	}
	checkNothingHalfWritten(t, dir, idx)
}

// checkNothingHalfWritten: the folder holds only whole archives, each
// indexed with its digest, and the created-times file.
func checkNothingHalfWritten(t *testing.T, dir string, idx *chart.IndexFile) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == createdFile {
			continue
		}
		if !strings.HasSuffix(e.Name(), ".tgz") {
			t.Errorf("left in the folder: %s", e.Name())
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		c, err := chart.LoadArchive(bytes.NewReader(data), chart.Options{})
		if err != nil {
			t.Errorf("%s does not load: %v", e.Name(), err)
			continue
		}
		if cv, err := idx.Get(c.Metadata.Name, c.Metadata.Version); err != nil || cv.Digest != chart.Digest(data) {
			t.Errorf("%s is not indexed with its digest", e.Name())
		}
	}
}
