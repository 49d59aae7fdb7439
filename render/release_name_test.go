package render

import (
	"regexp"
	"testing"
)

// TestValidReleaseNameMatchesPattern checks the hand-written matcher against
// Helm's regexp on every string of up to five characters over an alphabet
// holding each kind of character the pattern distinguishes.
func TestValidReleaseNameMatchesPattern(t *testing.T) {
	pattern := regexp.MustCompile(releaseNamePattern)
	const alphabet = "az09-.A_"
	var try func(name string, more int)
	try = func(name string, more int) {
		if want := pattern.MatchString(name); validReleaseName(name) != want {
			t.Fatalf("validReleaseName(%q) = %v, the pattern says %v", name, !want, want)
		}
		if more == 0 {
			return
		}
		for _, c := range alphabet {
			try(name+string(c), more-1)
		}
	}
	try("", 5)
}
