package rules

import (
	"testing"

	"github.com/chartwright/chartwright/kube"
	"github.com/chartwright/chartwright/lint"
)

// TestDeprecationSeverity checks the split of manifest-deprecated-api by
// target version: batch/v1beta1 CronJob is deprecated in 1.21 and removed
// in 1.25.
func TestDeprecationSeverity(t *testing.T) {
	hd := &head{APIVersion: "batch/v1beta1", Kind: "CronJob"}
	for _, tt := range []struct {
		target kube.Release
		want   lint.Severity
	}{
		{kube.Release{Major: 1, Minor: 21}, lint.Warning},
		{kube.Release{Major: 1, Minor: 24}, lint.Warning},
		{kube.Release{Major: 1, Minor: 25}, lint.Error},
		{kube.Release{Major: 1, Minor: 37}, lint.Error},
	} {
		if got := deprecationSeverity(hd, tt.target); got != tt.want {
			t.Errorf("target %s: %s, want %s", tt.target, got, tt.want)
		}
	}
}
