package govalidator

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
	"sigs.k8s.io/yaml"
)

// TestFastPaths checks which strings the fast paths accept, and that the
// pattern matches every one they accept. Rows with fast false and a
// matching pattern are those left to the fallback.
func TestFastPaths(t *testing.T) {
	emails := []struct {
		s    string
		fast bool
	}{
		{"a@b.co", true},
		{"first.last@example.com", true},
		{"a+b@sub.example.org", true},
		{"x!#$%&'*+-/=?^_`{|}~@example.com", true},
		{"a@b.c", true},
		{"a@b-c.d-e", true},
		{"a@b--c.example.com", true},
		{"a@1.example.com", true},
		{"A@EXAMPLE.COM", true},
		{"a@b.c1", false},
		{"a@b.1c", false},
		{"a@b.123", false},
		{"a@-b.com", false},
		{"a@b-.com", false},
		{"a@b.com-", false},
		{"a@b.-com", false},
		{"a@b.com.", false},  // trailing dot: the pattern's, left to it
		{"a@b_c.com", false}, // underscore: the pattern's, left to it
		{"a@b..com", false},
		{"a@.b.com", false},
		{".a@b.com", false},
		{"a.@b.com", false},
		{"a..b@b.com", false},
		{"@b.com", false},
		{"a@b", false},
		{"a@b@c.com", false},
		{"a b@c.com", false},
		{"\"quoted\"@example.com", false},
		{"ünï@exämple.com", false},
		{"a@[1.2.3.4]", false},
		{"", false},
	}
	for _, c := range emails {
		if got := isPlainEmail(c.s); got != c.fast {
			t.Errorf("isPlainEmail(%q) = %v, want %v", c.s, got, c.fast)
		}
		if isPlainEmail(c.s) && !rxEmail().MatchString(c.s) {
			t.Errorf("isPlainEmail(%q) is true where the Email pattern does not match", c.s)
		}
	}
	urls := []struct {
		s    string
		fast bool
	}{
		{"https://github.com/bitnami/charts", true},
		{"https://cert-manager.io", true},
		{"http://host.example.com:8080/path?q=1#frag", true},
		{"https://x.com", true},
		{"https://a-b.com", true},
		{"https://ab.c.com", true},
		{"ftp://files.example.org/", true},
		{"tcp://ab.b.cd:1", true},
		{"udp://ab.cd:65535", true},
		{"ws://ab.cd", true},
		{"wss://ab.cd?x", true},
		{"HTTPS://EXAMPLE.COM", false}, // upper-case scheme: not the pattern's
		{"https://EXAMPLE.COM", true},
		{"https://a.b.com", false}, // one-byte first label of three
		{"https://ab.c", false},    // one-letter last label
		{"https://ab.c1", false},
		{"https://ab.123", false},
		{"https://1.2.3.4", false},
		{"https://[::1]:8080/", false},
		{"https://a--b.com", false},
		{"https://-ab.com", false},
		{"https://ab-.com", false},
		{"https://ab..com", false},
		{"https://ab.com.", false},
		{"https://ab.com./x", false},
		{"https://under_score.example.com", false},
		{"https://user@ab.com", false},
		{"https://user:pw@ab.com", false},
		{"https://ab.com:", false},
		{"https://ab.com:123456", false},
		{"https://ab.com:8a", false},
		{"https://ab.com/a b", false},
		{"https://ab.com/ü", false},
		{"https://ab.com/\x7f", false},
		{"https://localhost", false},
		{"https://", false},
		{"example.com/path", false},
		{"mailto:a@b.c", false},
		{"", false},
	}
	for _, c := range urls {
		if got := isPlainURL(c.s); got != c.fast {
			t.Errorf("isPlainURL(%q) = %v, want %v", c.s, got, c.fast)
		}
		if isPlainURL(c.s) && !rxURL().MatchString(c.s) {
			t.Errorf("isPlainURL(%q) is true where the URL pattern does not match", c.s)
		}
	}
}

// TestCorpusMaintainersTakeFastPaths checks that the maintainers' e-mail
// addresses and URLs of every Chart.yaml in the corpus are answered without
// compiling the patterns.
func TestCorpusMaintainersTakeFastPaths(t *testing.T) {
	dir := filepath.Join(corpus.Dir(t), "charts")
	seen := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() != "Chart.yaml" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var md struct {
			Maintainers []struct{ Email, URL string }
		}
		if err := yaml.Unmarshal(data, &md); err != nil {
			return err
		}
		for _, m := range md.Maintainers {
			if m.Email != "" {
				seen++
				if !isPlainEmail(m.Email) {
					t.Errorf("%s: email %q is not on the fast path", path, m.Email)
				}
			}
			if m.URL != "" {
				seen++
				if !isPlainURL(m.URL) {
					t.Errorf("%s: url %q is not on the fast path", path, m.URL)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen == 0 {
		t.Fatal("no maintainer e-mail or URL in the corpus")
	}
	t.Logf("%d maintainer e-mails and URLs, all on the fast paths", seen)
}
