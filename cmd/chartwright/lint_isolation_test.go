package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/testfs"
)

// TestLintDirKeepsOtherCharts lints a folder of charts, one of which
// recurses without end through tpl and one through includes: each is one
// short error, and the good chart's findings are all reported.
func TestLintDirKeepsOtherCharts(t *testing.T) {
	chartYAML := func(name string) string {
		return "apiVersion: v2\nname: " + name + "\nversion: 1.0.0\nicon: https://example.com/i.png\n"
	}
	dir := testfs.Write(t, t.TempDir(), map[string]string{
		"a-tpl/Chart.yaml":         chartYAML("a-tpl"),
		"a-tpl/values.yaml":        "self: \"{{ tpl .Values.self . }}\"\n",
		"a-tpl/templates/cm.yaml":  "k: {{ tpl .Values.self . }}\n",
		"b-inc/Chart.yaml":         chartYAML("b-inc"),
		"b-inc/templates/cm.yaml":  `{{ define "a" }}{{ include "a" . }}{{ end }}k: {{ include "a" . }}`,
		"c-good/Chart.yaml":        chartYAML("c-good"),
		"c-good/values.yaml":       "name: x\n",
		"c-good/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\ndata:\n  k: {{ .Values.nam | quote }}\n",
	})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"lint", dir}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"a-tpl/templates/cm.yaml:1:7: error template-render rendering a-tpl/templates/cm.yaml calls itself without end: tpl \"{{ tpl .Values.self . }}\" → tpl \"{{ tpl .Values.self . }}\"\n",
		"b-inc/templates/cm.yaml:1:20: error template-render rendering b-inc/templates/cm.yaml calls itself without end: a → a\n",
		"c-good/templates/cm.yaml:6:9: warning values-undefined .Values.nam",
		"3 chart(s) linted: 2 error(s), 1 warning(s)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if len(out) > 4000 {
		t.Errorf("output of %d bytes: a recursion is not one short message", len(out))
	}
}
