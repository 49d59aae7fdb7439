package upstreamtest

import (
	"testing"

	upstream "github.com/asaskevich/govalidator"
	"github.com/chartwright/chartwright/third_party/govalidator"
)

// TestGovalidatorSameAsUpstream checks third_party/govalidator against the
// module it was copied from.
func TestGovalidatorSameAsUpstream(t *testing.T) {
	inputs := []string{
		"", "a", "a@b", "a@b.c", "a@b.co", "first.last@example.com", "a+b@sub.example.org",
		"\"quoted\"@example.com", "a@-b.com", "a..b@example.com", "user@localhost", "ünï@exämple.com",
		"http://example.com", "https://example.com/path?q=1#f", "example.com", "ftp://1.2.3.4:21/x",
		"http://[::1]:8080/", "localhost:8080", ".example.com", "http://.example.com", "mailto:a@b.c",
		"https://raw.githubusercontent.com/helm/helm/main/icon.svg", "/relative/path", "http//broken",
		"https://exa mple.com", "https://example.com:999999", "tcp://host", "https://under_score.example.com",
	}
	for _, s := range inputs {
		if got, want := govalidator.IsEmail(s), upstream.IsEmail(s); got != want {
			t.Errorf("IsEmail(%q) = %v, upstream %v", s, got, want)
		}
		if got, want := govalidator.IsURL(s), upstream.IsURL(s); got != want {
			t.Errorf("IsURL(%q) = %v, upstream %v", s, got, want)
		}
		if got, want := govalidator.IsRequestURL(s), upstream.IsRequestURL(s); got != want {
			t.Errorf("IsRequestURL(%q) = %v, upstream %v", s, got, want)
		}
	}
}

func FuzzGovalidatorSameAsUpstream(f *testing.F) {
	f.Add("a@b.co")
	f.Add("https://example.com/x")
	f.Fuzz(func(t *testing.T, s string) {
		if govalidator.IsEmail(s) != upstream.IsEmail(s) || govalidator.IsURL(s) != upstream.IsURL(s) || govalidator.IsRequestURL(s) != upstream.IsRequestURL(s) {
			t.Errorf("%q: differs from upstream", s)
		}
	})
}
