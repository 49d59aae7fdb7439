package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/repo"
	"github.com/spf13/cobra"
)

// serveFlags are the flags of `chartwright serve`.
type serveFlags struct {
	addr           string
	url            string
	upload         bool
	allowOverwrite bool
	maxUpload      int64
	authFile       string
	anonymousGet   bool
	keyring        string
	helm           int
}

// newServeCmd returns `chartwright serve`; ready, if set, receives the
// address once the server listens (tests use it).
func newServeCmd(ready func(addr string)) *cobra.Command {
	f := &serveFlags{}
	cmd := &cobra.Command{
		Use:   "serve [DIR]",
		Short: "serve a folder as a chart repository, with an optional upload API",
		Long: "Serve DIR (default .) as a Helm chart repository: index.yaml (regenerated when archives change),\n" +
			"archives and .prov files. With --upload, also the ChartMuseum API used by helm cm-push and curl:\n" +
			"POST /api/charts (archive, optional prov), GET /api/charts[/NAME[/VERSION]], DELETE /api/charts/NAME/VERSION,\n" +
			"GET /health. Basic auth or a bearer token, read from --auth-file (YAML keys username, password, token)\n" +
			"or from " + repo.EnvUsername + ", " + repo.EnvPassword + " and " + repo.EnvToken + ", protects writes and reads\n" +
			"(reads stay open with --anonymous-get); uploads without credentials are only accepted on a loopback address.",
		RunE: func(cmd *cobra.Command, args []string) error {
			return exit(f.run(cmd.Context(), args, cmd.OutOrStdout(), cmd.ErrOrStderr(), ready))
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8879", "address to listen on")
	fs.StringVar(&f.url, "url", "", "base URL written into index.yaml (default: URLs relative to the repository)")
	fs.BoolVar(&f.upload, "upload", false, "enable the ChartMuseum upload API")
	fs.BoolVar(&f.allowOverwrite, "allow-overwrite", false, "let uploads replace an existing chart version")
	fs.Int64Var(&f.maxUpload, "max-upload-size", repo.DefaultMaxUploadSize, "largest upload request accepted, in bytes")
	fs.StringVar(&f.authFile, "auth-file", "", "file with the credentials that protect the repository")
	fs.BoolVar(&f.anonymousGet, "anonymous-get", false, "with credentials, let anyone read (index, archives, GET /api/charts)")
	fs.StringVar(&f.keyring, "keyring", "", "if set, uploaded .prov files must verify against this keyring")
	helmFlag(cmd, &f.helm, "formats")
	return cmd
}

// run serves until ctx ends or the process is interrupted.
func (f *serveFlags) run(ctx context.Context, pos []string, stdout, stderr io.Writer, ready func(addr string)) int {
	// A server runs for long: collect garbage as Go does by default.
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	dir := "."
	switch {
	case len(pos) > 1:
		err = fmt.Errorf("expected at most one argument, the directory, got %d", len(pos))
	case f.maxUpload <= 0:
		err = errors.New("--max-upload-size must be positive")
	case len(pos) == 1:
		dir = pos[0]
	}
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 2
	}
	opts, err := f.options(dir, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	if err := listenAndServe(ctx, f.addr, opts, stdout, ready); err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	return 0
}

func (f *serveFlags) options(dir string, stderr io.Writer) (repo.ServerOptions, error) {
	opts := repo.ServerOptions{
		Dir: dir, URL: f.url, Upload: f.upload, AllowOverwrite: f.allowOverwrite, MaxUploadSize: f.maxUpload,
		AnonymousGet: f.anonymousGet,
		Helm:         chart.HelmVersion(f.helm),
		Logger:       slog.New(slog.NewTextHandler(stderr, nil)),
	}
	creds, err := repo.LoadCredentials(f.authFile, os.Getenv)
	if err != nil {
		return opts, err
	}
	opts.Auth = creds
	if f.upload && creds == nil && !isLoopback(f.addr) {
		return opts, fmt.Errorf("refusing unauthenticated uploads on %s: give credentials with --auth-file or %s/%s or %s, or listen on a loopback address",
			f.addr, repo.EnvUsername, repo.EnvPassword, repo.EnvToken)
	}
	if f.keyring != "" {
		var ring openpgp.EntityList
		if ring, err = chart.LoadKeyring(f.keyring); err != nil {
			return opts, fmt.Errorf("failed to load keyring: %w", err)
		}
		opts.Keyring = ring
	}
	return opts, nil
}

// isLoopback reports whether addr listens only on a loopback interface.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func listenAndServe(ctx context.Context, addr string, opts repo.ServerOptions, stdout io.Writer, ready func(string)) error {
	s, err := repo.NewServer(opts)
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := s.Listen(addr)
	if err != nil {
		return err
	}
	srv := s.HTTPServer()
	fmt.Fprintf(stdout, "Serving %s at http://%s/ (%s)\n", opts.Dir, ln.Addr(), s.Access())
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}
