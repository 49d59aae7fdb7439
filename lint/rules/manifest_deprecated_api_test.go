package rules_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// TestRemovedAPIsByTarget lints the removed-api fixture against several
// Kubernetes versions: a kind is reported from the release that deprecates
// it (warning) and is an error from the release that stops serving it,
// whether or not today's k8s.io/api still has its type.
func TestRemovedAPIsByTarget(t *testing.T) {
	const (
		psp        = "templates/psp.yaml:1 %s policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+"
		cronJob    = "templates/cronjob.yaml:2 error batch/v2alpha1 CronJob is unavailable in v1.21+; use batch/v1 CronJob"
		deployment = "templates/deployment.yaml:1 error extensions/v1beta1 Deployment is deprecated in v1.8+, unavailable in v1.16+; use apps/v1 Deployment"
		role       = "charts/legacy/templates/role.yaml:1 %s rbac.authorization.k8s.io/v1beta1 Role is deprecated in v1.17+, unavailable in v1.22+; use rbac.authorization.k8s.io/v1 Role"
	)
	tests := []struct {
		kubeVersion string
		want        []string
	}{
		{"1.20", []string{deployment, fmt.Sprintf(role, "warning")}},
		{"1.21", []string{deployment, fmt.Sprintf(psp, "warning"), cronJob, fmt.Sprintf(role, "warning")}},
		{"1.22", []string{deployment, fmt.Sprintf(psp, "warning"), cronJob, fmt.Sprintf(role, "error")}},
		{"1.30", []string{deployment, fmt.Sprintf(psp, "error"), cronJob, fmt.Sprintf(role, "error")}},
		{"1.37", []string{deployment, fmt.Sprintf(psp, "error"), cronJob, fmt.Sprintf(role, "error")}},
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "lint", "removed-api", "chart"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.kubeVersion, func(t *testing.T) {
			res, err := lint.Run(context.Background(), dir, lint.Options{Rules: rules.All(), KubeVersion: tt.kubeVersion})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				switch f.Rule {
				case "manifest-deprecated-api":
					got = append(got, fmt.Sprintf("%s:%d %s %s", f.Path, f.Position().Line, f.Severity, f.Message))
				case "manifest-unknown-kind":
					if tt.kubeVersion < "1.30" {
						continue // no schemas before 1.30: every kind is unknown
					}
					t.Errorf("%s: a removed kind is manifest-deprecated-api's alone: %s", f.Path, f.Message)
				}
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("findings:\n%q\nwant:\n%q", got, want)
			}
		})
	}
}
