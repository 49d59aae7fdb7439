package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestDeriveRemovals(t *testing.T) {
	declared := func(apiVersion, kind string, dep, rem int, replacement string) deprecation {
		return deprecation{apiVersion: apiVersion, kind: kind, depMajor: 1, depMinor: dep, remMajor: 1, remMinor: rem, replacement: replacement}
	}
	plain := func(apiVersion, kind string) deprecation { return deprecation{apiVersion: apiVersion, kind: kind} }
	kinds := func(ds ...deprecation) map[gvk]deprecation {
		m := map[gvk]deprecation{}
		for _, d := range ds {
			m[gvk{d.apiVersion, d.kind}] = d
		}
		return m
	}
	releases := []releaseKinds{
		{"1.20", kinds(
			plain("batch/v2alpha1", "CronJob"),
			plain("batch/v1beta1", "CronJob"),
			plain("settings.k8s.io/v1alpha1", "PodPreset"),
			plain("extensions/v1beta1", "Deployment"),
			plain("rbac.authorization.k8s.io/v1alpha1", "Role"),
			plain("apps/v1", "Deployment"),
		)},
		{"1.21", kinds(
			declared("batch/v1beta1", "CronJob", 21, 25, "batch/v1 CronJob"),
			plain("batch/v1", "CronJob"),
			declared("extensions/v1beta1", "Deployment", 8, 16, "apps/v1 Deployment"),
			plain("rbac.authorization.k8s.io/v1alpha1", "Role"),
			plain("apps/v1", "Deployment"),
			declared("policy/v1beta1", "PodSecurityPolicy", 21, 25, ""),
		)},
		{"1.22", kinds(
			// The declared lifecycle outlives the type: the newest declaration counts.
			plain("batch/v1beta1", "CronJob"),
			plain("batch/v1", "CronJob"),
			declared("extensions/v1beta1", "Deployment", 8, 16, "apps/v1 Deployment"),
			plain("rbac.authorization.k8s.io/v1alpha1", "Role"),
			plain("apps/v1", "Deployment"),
			deprecation{apiVersion: "v1", kind: "Endpoints", depMajor: 1, depMinor: 21},
		)},
	}
	got, err := deriveRemovals(releases)
	if err != nil {
		t.Fatal(err)
	}
	want := []deprecation{
		declared("batch/v1beta1", "CronJob", 21, 25, "batch/v1 CronJob"),
		// Absent from 1.21: removed in 1.21, replaced by the stable kind of its group.
		{apiVersion: "batch/v2alpha1", kind: "CronJob", remMajor: 1, remMinor: 21, replacement: "batch/v1 CronJob"},
		declared("extensions/v1beta1", "Deployment", 8, 16, "apps/v1 Deployment"),
		// Declared removal wins over the release that drops the type (1.22).
		declared("policy/v1beta1", "PodSecurityPolicy", 21, 25, ""),
		{apiVersion: "settings.k8s.io/v1alpha1", kind: "PodPreset", remMajor: 1, remMinor: 21},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("deriveRemovals:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseLifecycle(t *testing.T) {
	src := `package v1beta1

import schema "k8s.io/apimachinery/pkg/runtime/schema"

func (in *Ingress) APILifecycleIntroduced() (major, minor int) {
	return 1, 1
}

func (in *Ingress) APILifecycleDeprecated() (major, minor int) {
	return 1, 14
}

func (in *Ingress) APILifecycleReplacement() schema.GroupVersionKind {
	return schema.GroupVersionKind{Group: "networking.k8s.io", Version: "v1", Kind: "Ingress"}
}

func (in *Ingress) APILifecycleRemoved() (major, minor int) {
	return 1, 22
}

func (in *Binding) APILifecycleReplacement() schema.GroupVersionKind {
	return schema.GroupVersionKind{Group: "", Version: "v1", Kind: "Binding"}
}
`
	file := filepath.Join(t.TempDir(), "zz_generated.prerelease-lifecycle.go")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := parseLifecycle(file)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]deprecation{
		"Ingress": {depMajor: 1, depMinor: 14, remMajor: 1, remMinor: 22, replacement: "networking.k8s.io/v1 Ingress"},
		"Binding": {replacement: "v1 Binding"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseLifecycle:\n got %+v\nwant %+v", got, want)
	}

	missing, err := parseLifecycle(filepath.Join(t.TempDir(), "absent.go"))
	if err != nil || len(missing) != 0 {
		t.Errorf("missing file: got %v, %v; want nothing, no error", missing, err)
	}
}

func TestParseLifecycleRejectsUnexpectedShapes(t *testing.T) {
	src := "package v1\n\nfunc (in *X) APILifecycleRemoved() (major, minor int) {\n\treturn minor()\n}\n"
	file := filepath.Join(t.TempDir(), "zz_generated.prerelease-lifecycle.go")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := parseLifecycle(file); err == nil {
		t.Error("want an error for a removal that is not two integer literals")
	}
}

func TestBeyondHelm(t *testing.T) {
	ingress := deprecation{apiVersion: "extensions/v1beta1", kind: "Ingress", depMajor: 1, depMinor: 14, remMajor: 1, remMinor: 22, replacement: "networking.k8s.io/v1 Ingress"}
	psp := deprecation{apiVersion: "policy/v1beta1", kind: "PodSecurityPolicy", depMajor: 1, depMinor: 21, remMajor: 1, remMinor: 25}
	got, err := beyondHelm([]deprecation{ingress, psp}, []deprecation{ingress})
	if err != nil {
		t.Fatal(err)
	}
	if want := []deprecation{psp}; !reflect.DeepEqual(got, want) {
		t.Errorf("beyondHelm = %+v, want %+v", got, want)
	}
	other := ingress
	other.remMinor = 23
	if _, err := beyondHelm([]deprecation{other}, []deprecation{ingress}); err == nil {
		t.Error("want an error when the releases and client-go disagree")
	}
}

func TestProseLifecycle(t *testing.T) {
	registered := map[gvk]deprecation{
		{"rbac.authorization.k8s.io/v1", "Role"}:            {},
		{"rbac.authorization.k8s.io/v1", "ClusterRoleList"}: {},
	}
	tests := []struct {
		k    gvk
		doc  string
		want deprecation
		ok   bool
	}{
		{gvk{"rbac.authorization.k8s.io/v1alpha1", "Role"},
			"Role is a namespaced, logical grouping.\nDeprecated in v1.17 in favor of rbac.authorization.k8s.io/v1 Role, and will no longer be served in v1.22.\n",
			deprecation{apiVersion: "rbac.authorization.k8s.io/v1alpha1", kind: "Role", depMajor: 1, depMinor: 17, remMajor: 1, remMinor: 22, replacement: "rbac.authorization.k8s.io/v1 Role"}, true},
		// The text names a kind that does not exist: the same kind is used.
		{gvk{"rbac.authorization.k8s.io/v1alpha1", "ClusterRoleList"},
			"ClusterRoleList is a collection of ClusterRoles.\nDeprecated in v1.17 in favor of rbac.authorization.k8s.io/v1 ClusterRoles, and will no longer\nbe served in v1.22.",
			deprecation{apiVersion: "rbac.authorization.k8s.io/v1alpha1", kind: "ClusterRoleList", depMajor: 1, depMinor: 17, remMajor: 1, remMinor: 22, replacement: "rbac.authorization.k8s.io/v1 ClusterRoleList"}, true},
		{gvk{"rbac.authorization.k8s.io/v1alpha1", "RoleBinding"},
			"Deprecated in v1.17 in favor of example.com/v1 Nothing, and will no longer be served in v1.22.",
			deprecation{apiVersion: "rbac.authorization.k8s.io/v1alpha1", kind: "RoleBinding", depMajor: 1, depMinor: 17, remMajor: 1, remMinor: 22}, true},
		{gvk{"apps/v1beta1", "Deployment"}, "DEPRECATED - This group version of Deployment is deprecated by apps/v1beta2/Deployment.", deprecation{}, false},
	}
	for _, tt := range tests {
		got, ok := proseLifecycle(tt.k, tt.doc, registered)
		if ok != tt.ok || got != tt.want {
			t.Errorf("proseLifecycle(%v) = %+v, %v; want %+v, %v", tt.k, got, ok, tt.want, tt.ok)
		}
	}
}
