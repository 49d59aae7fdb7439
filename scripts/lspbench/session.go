package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// server is a server process in one session of the benchmark.
type server struct {
	*lsptest.Client
	cfg     *config
	session string
	// initialized is when the initialized notification was sent.
	initialized time.Time
}

// startServer starts the server on a workspace folder and initializes it,
// printing the initialize round trip.
func startServer(cfg *config, session, folder string) (*server, time.Duration, error) {
	if cfg.profile != "" && !cfg.helmLS {
		os.Setenv("CHARTWRIGHT_LSP_CPUPROFILE", filepath.Join(cfg.profile, session+".cpu.pprof"))
	}
	c, err := lsptest.Start(cfg.server, cfg.args...)
	if err != nil {
		return nil, 0, err
	}
	s := &server{Client: c, cfg: cfg, session: session}
	ctx, cancel := cfg.timeoutCtx()
	defer cancel()
	start := time.Now()
	if _, err := c.Initialize(ctx, cfg.settings, folder); err != nil {
		c.Kill()
		return nil, 0, fmt.Errorf("initialize: %w\n%s", err, c.Stderr())
	}
	s.initialized = time.Now()
	return s, s.initialized.Sub(start), nil
}

// stop shuts the server down, keeping its log when asked to.
func (s *server) stop() {
	ctx, cancel := s.cfg.timeoutCtx()
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "lspbench: shutdown: %v\n", err)
	}
	if s.cfg.logs != "" {
		if err := os.WriteFile(filepath.Join(s.cfg.logs, s.session+".log"), []byte(s.Stderr()), 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "lspbench: %v\n", err)
		}
	}
}

// waitIndexed waits for the end of the server's work-done progress, or for
// its CPU to go idle when it reports none, and returns when that was.
func (s *server) waitIndexed() (time.Time, error) {
	if s.cfg.helmLS {
		return waitIdle(s.PID(), 10*s.cfg.timeout)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*s.cfg.timeout)
	defer cancel()
	_, err := s.WaitNotification(ctx, "$/progress", func(m lsptest.Message) bool {
		var p struct {
			Value struct {
				Kind string `json:"kind"`
			} `json:"value"`
		}
		return json.Unmarshal(m.Params, &p) == nil && p.Value.Kind == "end"
	})
	return time.Now(), err
}

func (s *server) indexingLabel() string {
	if s.cfg.helmLS {
		return "indexing (initialized → CPU idle)"
	}
	return "indexing (initialized → progress end)"
}

// document is a template opened by the benchmark.
type document struct {
	path string
	text string
	// quickLine and fullLine are the 0-based lines of the appended
	// markers: a template-unknown-include finding for the quick rules, a
	// manifest-schema one for the whole lint.
	quickLine, fullLine int
}

// markers are appended to the templates opened for the first
// diagnostics: an include of a template defined nowhere, in a branch that
// never renders (template-unknown-include, a rule that needs no render),
// and a ConfigMap whose data holds a number (manifest-schema, found in the
// render).
const markers = "{{- if false }}{{ include \"lspbench.undefined\" . }}{{ end }}\n" +
	"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lspbench-marker\ndata:\n  replicas: 3\n"

func readDocument(path string) (*document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text := string(data)
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	quick := strings.Count(text, "\n")
	return &document{path: path, text: text + markers, quickLine: quick, fullLine: quick + strings.Count(markers, "\n") - 1}, nil
}

// firstDiagnostics opens the document and returns how long the first
// publication for it took, and the one with the whole lint's marker (0
// when none came, or for helm-ls, whose first publication is helm
// lint's).
func (s *server) firstDiagnostics(doc *document) (first, full time.Duration, err error) {
	uri := lsptest.URI(doc.path)
	before := s.Diagnostics(uri).Count
	start := time.Now()
	if err := s.Open(doc.path, "helm", doc.text); err != nil {
		return 0, 0, err
	}
	ctx, cancel := s.cfg.timeoutCtx()
	defer cancel()
	if _, err := s.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool { return p.Count > before }); err != nil {
		return 0, 0, fmt.Errorf("no diagnostics for %s: %w", doc.path, err)
	}
	first = time.Since(start)
	if s.cfg.helmLS {
		return first, 0, nil // one publication per open: helm lint's
	}
	_, err = s.WaitDiagnostics(ctx, uri, func(p lsptest.Published) bool {
		return slices.ContainsFunc(p.Diagnostics, func(d lsptest.Diagnostic) bool {
			return d.Code == "manifest-schema" && d.Range.Start.Line > doc.quickLine
		})
	})
	if err != nil {
		return first, 0, nil
	}
	return first, time.Since(start), nil
}

// chartSession measures everything but the whole corpus on one chart.
func chartSession(cfg *config, chartDir string) error {
	s, initTime, err := startServer(cfg, "chart", chartDir)
	if err != nil {
		return err
	}
	defer s.stop()
	report("initialize", ms(initTime), goal(initTime < 100*time.Millisecond, "< 100 ms"))

	doc, err := readDocument(filepath.Join(chartDir, filepath.FromSlash(cfg.template)))
	if err != nil {
		return err
	}
	first, full, err := s.firstDiagnostics(doc)
	if err != nil {
		return err
	}
	report("first diagnostics, cold", ms(first), goal(first < time.Second, "< 1 s"))
	report("  whole lint's, cold", optional(full), "")

	indexed, err := s.waitIndexed()
	if err != nil {
		return err
	}
	report(s.indexingLabel(), ms(indexed.Sub(s.initialized)), "")

	if other, err := otherTemplate(chartDir, cfg.template); err == nil {
		if doc2, err := readDocument(other); err == nil {
			first, full, err := s.firstDiagnostics(doc2)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(chartDir, other)
			report("first diagnostics, warm ("+filepath.ToSlash(rel)+")", ms(first), goal(first < time.Second, "< 1 s"))
			report("  whole lint's, warm", optional(full), "")
		}
	}

	requests(s, doc)
	if err := editCompletions(s, doc); err != nil {
		return err
	}
	typing(s, doc)

	u, err := readUsage(s.PID())
	if err != nil {
		return err
	}
	report("peak RSS, this chart", megabytes(u.peakRSS), "")
	report("CPU, this chart's session", fmt.Sprintf("user %s, system %s", seconds(u.user), seconds(u.system)), "")
	return nil
}

// otherTemplate returns a template of the chart other than the measured one.
func otherTemplate(chartDir, exclude string) (string, error) {
	templates, err := filepath.Glob(filepath.Join(chartDir, "templates", "*", "*.yaml"))
	if err != nil {
		return "", err
	}
	for _, t := range templates {
		if rel, _ := filepath.Rel(chartDir, t); filepath.ToSlash(rel) != exclude {
			return t, nil
		}
	}
	return "", errors.New("no other template")
}

// workspaceSession opens the whole corpus as one workspace folder.
func workspaceSession(cfg *config, charts string) error {
	s, _, err := startServer(cfg, "workspace", charts)
	if err != nil {
		return err
	}
	defer s.stop()
	indexed, err := s.waitIndexed()
	if err != nil {
		return err
	}
	afterIndex, err := readUsage(s.PID())
	if err != nil {
		return err
	}
	templates, err := oneTemplateEach(charts)
	if err != nil {
		return err
	}
	fmt.Printf("whole corpus as one workspace (%d charts)\n", len(templates))
	report(s.indexingLabel(), ms(indexed.Sub(s.initialized)), "")
	report("peak RSS after indexing", megabytes(afterIndex.peakRSS), "")
	report("CPU of indexing", fmt.Sprintf("user %s, system %s", seconds(afterIndex.user), seconds(afterIndex.system)), "")
	for _, t := range templates {
		data, err := os.ReadFile(t)
		if err != nil {
			return err
		}
		if err := s.Open(t, "helm", string(data)); err != nil {
			return err
		}
	}
	if _, err := waitIdle(s.PID(), 10*cfg.timeout); err != nil {
		return err
	}
	u, err := readUsage(s.PID())
	if err != nil {
		return err
	}
	report("peak RSS, a template of each chart open", megabytes(u.peakRSS), goal(u.peakRSS < 150e6, "< 150 MB"))
	report("RSS now", megabytes(u.rss), "")
	report("CPU in all", fmt.Sprintf("user %s, system %s", seconds(u.user), seconds(u.system)), "")
	return nil
}

// oneTemplateEach returns a template of each chart under charts: its
// first manifest template, else its first template of any kind.
func oneTemplateEach(charts string) ([]string, error) {
	dirs, err := filepath.Glob(filepath.Join(charts, "*", "Chart.yaml"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, chartYAML := range dirs {
		dir := filepath.Dir(chartYAML)
		yamls, _ := filepath.Glob(filepath.Join(dir, "templates", "*.yaml"))
		others, _ := filepath.Glob(filepath.Join(dir, "templates", "*"))
		for _, t := range append(yamls, others...) {
			if fi, err := os.Stat(t); err == nil && fi.Mode().IsRegular() {
				out = append(out, t)
				break
			}
		}
	}
	return out, nil
}
