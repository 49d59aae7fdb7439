package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelmLintGoldens runs `chartwright lint --format helm` on every case
// of testdata/helmlint/cases.txt, as Helm 4 and as Helm 3, and compares
// stdout, stderr and the exit status with what real `helm lint` printed
// (recorded by scripts/helm-lint-goldens.sh; no helm runs here): with the
// helm format alone, chartwright stands in for helm lint in scripts.
func TestHelmLintGoldens(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root) // case paths are relative to the repository root, as for helm
	cases := readGoldenCases(t, filepath.Join("testdata", "helmlint", "cases.txt"))
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range cases {
		for _, mode := range []string{"helm4", "helm3"} {
			t.Run(c.name+"/"+mode, func(t *testing.T) {
				args := append([]string{"lint", "--format", "helm"}, c.args...)
				if mode == "helm3" {
					args = append(args, "--helm", "3")
				}
				var stdout, stderr bytes.Buffer
				code := run(args, &stdout, &stderr)
				golden := filepath.Join("testdata", "helmlint", c.name, mode)
				if want := strings.TrimSpace(readFile(t, golden+".rc")); fmt.Sprint(code) != want {
					t.Errorf("exit status %d, helm %s\nstderr:\n%s", code, want, stderr.String())
				}
				placeholders := strings.NewReplacer(root, "@ROOT@")
				diffText(t, "stdout", placeholders.Replace(stdout.String()), readFile(t, golden+".stdout"))
				diffText(t, "stderr", placeholders.Replace(stderr.String()), readFile(t, golden+".stderr"))
			})
		}
	}
}
