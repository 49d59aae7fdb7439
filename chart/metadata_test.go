package chart

import (
	"testing"

	"github.com/Masterminds/semver/v3"
)

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

// FuzzParseVersion checks that ParseVersion, which tries strict parsing
// first, is semver.NewVersion: the same version, or the same error.
func FuzzParseVersion(f *testing.F) {
	for _, v := range []string{"1.2.3", "v1.2.3", "1.2.3-rc.1+build.5", "1.2.3-01", "1.2.3+meta-data", "1.0.0-0",
		"99999999999999999999.0.0", "1.2", "01.2.3", "1.2.3-", "1.2.3-a..b", "latest", "", " 1.2.3", "1.2.3 "} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got, gotErr := ParseVersion(v)
		want, wantErr := semver.NewVersion(v)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("ParseVersion(%q) error %v, semver.NewVersion's %v", v, gotErr, wantErr)
		}
		if gotErr == nil && (got.Original() != want.Original() || got.String() != want.String() || !got.Equal(want) ||
			got.Metadata() != want.Metadata()) {
			t.Fatalf("ParseVersion(%q) = %v, semver.NewVersion's %v", v, got, want)
		}
	})
}
