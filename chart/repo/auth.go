package repo

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"sigs.k8s.io/yaml"
)

// Environment variables [LoadCredentials] reads.
const (
	EnvUsername = "CHARTWRIGHT_SERVE_USERNAME"
	EnvPassword = "CHARTWRIGHT_SERVE_PASSWORD"
	EnvToken    = "CHARTWRIGHT_SERVE_TOKEN"
)

// Credentials protect the server's write endpoints: HTTP basic auth with
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

// auth wraps a write handler with the credential check.
func (s *Server) auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if c := s.opts.Auth; c != nil && !c.allows(r) {
			if c.Username != "" {
				w.Header().Set("WWW-Authenticate", `Basic realm="chartwright"`)
			} else {
				w.Header().Set("WWW-Authenticate", `Bearer realm="chartwright"`)
			}
			writeError(w, http.StatusUnauthorized, errors.New("unauthorized"))
			return
		}
		next(w, r)
	}
}
