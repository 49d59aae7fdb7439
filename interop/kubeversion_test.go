package interop

import (
	"testing"

	"github.com/chartwright/chartwright/render"
	"helm.sh/helm/v4/pkg/chart/common"
)

// kubeVersions are --kube-version values of every shape Kubernetes'
// generic parser tells apart.
var kubeVersions = []string{
	"1.37", "v1.37.0", "1.28.3-gke.100", "v1.28.3+k3s1", " 1.30", "\t v1.30", "1.30 ", "1.30\n", "\n1.30",
	"1.2.x", "1.25.x", "1.02", "1.2.03", "1.2.3.x", "1.2.*", "1.0x2", "1.2a", "1.2.", "1..2", "1.x", "1.X", "1.*",
	"0x1.2", "01.02", "v01.2", "0.1", "1", "v", "", "x1.2", "vv1.2", "1.99999999999999999999", "1.2\nx",
	"1.2 trailing words", "1.2-", "1.2+", "V1.2",
}

// TestKubeVersionParsedAsHelm: chartwright reads --kube-version as Helm 4
// does: the same errors, and the same version, normalized version and
// major and minor numbers.
func TestKubeVersionParsedAsHelm(t *testing.T) {
	for _, s := range kubeVersions {
		checkKubeVersion(t, s)
	}
}

func FuzzKubeVersionParsedAsHelm(f *testing.F) {
	for _, s := range kubeVersions {
		f.Add(s)
	}
	f.Fuzz(checkKubeVersion)
}

func checkKubeVersion(t *testing.T, s string) {
	ours, err := render.ParseKubeVersion(s)
	helms, helmErr := common.ParseKubeVersion(s)
	if (err == nil) != (helmErr == nil) || err != nil && err.Error() != helmErr.Error() {
		t.Errorf("%q: error %v, Helm's %v", s, err, helmErr)
		return
	}
	if err == nil && (ours.Version != helms.Version || ours.String() != helms.String() || ours.Major != helms.Major || ours.Minor != helms.Minor) {
		t.Errorf("%q: %+v (%s), Helm's %+v (%s)", s, *ours, ours.String(), *helms, helms.String())
	}
}
