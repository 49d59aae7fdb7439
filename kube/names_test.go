package kube

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestNameRules(t *testing.T) {
	for _, c := range []struct {
		rule func(string) []string
		name string
		want []string // prefixes of the reasons, in order
	}{
		{DNS1123Subdomain, "my-app.example", nil},
		{DNS1123Subdomain, "Bad_Name", []string{"a lowercase RFC 1123 subdomain must consist of"}},
		{DNS1123Subdomain, strings.Repeat("a", 254), []string{"must be no more than 253 characters"}},
		{DNS1123Label, "a.b", []string{"must not contain dots"}},
		{DNS1123Label, "A", []string{"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc'"}},
		{DNS1035Label, "1svc", []string{"a DNS-1035 label must consist of"}},
		{DNS1035Label, "svc", nil},
		{PathSegmentName, "..", []string{"may not be '..'"}},
		{PathSegmentName, "a/b%c", []string{"may not contain '/'", "may not contain '%'"}},
	} {
		got := c.rule(c.name)
		if len(got) != len(c.want) {
			t.Errorf("%q: got %q, want %d reasons", c.name, got, len(c.want))
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], c.want[i]) {
				t.Errorf("%q: reason %d = %q, want prefix %q", c.name, i, got[i], c.want[i])
			}
		}
	}
	if got := DNS1123Subdomain("Bad_Name"); !reflect.DeepEqual(got, []string{"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"}) {
		t.Errorf("DNS1123Subdomain message = %q", got)
	}
}

// FuzzNameMatchers checks the hand-written matchers against the regular
// expressions Kubernetes validates with.
func FuzzNameMatchers(f *testing.F) {
	for _, v := range []string{"", "a", "-", "a-", "-a", "a.b", "a..b", ".a", "a.", "1a", "a1", "my-app.example", "A", "a_b", "é", "a.-b", "a-.b", "0"} {
		f.Add(v)
	}
	label := regexp.MustCompile("^" + dns1123LabelFmt + "$")
	subdomain := regexp.MustCompile("^" + dns1123SubdomainFmt + "$")
	label1035 := regexp.MustCompile("^" + dns1035LabelFmt + "$")
	f.Fuzz(func(t *testing.T, v string) {
		if got, want := isLabel(v, false), label.MatchString(v); got != want {
			t.Errorf("isLabel(%q, false) = %v, the regexp says %v", v, got, want)
		}
		if got, want := isLabel(v, true), label1035.MatchString(v); got != want {
			t.Errorf("isLabel(%q, true) = %v, the regexp says %v", v, got, want)
		}
		if got, want := isSubdomain(v), subdomain.MatchString(v); got != want {
			t.Errorf("isSubdomain(%q) = %v, the regexp says %v", v, got, want)
		}
	})
}
