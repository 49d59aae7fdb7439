// Command servebench measures `chartwright serve --upload` on loopback, as
// a server process, and prints:
//   - uploads/s: -uploads small charts, -c at a time (helm cm-push's raw
//     body);
//   - index reads/s: GET /index.yaml from -c clients for -d, with the
//     index of those uploads;
//   - the latency of one upload while -flood clients (2,000 by default)
//     read the index at once;
//   - the server's RSS before and at the peak of 30 concurrent uploads of
//     a ~100 KB archive that inflates near the 100 MiB limit, each a new
//     version (all are loaded) and the same version (all but one refused
//     as existing);
//   - the server's peak RSS (VmHWM) over the whole run.
//
// Run it from the repository root (Linux: RSS is read from /proc):
//
//	go run ./scripts/servebench                   # builds and measures this tree
//	go run ./scripts/servebench -server /tmp/old/chartwright
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	server := flag.String("server", "", "chartwright binary (default: build ./cmd/chartwright)")
	uploads := flag.Int("uploads", 400, "uploads for the uploads/s figure")
	conc := flag.Int("c", 16, "concurrent clients for uploads/s and reads/s")
	dur := flag.Duration("d", 5*time.Second, "duration of the index reads/s run")
	flood := flag.Int("flood", 2000, "concurrent index readers during the timed upload")
	bombs := flag.Int("bombs", 30, "concurrent near-limit uploads")
	rssOnly := flag.Bool("rss-only", false, "measure only the near-limit uploads")
	flag.Parse()
	bin := *server
	if bin == "" {
		bin = filepath.Join(os.TempDir(), "servebench-chartwright")
		if out, err := exec.Command("go", "build", "-o", bin, "./cmd/chartwright").CombinedOutput(); err != nil {
			log.Fatalf("build: %v\n%s", err, out)
		}
	}

	if !*rssOnly {
		measureLoad(bin, *uploads, *conc, *dur, *flood)
	}
	for _, same := range []bool{false, true} {
		s := start(bin)
		before := s.rss("VmRSS")
		statuses := bombUploads(s.url, *bombs, same)
		kind := "new versions"
		if same {
			kind = "one version"
		}
		fmt.Printf("%d concurrent uploads of a %d KB archive inflating to 99 MiB (%s): RSS %d MB before, peak %d MB; statuses %v\n",
			*bombs, len(archive("bomb", "1.0.0", bombSize))>>10, kind, before>>20, s.rss("VmHWM")>>20, statuses)
		s.stop()
	}
}

// measureLoad prints uploads/s, index reads/s, the upload latency during a
// flood of index reads and the peak RSS of the run.
func measureLoad(bin string, uploads, conc int, dur time.Duration, flood int) {
	s := start(bin)
	defer s.stop()
	rate := uploadRate(s.url, uploads, conc)
	fmt.Printf("uploads/s: %.0f (%d uploads, %d at a time)\n", rate, uploads, conc)
	reads := readRate(s.url, conc, dur)
	fmt.Printf("index reads/s: %.0f (%d clients, index of %d versions)\n", reads, conc, uploads)
	lat, served := uploadDuringFlood(s.url, flood)
	fmt.Printf("upload during %d concurrent index reads: %v (%d reads answered meanwhile)\n", flood, lat.Round(time.Millisecond), served)
	fmt.Printf("peak RSS of that run: %d MB\n", s.rss("VmHWM")>>20)
}

// proc is a running server.
type proc struct {
	cmd *exec.Cmd
	dir string
	url string
}

func start(bin string) *proc {
	dir, err := os.MkdirTemp("", "servebench")
	if err != nil {
		log.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", dir, "--upload", "--addr", "127.0.0.1:0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // dies with the benchmark, even on SIGPIPE
	out, err := cmd.StdoutPipe()
	if err != nil {
		log.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		log.Fatalf("server did not start: %v", err)
	}
	m := regexp.MustCompile(`http://[0-9.:]+`).FindString(line)
	if m == "" {
		log.Fatalf("no address in %q", line)
	}
	go io.Copy(io.Discard, out)
	return &proc{cmd: cmd, dir: dir, url: m}
}

func (p *proc) stop() {
	p.cmd.Process.Kill()
	p.cmd.Wait()
	os.RemoveAll(p.dir)
}

// rss reads a size field (VmRSS, VmHWM) of the server's /proc status, in
// bytes.
func (p *proc) rss(field string) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

var client = &http.Client{
	Timeout:   10 * time.Minute,
	Transport: &http.Transport{MaxIdleConnsPerHost: 4096, MaxConnsPerHost: 0},
}

// archive builds a chart archive; pad zero bytes inflate from one member.
func archive(name, version string, pad int64) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	chartYAML := "apiVersion: v2\nname: " + name + "\nversion: " + version + "\ndescription: servebench\n"
	tw.WriteHeader(&tar.Header{Name: name + "/Chart.yaml", Mode: 0o644, Size: int64(len(chartYAML)), Typeflag: tar.TypeReg})
	tw.Write([]byte(chartYAML))
	values := "replicas: 1\nimage: nginx\n"
	tw.WriteHeader(&tar.Header{Name: name + "/values.yaml", Mode: 0o644, Size: int64(len(values)), Typeflag: tar.TypeReg})
	tw.Write([]byte(values))
	if pad > 0 {
		tw.WriteHeader(&tar.Header{Name: name + "/files/zeros", Mode: 0o644, Size: pad, Typeflag: tar.TypeReg})
		io.CopyN(tw, zeros{}, pad)
	}
	tw.Close()
	zw.Close()
	return b.Bytes()
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func post(url string, body []byte) int {
	resp, err := client.Post(url+"/api/charts", "application/octet-stream", bytes.NewReader(body))
	if err != nil {
		log.Printf("upload: %v", err)
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func uploadRate(url string, n, conc int) float64 {
	bodies := make([][]byte, n)
	for i := range bodies {
		bodies[i] = archive(fmt.Sprintf("chart%d", i%20), fmt.Sprintf("1.%d.0", i), 0)
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	t0 := time.Now()
	for range conc {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if st := post(url, bodies[i]); st != http.StatusCreated {
					log.Printf("upload %d: status %d", i, st)
				}
			}
		})
	}
	wg.Wait()
	return float64(n) / time.Since(t0).Seconds()
}

func getIndex(url string) bool {
	resp, err := client.Get(url + "/index.yaml")
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func readRate(url string, conc int, d time.Duration) float64 {
	var n atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	for range conc {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				if getIndex(url) {
					n.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return float64(n.Load()) / d.Seconds()
}

// uploadDuringFlood starts flood readers, each reading the index in a
// loop on its own connection, waits until each has been answered once,
// then times one upload.
func uploadDuringFlood(url string, flood int) (time.Duration, int64) {
	var served atomic.Int64
	var ready sync.WaitGroup
	stop := make(chan struct{})
	var wg sync.WaitGroup
	ready.Add(flood)
	for range flood {
		wg.Go(func() {
			first := true
			for {
				select {
				case <-stop:
					return
				default:
				}
				ok := getIndex(url)
				if first {
					ready.Done()
					first = false
				}
				if ok {
					served.Add(1)
				}
			}
		})
	}
	ready.Wait()
	body := archive("flood", "1.0.0", 0)
	before := served.Load()
	t0 := time.Now()
	st := post(url, body)
	lat := time.Since(t0)
	during := served.Load() - before
	close(stop)
	wg.Wait()
	if st != http.StatusCreated {
		log.Printf("upload during the flood: status %d", st)
	}
	return lat, during
}

// bombSize is what a near-limit archive inflates to: under the 100 MiB
// limit.
const bombSize = 99 << 20

// bombUploads sends n near-limit uploads at once and returns the count of
// each status.
func bombUploads(url string, n int, same bool) map[int]int {
	one := archive("bomb", "1.0.0", bombSize)
	bodies := make([][]byte, n)
	for i := range bodies {
		bodies[i] = one
		if !same {
			bodies[i] = archive("bomb", fmt.Sprintf("1.0.%d", i), bombSize)
		}
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for _, b := range bodies {
		wg.Go(func() {
			st := post(url, b)
			mu.Lock()
			statuses[st]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return statuses
}
