package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/corpus"
)

// TestCorpusTemplateParity renders every chart of the shared corpus with its
// defaults and each ci/ values file, as Helm 4 and as Helm 3, and compares
// with what real Helm printed: the exit status, stdout byte for byte (bar
// the lines recorded as varying between Helm runs) and stderr (warnings, or
// the error message of a failing render).
func TestCorpusTemplateParity(t *testing.T) {
	dir := corpus.Dir(t)
	for _, helm3 := range []bool{false, true} {
		mode := "helm4"
		if helm3 {
			mode = "helm3"
		}
		t.Run(mode, func(t *testing.T) {
			renders := corpus.Renders(t, dir, helm3)
			if len(renders) == 0 {
				t.Fatal("the corpus records no renders")
			}
			passed := 0
			for _, r := range renders {
				ok := t.Run(r.String(), func(t *testing.T) { checkRender(t, dir, r, helm3) })
				if ok {
					passed++
				}
			}
			fmt.Printf("corpus template parity %s: %d/%d renders identical to helm\n", mode, passed, len(renders))
		})
	}
}

func checkRender(t *testing.T, dir string, r corpus.Render, helm3 bool) {
	expectedDir := corpus.Expected(dir, helm3)
	wantOut, wantErr, wantRC, varying := r.ExpectedFiles(expectedDir)
	args := []string{"template", "rel", corpus.ChartPath(t, dir, r.Chart), "--namespace", "default"}
	if r.ValuesFile != "" {
		args = append(args, "-f", filepath.Join(dir, "charts", r.Chart, "ci", r.ValuesFile))
	}
	if helm3 {
		args = append(args, "--helm", "3")
	}
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	rc, _ := strconv.Atoi(strings.TrimSpace(readFile(t, wantRC)))
	if code != rc {
		t.Fatalf("exit status %d, helm %d; stderr:\n%s", code, rc, stderr.String())
	}
	if rc != 0 {
		if got, want := stderr.String(), readFile(t, wantErr); got != want {
			t.Fatalf("error differs from helm's\n got: %q\nwant: %q", got, want)
		}
		return
	}
	// Warnings (a deprecated chart's) are part of a successful render.
	if want, err := os.ReadFile(wantErr); err == nil && stderr.String() != string(want) {
		t.Errorf("stderr differs from helm's\n got: %q\nwant: %q", stderr.String(), want)
	} else if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	compareLines(t, stdout.String(), readFile(t, wantOut), varyingLines(t, varying))
}

// compareLines compares outputs line by line, ignoring the listed 1-based lines.
func compareLines(t *testing.T, got, want string, ignore map[int]bool) {
	t.Helper()
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] && !ignore[i+1] {
			t.Fatalf("line %d differs\n got: %q\nwant: %q", i+1, g[i], w[i])
		}
	}
	if len(g) != len(w) {
		t.Fatalf("%d lines, helm printed %d", len(g), len(w))
	}
}

func varyingLines(t *testing.T, path string) map[int]bool {
	lines := map[int]bool{}
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return lines
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range strings.Fields(string(data)) {
		n, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		lines[n] = true
	}
	return lines
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
