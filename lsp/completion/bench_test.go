package completion

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chartwright/chartwright/lsp/cache"
)

// BenchmarkComplete completes in kube-prometheus-stack's largest template
// as the server does for a request — the document looked up, then the
// proposals — on an unchanged document, and right after an edit, whose
// snapshot has computed nothing yet. It reports the p50 and p99 of the
// requests.
func BenchmarkComplete(b *testing.B) {
	ws, folder := corpusChart(b, "prometheus-community__kube-prometheus-stack")
	path := filepath.Join(folder, kubePrometheusTemplate)
	for _, c := range kubePrometheusCases {
		texts := [2]string{insertLine(b, path, c.after, c.line), insertLine(b, path, c.after, c.typed)}
		b.Run(c.name+"/unchanged", func(b *testing.B) {
			snap, offset := openAt(ws, path, texts[0])
			snap.Root(path).Index()
			timeRequests(b, func(int) { completeRequest(b, snap, path, offset) })
		})
		b.Run(c.name+"/edited", func(b *testing.B) {
			timeRequests(b, func(i int) {
				b.StopTimer()
				snap, offset := openAt(ws, path, texts[i%2])
				b.StartTimer()
				completeRequest(b, snap, path, offset)
			})
		})
	}
}

// openAt sets the document at path to text, in which cursor marks the
// cursor, and returns the snapshot and the cursor's offset.
func openAt(ws *cache.Workspace, path, text string) (*cache.Snapshot, int) {
	offset := strings.Index(text, cursor)
	return ws.Open(path, 1, []byte(text[:offset]+text[offset+len(cursor):])), offset
}

// completeRequest completes as the handler does.
func completeRequest(b *testing.B, snap *cache.Snapshot, path string, offset int) {
	doc, err := snap.Document(path)
	if err != nil {
		b.Fatal(err)
	}
	list, err := Complete(context.Background(), snap, doc, offset, Options{Snippets: true})
	if err != nil || len(list.Items) == 0 {
		b.Fatalf("%d proposals, %v", len(list.Items), err)
	}
}

// timeRequests runs request b.N times and reports the p50 and p99 of its
// durations, in microseconds.
func timeRequests(b *testing.B, request func(i int)) {
	b.ReportAllocs()
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		request(i)
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(durations)
	at := func(q float64) float64 { return float64(durations[int(q*float64(len(durations)-1))].Microseconds()) }
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}
