// Command lspbench measures a Helm language server as an editor drives it:
// a server process spoken to over its pipes (package lsp/lsptest), on the
// shared corpus's biggest chart, kube-prometheus-stack, and on the whole
// corpus opened as one workspace. Run it from the repository root:
//
//	go run ./scripts/lspbench                      # builds and measures chartwright lsp
//	go run ./scripts/lspbench -server bin/chartwright
//	go run ./scripts/lspbench -helm-ls /path/to/helm_ls   # the same run on helm-ls
//
// It prints, with the goal of each where issue 10 sets one:
//   - initialize: the initialize request's round trip;
//   - indexing: from initialized to the end of the server's work-done
//     progress (or, without progress, until its CPU time stops growing);
//   - first diagnostics: from didOpen of a template to the first
//     publishDiagnostics for it, and to the one carrying the whole lint's
//     findings — cold (opened right after initialize) and warm (after
//     indexing). The template is opened with lines appended, so that the
//     quick rules have a finding to publish at once (an include of an
//     undefined template: template-unknown-include) and the whole lint one
//     of its own (a ConfigMap whose data is a number: manifest-schema) by
//     which its publication is recognized;
//   - completion, hover and definition p50/p99 on the unchanged document
//     (-n requests each): completion after each `.Values.` of the
//     template, hover and definition on include names and on .Values
//     paths;
//   - completion right after an edit p50/p99 (-edits): `{{ .Values.` typed
//     at the start of a line, a completion at its end at once;
//   - a syntax error typed → its diagnostic published p50/p95 (-typing);
//   - the server's peak RSS (VmHWM) and user and system CPU time, for the
//     chart's session and for the whole corpus as one workspace folder
//     (every chart indexed and linted once, then one template of each
//     chart opened).
//
// helm-ls (v0.5.4) builds from the Go module proxy, though `go install
// github.com/mrjosh/helm-ls@v0.5.4` fails there (the proxy refuses its
// version list): download the module and build it in a copy,
//
//	go mod download github.com/mrjosh/helm-ls@v0.5.4
//	cp -r "$(go env GOMODCACHE)/github.com/mrjosh/helm-ls@v0.5.4" /tmp/helm-ls && chmod -R u+w /tmp/helm-ls
//	(cd /tmp/helm-ls && go build -o helm_ls .)
//
// It needs no yaml-language-server for what is measured here.
//
// Every answer is checked: a request answered with nothing (a feature
// not implemented yet answers null at once) is counted, and a warning says
// the figure measures no work.
//
// With -profile DIR the chartwright server writes a CPU profile of each
// session there (through CHARTWRIGHT_LSP_CPUPROFILE); read it with
// `go tool pprof`. (Heap profiles come from the lsp benchmarks: go test
// -bench . -memprofile FILE ./lsp/...) With -logs DIR each session's server
// log is kept there.
//
// The figures are wall times of one run on the machine at hand: compare
// runs made on the same machine, one after the other.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

type config struct {
	server   string // the server binary
	args     []string
	helmLS   bool
	settings any
	profile  string
	logs     string

	corpus, chart, template string
	n, edits, typing        int
	workspace               bool
	timeout                 time.Duration
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "lspbench:", err)
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "lspbench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (*config, error) {
	fs := flag.NewFlagSet("lspbench", flag.ContinueOnError)
	cfg := &config{}
	fs.StringVar(&cfg.server, "server", "", "chartwright binary to measure (default: build ./cmd/chartwright)")
	helmLS := fs.String("helm-ls", "", "measure this helm-ls binary instead (run as `helm_ls serve`, yaml-language-server off)")
	fs.StringVar(&cfg.corpus, "corpus", filepath.Join("..", "shared", "corpus"), "the shared corpus")
	fs.StringVar(&cfg.chart, "chart", "prometheus-community__kube-prometheus-stack", "corpus chart of the single-chart measures")
	fs.StringVar(&cfg.template, "template", "templates/prometheus/prometheus.yaml", "template of the chart the requests are made in")
	fs.IntVar(&cfg.n, "n", 200, "completion, hover and definition requests on the unchanged document, each")
	fs.IntVar(&cfg.edits, "edits", 50, "completions right after an edit")
	fs.IntVar(&cfg.typing, "typing", 30, "syntax errors typed")
	fs.BoolVar(&cfg.workspace, "workspace", true, "also measure the whole corpus as one workspace")
	fs.StringVar(&cfg.profile, "profile", "", "folder for the chartwright server's CPU profiles")
	fs.StringVar(&cfg.logs, "logs", "", "folder for each session's server log (chartwright's at debug level)")
	fs.DurationVar(&cfg.timeout, "timeout", 60*time.Second, "longest wait for any one answer or publication")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if cfg.n < 1 || cfg.edits < 1 || cfg.typing < 1 {
		return nil, errors.New("-n, -edits and -typing must be positive")
	}
	cfg.args = []string{"lsp"}
	if *helmLS != "" {
		cfg.server, cfg.args, cfg.helmLS = *helmLS, []string{"serve"}, true
		cfg.settings = map[string]any{"yamlls": map[string]any{"enabled": false}}
	}
	return cfg, nil
}

func run(cfg *config) error {
	if cfg.server == "" {
		dir, err := os.MkdirTemp("", "lspbench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.server = filepath.Join(dir, "chartwright")
		build := exec.Command("go", "build", "-o", cfg.server, "./cmd/chartwright")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build chartwright (run from the repository root, or give -server): %w", err)
		}
	}
	for _, dir := range []string{cfg.profile, cfg.logs} {
		if dir == "" {
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if cfg.logs != "" && !cfg.helmLS {
		cfg.args = append(cfg.args, "--log-level", "debug")
	}
	charts, err := filepath.Abs(filepath.Join(cfg.corpus, "charts"))
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(charts, cfg.chart, "Chart.yaml")); err != nil {
		return fmt.Errorf("the corpus chart is missing (give -corpus): %w", err)
	}
	name := "chartwright lsp"
	if cfg.helmLS {
		name = "helm-ls"
	}
	fmt.Printf("%s (%s) on %s, %s\n\n", name, cfg.server, cfg.chart, cfg.template)
	if err := chartSession(cfg, filepath.Join(charts, cfg.chart)); err != nil {
		return err
	}
	if cfg.workspace {
		fmt.Println()
		return workspaceSession(cfg, charts)
	}
	return nil
}

// timeout is a context for one wait.
func (cfg *config) timeoutCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), cfg.timeout)
}
