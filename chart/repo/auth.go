package repo

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"sigs.k8s.io/yaml"
)

// Environment variables [LoadCredentials] reads.
const (
	EnvUsername = "CHARTWRIGHT_SERVE_USERNAME"
	EnvPassword = "CHARTWRIGHT_SERVE_PASSWORD"
	EnvToken    = "CHARTWRIGHT_SERVE_TOKEN"
)

// Credentials protect the server's endpoints (see [ServerOptions.Auth]): HTTP basic auth with
// Username and Password, a bearer Token, or either when both are set.
type Credentials struct {
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	Token    string `json:"token,omitempty"`
}

// LoadCredentials reads credentials from file (YAML or JSON with keys
// username, password, token) when file is not empty, else from the
// environment variables EnvUsername, EnvPassword and EnvToken through
// getenv. It returns nil when none are set. Credentials never come from a
// command-line value, which other users could read in the process list.
func LoadCredentials(file string, getenv func(string) string) (*Credentials, error) {
	c := &Credentials{}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read credentials: %w", err)
		}
		if err := yaml.UnmarshalStrict(data, c); err != nil {
			return nil, fmt.Errorf("read credentials %s: %w", file, err)
		}
	} else {
		c.Username, c.Password, c.Token = getenv(EnvUsername), getenv(EnvPassword), getenv(EnvToken)
	}
	if (c.Username == "") != (c.Password == "") {
		return nil, errors.New("credentials need both a username and a password")
	}
	if c.Username == "" && c.Token == "" {
		return nil, nil
	}
	return c, nil
}

// allows reports whether the request carries matching credentials; the
// comparison takes the same time whatever the guess.
func (c *Credentials) allows(r *http.Request) bool {
	if c.Token != "" {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && equal(tok, c.Token) {
			return true
		}
	}
	if c.Username != "" {
		user, pass, ok := r.BasicAuth()
		if ok && equal(user, c.Username) && equal(pass, c.Password) {
			return true
		}
	}
	return false
}

func equal(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// reader wraps a read handler: with credentials configured, reads need
// them too, unless AnonymousGet.
func (s *Server) reader(next http.HandlerFunc) http.HandlerFunc {
	if s.opts.Auth == nil || s.opts.AnonymousGet {
		return next
	}
	return s.authenticated(next)
}

// writer wraps a write handler: cross-origin browser requests are refused
// as net/http.CrossOriginProtection does (a page elsewhere must not upload
// or delete, even with the user's stored credentials), then credentials
// are checked, and the body must arrive within a time proportionate to
// the size limit.
func (s *Server) writer(next http.HandlerFunc) http.HandlerFunc {
	next = s.authenticated(next)
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.origins.Check(r); err != nil {
			writeError(w, http.StatusForbidden, err)
			return
		}
		http.NewResponseController(w).SetReadDeadline(time.Now().Add(s.bodyTimeout()))
		next(w, r)
	}
}

// authenticated wraps a handler with the credential check. A request
// without credentials is answered 401 with a challenge; a failed login
// (wrong credentials) is logged, without what was sent, and answered after
// a delay; a client with too many recent failures is turned away before
// its credentials are even checked (see [loginGuard]).
func (s *Server) authenticated(next http.HandlerFunc) http.HandlerFunc {
	c := s.opts.Auth
	if c == nil {
		return next
	}
	return func(w http.ResponseWriter, r *http.Request) {
		client := clientOf(r)
		if wait := s.logins.lockedOut(client, s.opts.Now()); wait > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			writeError(w, http.StatusTooManyRequests, errors.New("too many failed logins; try again later"))
			return
		}
		if c.allows(r) {
			next(w, r)
			return
		}
		if r.Header.Get("Authorization") != "" { // no credentials is a challenge, not a failed login
			s.opts.Logger.Warn("failed login", "client", client, "method", r.Method, "path", r.URL.Path, "scheme", authScheme(r))
			s.logins.fail(r.Context(), client, s.opts.Now())
		}
		if c.Username != "" {
			w.Header().Set("WWW-Authenticate", `Basic realm="chartwright"`)
		} else {
			w.Header().Set("WWW-Authenticate", `Bearer realm="chartwright"`)
		}
		writeError(w, http.StatusUnauthorized, errors.New("unauthorized"))
	}
}

// authScheme names the kind of credentials a request sent, never their
// value.
func authScheme(r *http.Request) string {
	scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if len(scheme) > 16 {
		scheme = scheme[:16]
	}
	return scheme
}

// clientOf is the address a request came from, without its port.
func clientOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Login throttling: the limits a [loginGuard] applies.
const (
	failedLoginDelay  = time.Second // before a 401 is answered
	maxDelayedLogins  = 32          // 401s held back at once; more are answered at once
	maxFailedLogins   = 10          // failures from one client within lockoutWindow...
	lockoutWindow     = time.Minute // ...turn it away for the rest of the window
	maxTrackedClients = 4096        // bounds the guard's memory
)

// loginGuard slows down password guessing without letting it stall the
// server: each failed login is answered after failedLoginDelay, with at
// most maxDelayedLogins held back at once (the rest answered at once, so a
// flood of bad logins ties up no more than that); a client with
// maxFailedLogins failures within lockoutWindow gets 429 for the rest of
// the window, before its credentials are checked, so a flood teaches it
// nothing. Clients are told apart by address; at most maxTrackedClients
// are remembered.
type loginGuard struct {
	delay   func(ctx context.Context) // sleeps failedLoginDelay; tests replace it
	delayed chan struct{}

	mu      sync.Mutex
	clients map[string]*failures
}

// failures are one client's failed logins within the current window.
type failures struct {
	count int
	since time.Time
}

func newLoginGuard() *loginGuard {
	return &loginGuard{
		delay: func(ctx context.Context) {
			t := time.NewTimer(failedLoginDelay)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
			}
		},
		delayed: make(chan struct{}, maxDelayedLogins),
		clients: map[string]*failures{},
	}
}

// lockedOut returns how long client is still turned away, or 0.
func (g *loginGuard) lockedOut(client string, now time.Time) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	f := g.clients[client]
	if f == nil || f.count < maxFailedLogins {
		return 0
	}
	return max(0, f.since.Add(lockoutWindow).Sub(now))
}

// fail records a failed login and waits, when a delay slot is free.
func (g *loginGuard) fail(ctx context.Context, client string, now time.Time) {
	g.record(client, now)
	select {
	case g.delayed <- struct{}{}:
		defer func() { <-g.delayed }()
		g.delay(ctx)
	default:
	}
}

func (g *loginGuard) record(client string, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f := g.clients[client]
	if f == nil || now.Sub(f.since) >= lockoutWindow {
		if len(g.clients) >= maxTrackedClients {
			g.forgetExpiredLocked(now)
		}
		f = &failures{since: now}
		g.clients[client] = f
	}
	f.count++
}

// forgetExpiredLocked drops clients whose window has passed, and everyone
// if that is not enough.
func (g *loginGuard) forgetExpiredLocked(now time.Time) {
	for c, f := range g.clients {
		if now.Sub(f.since) >= lockoutWindow {
			delete(g.clients, c)
		}
	}
	if len(g.clients) >= maxTrackedClients {
		clear(g.clients)
	}
}
