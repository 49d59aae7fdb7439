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

// TestGovalidatorEdgesSameAsUpstream compares IsEmail and IsURL with the
// release on strings built around the edges of the copy's fast paths: dots,
// hyphens at label ends, digits-only and one-letter top-level labels,
// underscores, ports, userinfo, upper case, IP hosts, trailing dots.
func TestGovalidatorEdgesSameAsUpstream(t *testing.T) {
	emails, urls := edgeEmails(), edgeURLs()
	validEmails, validURLs := 0, 0
	for _, s := range emails {
		got, want := govalidator.IsEmail(s), upstream.IsEmail(s)
		if got != want {
			t.Errorf("IsEmail(%q) = %v, upstream %v", s, got, want)
		}
		if want {
			validEmails++
		}
	}
	for _, s := range urls {
		got, want := govalidator.IsURL(s), upstream.IsURL(s)
		if got != want {
			t.Errorf("IsURL(%q) = %v, upstream %v", s, got, want)
		}
		if want {
			validURLs++
		}
	}
	t.Logf("e-mails: %d of %d valid; URLs: %d of %d valid", validEmails, len(emails), validURLs, len(urls))
}

// Pieces of the edge strings.
var (
	edgeLabels   = []string{"", "a", "ab", "a-b", "a--b", "-a", "a-", "1", "12", "a_b", "A", "é", "a~b"}
	edgeTLDs     = []string{"", "c", "co", "c1", "1c", "123", "c-o", "co-", "-co", "c_o", "COM", "é"}
	edgeLocals   = []string{"", "a", "a.b", ".a", "a.", "a..b", "a_b", "a-b", "A1", "a+tag", "a b", "é", `"q"`, "a@b", "!#$%&'*+-/=?^_`{|}~"}
	edgeSchemes  = []string{"", "http://", "https://", "HTTPS://", "ftp://", "ws://", "wss://", "tcp://", "udp://", "git://", "http:/", "https:"}
	edgeUserinfo = []string{"", "u@", "u:p@", "@"}
	edgePorts    = []string{"", ":", ":0", ":8080", ":65535", ":123456", ":8a"}
	edgePaths    = []string{"", "/", "/a/b", "?q=1", "#f", "/a b", "/ü", "/%zz", "/%41", "//x", "/a:b", "/a@b", "\t", "/\x7f"}
	edgeIPHosts  = []string{"1.2.3.4", "256.1.1.1", "0.1.2.3", "[::1]", "[fe80::1%25eth0]", "localhost"}
)

// edgeDomains is zero to two labels then a top-level label, each with and
// without a trailing dot.
func edgeDomains() []string {
	var domains []string
	for _, tld := range edgeTLDs {
		domains = append(domains, tld)
		for _, a := range edgeLabels {
			domains = append(domains, a+"."+tld)
			for _, b := range edgeLabels {
				domains = append(domains, a+"."+b+"."+tld)
			}
		}
	}
	for _, d := range domains {
		domains = append(domains, d+".")
	}
	return domains
}

func edgeEmails() []string {
	var emails []string
	for _, local := range edgeLocals {
		for _, d := range edgeDomains() {
			emails = append(emails, local+"@"+d)
		}
	}
	return emails
}

// edgeURLs crosses every host with a few schemes, ports and paths, and a few
// hosts with every scheme, userinfo, port and path.
func edgeURLs() []string {
	var urls []string
	for _, host := range edgeDomains() {
		for _, scheme := range []string{"", "https://", "HTTPS://", "ws://"} {
			for _, tail := range []string{"", ":8080", "/a?b#c", ":1/x"} {
				urls = append(urls, scheme+host+tail)
			}
		}
	}
	for _, host := range append([]string{"ab.cd", "a.b.cd", "ab.c", "ab.cd."}, edgeIPHosts...) {
		for _, scheme := range edgeSchemes {
			for _, user := range edgeUserinfo {
				for _, port := range edgePorts {
					for _, path := range edgePaths {
						urls = append(urls, scheme+user+host+port+path)
					}
				}
			}
		}
	}
	return urls
}

func FuzzGovalidatorSameAsUpstream(f *testing.F) {
	f.Add("a@b.co")
	f.Add("https://example.com/x")
	for _, s := range []string{"a.b-c@d-e.f", "x@a.b.c.", "https://a-b.c-d.ef:65535/p?q#f", "http://ab.c", "wss://u@ab.cd", "https://ab.cd./"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if govalidator.IsEmail(s) != upstream.IsEmail(s) || govalidator.IsURL(s) != upstream.IsURL(s) || govalidator.IsRequestURL(s) != upstream.IsRequestURL(s) {
			t.Errorf("%q: differs from upstream", s)
		}
	})
}
