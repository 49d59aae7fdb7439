package schema

import (
	"strings"
	"testing"
)

// The string formats take what kube-openapi's registry takes in its
// corners (compared with it on 300,000 generated strings when written):
// the sloppy IP parser's leading zeros, ipv4 written inside IPv6, the
// words and stray text of durations, what follows a second "t" of a
// date-time, labels counted in bytes.
func TestStringFormats(t *testing.T) {
	tests := []struct {
		format, value string
		valid         bool
	}{
		{"ipv4", "::ffff:1.2.3.4", true},
		{"ipv4", "0001.02.003.0", true},
		{"ipv4", "1.2.3.0400", false},
		{"ipv6", "::ffff:1.2.3.4", true},
		{"ipv6", "fe80::1%eth0", false},
		{"cidr", "00010.0.0.0/008", true},
		{"cidr", "::ffff:1.2.3.4/64", true},
		{"cidr", "1.2.3.4/0033", false},
		{"cidr", "0001::/0128", true},
		{"cidr", "1.2.3.4", false},
		{"mac", "0011.2233.4455", true},
		{"duration", "1h30m", true},
		{"duration", "wait 2 weeks, then", true},
		{"duration", "1 month", false},
		{"duration", "5 sec and 99999999999999999999 x", false},
		{"duration", "", false},
		{"datetime", "2020-01-01T10:00:00Ztrailing", true},
		{"datetime", "2020-01-01T10:00:00", false},
		{"hostname", "żółw.pl", true},
		{"hostname", "a_b.com", false},
		{"hostname", strings.Repeat("ż", 31) + ".pl", true},  // 62 bytes
		{"hostname", strings.Repeat("ż", 40) + ".pl", false}, // 80 bytes, 40 letters
		{"byte", "", false},
		{"email", "a@b", true},
		{"uri", "/relative/path", true},
	}
	for _, tt := range tests {
		if got := stringFormats[tt.format](tt.value); got != tt.valid {
			t.Errorf("%s %q: valid = %v, want %v", tt.format, tt.value, got, tt.valid)
		}
	}
}
