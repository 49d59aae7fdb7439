package kube

import (
	"slices"
	"testing"
)

func TestDefaultAPIVersions(t *testing.T) {
	got := DefaultAPIVersions()
	// Appendix B of helm-behaviour.md: 57 entries, core first, apiextensions last.
	if len(got) != 57 {
		t.Fatalf("len = %d, want 57", len(got))
	}
	checks := []struct {
		index int
		want  string
	}{
		{0, "v1"},
		{1, "admissionregistration.k8s.io/v1"},
		{4, "internal.apiserver.k8s.io/v1alpha1"},
		{55, "apiextensions.k8s.io/v1beta1"},
		{56, "apiextensions.k8s.io/v1"},
	}
	for _, c := range checks {
		if got[c.index] != c.want {
			t.Errorf("[%d] = %q, want %q", c.index, got[c.index], c.want)
		}
	}
	got[0] = "changed"
	if DefaultAPIVersions()[0] != "v1" {
		t.Error("DefaultAPIVersions shares its backing array with the caller")
	}
}

func TestDeprecationsSorted(t *testing.T) {
	all := Deprecations()
	if len(all) != 167 {
		t.Errorf("len = %d, want 167 (Appendix A)", len(all))
	}
	sorted := slices.IsSortedFunc(all, func(a, b Deprecation) int {
		if a.APIVersion != b.APIVersion {
			if a.APIVersion < b.APIVersion {
				return -1
			}
			return 1
		}
		if a.Kind < b.Kind {
			return -1
		}
		if a.Kind > b.Kind {
			return 1
		}
		return 0
	})
	if !sorted {
		t.Error("deprecations are not sorted by apiVersion and kind")
	}
}

func TestLookupDeprecation(t *testing.T) {
	tests := []struct {
		apiVersion, kind string
		found            bool
		message          string
		appliesTo137     bool
	}{
		{"extensions/v1beta1", "Ingress", true,
			"extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress", true},
		{"v1", "Endpoints", true,
			"v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice", true},
		{"events.k8s.io/v1beta1", "Event", true,
			"events.k8s.io/v1beta1 Event is deprecated in v1.22+, unavailable in v1.25+", true},
		{"lifecycle.k8s.io/v1alpha1", "Eviction", true,
			"lifecycle.k8s.io/v1alpha1 Eviction is deprecated in v1.40+, unavailable in v1.43+", false},
		{"apps/v1", "Deployment", false, "", false},
		{"zzz/v1", "Nothing", false, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.apiVersion+" "+tt.kind, func(t *testing.T) {
			d, ok := LookupDeprecation(tt.apiVersion, tt.kind)
			if ok != tt.found {
				t.Fatalf("found = %v, want %v", ok, tt.found)
			}
			if !ok {
				return
			}
			if got := d.Message(); got != tt.message {
				t.Errorf("Message() = %q, want %q", got, tt.message)
			}
			if got := d.AppliesTo(Release{1, 37}); got != tt.appliesTo137 {
				t.Errorf("AppliesTo(1.37) = %v, want %v", got, tt.appliesTo137)
			}
		})
	}
}

func TestLookupRemoval(t *testing.T) {
	tests := []struct {
		apiVersion, kind string
		found            bool
		message          string
		removedIn137     bool
		removedIn121     bool
	}{
		// Declared by types that are still in today's k8s.io/api.
		{"extensions/v1beta1", "Deployment", true,
			"extensions/v1beta1 Deployment is deprecated in v1.8+, unavailable in v1.16+; use apps/v1 Deployment", true, true},
		// Declared by types that k8s.io/api has since deleted.
		{"policy/v1beta1", "PodSecurityPolicy", true,
			"policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+", true, false},
		{"apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", true,
			"apiextensions.k8s.io/v1beta1 CustomResourceDefinition is deprecated in v1.16+, unavailable in v1.22+; use apiextensions.k8s.io/v1 CustomResourceDefinition", true, false},
		// Declared in the type's doc comment only.
		{"rbac.authorization.k8s.io/v1alpha1", "ClusterRoleBinding", true,
			"rbac.authorization.k8s.io/v1alpha1 ClusterRoleBinding is deprecated in v1.17+, unavailable in v1.22+; use rbac.authorization.k8s.io/v1 ClusterRoleBinding", true, false},
		// Declared nothing: the release that dropped the type.
		{"batch/v2alpha1", "CronJob", true,
			"batch/v2alpha1 CronJob is unavailable in v1.21+; use batch/v1 CronJob", true, true},
		{"settings.k8s.io/v1alpha1", "PodPreset", true,
			"settings.k8s.io/v1alpha1 PodPreset is unavailable in v1.20+", true, true},
		// Removal still ahead.
		{"admissionregistration.k8s.io/v1beta1", "MutatingAdmissionPolicy", true,
			"admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicy is deprecated in v1.37+, unavailable in v1.40+; use admissionregistration.k8s.io/v1 MutatingAdmissionPolicy", false, false},
		// Deprecated without a removal, and served kinds.
		{"v1", "Endpoints", false, "", false, false},
		{"apps/v1", "Deployment", false, "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.apiVersion+" "+tt.kind, func(t *testing.T) {
			d, ok := LookupRemoval(tt.apiVersion, tt.kind)
			if ok != tt.found {
				t.Fatalf("found = %v, want %v", ok, tt.found)
			}
			if !ok {
				return
			}
			if got := d.Message(); got != tt.message {
				t.Errorf("Message() = %q, want %q", got, tt.message)
			}
			if got := d.RemovedIn(Release{1, 37}); got != tt.removedIn137 {
				t.Errorf("RemovedIn(1.37) = %v, want %v", got, tt.removedIn137)
			}
			if got := d.RemovedIn(Release{1, 21}); got != tt.removedIn121 {
				t.Errorf("RemovedIn(1.21) = %v, want %v", got, tt.removedIn121)
			}
		})
	}
}

// TestRemovals checks that Removals holds Helm's removals and the history's,
// each kind once, sorted, and that LookupRemoval finds each of them.
func TestRemovals(t *testing.T) {
	all := Removals()
	if len(all) != 256 {
		t.Errorf("len = %d, want 256 (the kinds removed since 1.16, and those removal is declared for)", len(all))
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if a.APIVersion > b.APIVersion || (a.APIVersion == b.APIVersion && a.Kind >= b.Kind) {
			t.Errorf("not sorted or repeated at %d: %s %s, then %s %s", i, a.APIVersion, a.Kind, b.APIVersion, b.Kind)
		}
	}
	for _, d := range all {
		if r, ok := LookupRemoval(d.APIVersion, d.Kind); !ok || r != d {
			t.Errorf("LookupRemoval(%s, %s) = %+v, %v; want %+v", d.APIVersion, d.Kind, r, ok, d)
		}
	}
	for _, d := range Deprecations() {
		if _, ok := LookupRemoval(d.APIVersion, d.Kind); ok != !d.Removed.IsZero() {
			t.Errorf("%s %s: removal found %v, Helm's table says removed in %s", d.APIVersion, d.Kind, ok, d.Removed)
		}
	}
	all[0].Kind = "changed"
	if Removals()[0].Kind == "changed" {
		t.Error("Removals shares its backing array with the caller")
	}
}

func TestNamespaced(t *testing.T) {
	tests := []struct {
		apiVersion, kind  string
		namespaced, known bool
	}{
		{"v1", "Pod", true, true},
		{"v1", "Namespace", false, true},
		{"apps/v1", "Deployment", true, true},
		{"rbac.authorization.k8s.io/v1", "ClusterRole", false, true},
		{"apiextensions.k8s.io/v1", "CustomResourceDefinition", false, true},
		{"apiregistration.k8s.io/v1", "APIService", false, true},
		{"v1", "PodList", false, false},
		{"example.com/v1", "Widget", false, false},
	}
	for _, tt := range tests {
		ns, known := Namespaced(tt.apiVersion, tt.kind)
		if ns != tt.namespaced || known != tt.known {
			t.Errorf("Namespaced(%q, %q) = %v, %v; want %v, %v", tt.apiVersion, tt.kind, ns, known, tt.namespaced, tt.known)
		}
	}
}
