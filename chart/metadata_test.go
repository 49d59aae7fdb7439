package chart

import "testing"

// TestIsSemver checks that a version is semver as Helm's
// semver.NewVersion judges it, strict versions and the loose forms it
// coerces alike.
func TestIsSemver(t *testing.T) {
	for v, want := range map[string]bool{
		"1.2.3":             true,
		"1.2.3-rc.1+build5": true,
		"v1.2":              true, // coerced: a v, no patch
		"1":                 true,
		"01.2.3":            true, // coerced: a leading zero
		"1.2.3-":            false,
		"1.2.x":             false,
		"latest":            false,
		"":                  false,
	} {
		if got := isSemver(v); got != want {
			t.Errorf("isSemver(%q) = %v, want %v", v, got, want)
		}
	}
}
