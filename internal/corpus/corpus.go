// Package corpus gives tests access to the shared Helm corpus: real public
// charts and what real Helm printed for them, kept in ../shared/corpus beside
// the project (never copied into it). When the corpus is absent, tests skip
// with a loud message, except under CI=true, where they fail.
package corpus

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Dir returns the corpus folder, or skips (fails under CI=true) when absent.
func Dir(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err == nil {
		dir := filepath.Join(root, "..", "shared", "corpus")
		if fi, err := os.Stat(filepath.Join(dir, "MANIFEST-v4.tsv")); err == nil && !fi.IsDir() {
			return dir
		}
	}
	msg := "CORPUS MISSING: ../shared/corpus (beside the project root) is absent; corpus parity tests did not run"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil &&
				strings.HasPrefix(string(data), "module github.com/chartwright/chartwright\n") {
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// Render is one `helm template` run recorded in the corpus.
type Render struct {
	Chart      string // corpus chart folder name
	ValuesFile string // ci/ values file name, or "" for the defaults
}

// Expected returns the folder of expected outputs for a Helm major version.
func Expected(dir string, helm3 bool) string {
	if helm3 {
		return filepath.Join(dir, "expected")
	}
	return filepath.Join(dir, "expected-v4")
}

// Renders lists every recorded render for a Helm major version: each chart
// with its defaults, then each ci/ values file of CI_MANIFEST.
func Renders(t testing.TB, dir string, helm3 bool) []Render {
	t.Helper()
	suffix := "-v4"
	if helm3 {
		suffix = ""
	}
	var renders []Render
	for _, row := range rows(t, filepath.Join(dir, "MANIFEST"+suffix+".tsv")) {
		renders = append(renders, Render{Chart: row[0]})
	}
	for _, row := range rows(t, filepath.Join(dir, "CI_MANIFEST"+suffix+".tsv")) {
		renders = append(renders, Render{Chart: row[0], ValuesFile: row[1]})
	}
	return renders
}

// rows reads a TSV manifest, skipping comments and the header.
func rows(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	s := bufio.NewScanner(f)
	header := true
	for s.Scan() {
		line := s.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		out = append(out, strings.Split(line, "\t"))
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// ExpectedFiles are the paths of a render's recorded stdout, stderr, exit
// code and varying-lines list.
func (r Render) ExpectedFiles(expectedDir string) (stdout, stderr, rc, varying string) {
	base := filepath.Join(expectedDir, r.Chart, "template")
	if r.ValuesFile != "" {
		base = filepath.Join(expectedDir, r.Chart, "ci", r.ValuesFile+".template")
	}
	if r.ValuesFile == "" {
		return base + ".yaml", base + ".stderr.txt", filepath.Join(expectedDir, r.Chart, "template.rc"), base + ".varying-lines.txt"
	}
	return base + ".yaml", base + ".stderr.txt", base + ".rc", base + ".varying-lines.txt"
}

// String names the render for test output.
func (r Render) String() string {
	if r.ValuesFile == "" {
		return r.Chart
	}
	return r.Chart + "/ci/" + r.ValuesFile
}

// ChartPath returns the folder of a corpus chart, which carries its
// vendored dependencies.
func ChartPath(t testing.TB, dir, name string) string {
	t.Helper()
	return filepath.Join(dir, "charts", name)
}
