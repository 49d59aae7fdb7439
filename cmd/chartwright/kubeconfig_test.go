package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReleaseNamespace: without --namespace, the release namespace is
// HELM_NAMESPACE, else that of the kubeconfig's current context (or of
// --kube-context's), merged over KUBECONFIG's files as client-go merges
// them, else "default" (as helm v4.3.1 and v3.22.0 take it in template and
// lint).
func TestReleaseNamespace(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	first := write("first", "current-context: dev\ncontexts:\n- name: prod\n  context:\n    namespace: prod-ns\n")
	second := write("second", "current-context: prod\ncontexts:\n- name: dev\n  context:\n    namespace: dev-ns\n- name: prod\n  context:\n    namespace: ignored\n")
	broken := write("broken", "contexts: [\n")
	list := first + string(os.PathListSeparator) + filepath.Join(dir, "missing") + string(os.PathListSeparator) + second
	for _, tt := range []struct {
		env     map[string]string
		flags   kubeFlags
		given   string
		want    string
		comment string
	}{
		{map[string]string{"KUBECONFIG": list}, kubeFlags{}, "", "dev-ns", "first current-context, contexts merged first-wins"},
		{map[string]string{"KUBECONFIG": list}, kubeFlags{context: "prod"}, "", "prod-ns", "--kube-context"},
		{map[string]string{"KUBECONFIG": list, "HELM_KUBECONTEXT": "prod"}, kubeFlags{}, "", "prod-ns", "HELM_KUBECONTEXT"},
		{map[string]string{"KUBECONFIG": list, "HELM_NAMESPACE": "env-ns"}, kubeFlags{}, "", "env-ns", "HELM_NAMESPACE first"},
		{map[string]string{"KUBECONFIG": list, "HELM_NAMESPACE": "env-ns"}, kubeFlags{}, "flag-ns", "flag-ns", "--namespace first"},
		{map[string]string{"KUBECONFIG": list}, kubeFlags{config: second}, "", "ignored", "--kubeconfig"},
		{map[string]string{"KUBECONFIG": broken + string(os.PathListSeparator) + first}, kubeFlags{}, "", "default", "a file that does not parse"},
		{map[string]string{"KUBECONFIG": filepath.Join(dir, "missing")}, kubeFlags{}, "", "default", "no file"},
	} {
		t.Setenv("HELM_NAMESPACE", "")
		t.Setenv("HELM_KUBECONTEXT", "")
		for k, v := range tt.env {
			t.Setenv(k, v)
		}
		if got := tt.flags.namespaceOr(tt.given); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.comment, got, tt.want)
		}
	}
	t.Setenv("KUBECONFIG", list)
	chart := filepath.Join("..", "..", "testdata", "charts", "rt-funcs")
	if r := call("template", "rel", chart); r.code != 0 || !strings.Contains(r.stdout, `release: "rel|dev-ns|`) {
		t.Errorf("template takes no namespace from the kubeconfig: %+v", r)
	}
}
