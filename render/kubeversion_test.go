package render

import "testing"

// TestParseKubeVersion: --kube-version read as Kubernetes' generic parser
// reads it, which Helm calls (interop's TestKubeVersionParsedAsHelm and its
// fuzz target compare every case with Helm's own parser).
func TestParseKubeVersion(t *testing.T) {
	for _, tt := range []struct{ in, version, normalized, err string }{
		{in: "1.25.x", version: "v1.25.x", normalized: "v1.25"},
		{in: "v1.28.3-gke.100", version: "v1.28.3-gke.100", normalized: "v1.28.3"},
		{in: "1.02", version: "v1.02", normalized: "v1.2"},
		{in: "1.2.", version: "v1.2.", normalized: "v1.2"},
		{in: " \tv1.30", version: "v \tv1.30", normalized: "v1.30"},
		{in: "1.x", err: `illegal version string "1.x"`},
		{in: "01.02", err: `illegal zero-prefixed version component "01" in "01.02"`},
		{in: "x1.2", err: `could not parse "x1.2" as version`},
		{in: "1.2\n", err: `could not parse "1.2\n" as version`},
		{in: "1.99999999999999999999", err: `illegal non-numeric version component "99999999999999999999" in "1.99999999999999999999": strconv.ParseUint: parsing "99999999999999999999": value out of range`},
	} {
		kv, err := ParseKubeVersion(tt.in)
		switch {
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("%q: error %v, want %s", tt.in, err, tt.err)
		case tt.err == "" && (err != nil || kv.Version != tt.version || kv.String() != tt.normalized):
			t.Errorf("%q: %+v %v, want %s normalized to %s", tt.in, kv, err, tt.version, tt.normalized)
		}
	}
}
