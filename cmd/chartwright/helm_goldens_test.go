package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// knownDifferences are outputs, named case/mode/stream, that still differ
// from Helm's, with the reason. Such a difference is logged, not failed; an
// entry whose output matches Helm again fails, so that the fix removes it.
var knownDifferences = map[string]string{}

// goldenCase is one line of testdata/render/cases.txt: a name and the
// arguments of `helm template`.
type goldenCase struct {
	name string
	args []string
}

// TestHelmGoldens runs `chartwright template` on every case of
// testdata/render/cases.txt, as Helm 4 and as Helm 3, and compares stdout,
// stderr, the exit status and any --output-dir tree with what real Helm
// printed (recorded by scripts/helm-goldens.sh; no helm runs here).
func TestHelmGoldens(t *testing.T) {
	testGoldens(t, "render", "template")
}

// TestHelmLintGoldens does the same for `chartwright lint --format helm`
// and the cases of testdata/helmlint/cases.txt: with the helm format alone,
// lint stands in for helm lint in scripts, exit status and stderr included.
func TestHelmLintGoldens(t *testing.T) {
	testGoldens(t, "helmlint", "lint", "--format", "helm")
}

// testGoldens runs command on the cases of testdata/<dir>/cases.txt and
// compares the results with the goldens beside them.
func testGoldens(t *testing.T, dir string, command ...string) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root) // case paths are relative to the repository root, as for helm
	cases := readGoldenCases(t, filepath.Join("testdata", dir, "cases.txt"))
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range cases {
		for _, mode := range []string{"helm4", "helm3"} {
			t.Run(c.name+"/"+mode, func(t *testing.T) { checkGolden(t, root, dir, c, mode, command) })
		}
	}
}

func readGoldenCases(t *testing.T, path string) []goldenCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		cases = append(cases, goldenCase{name: fields[0], args: fields[1:]})
	}
	return cases
}

// checkGolden runs command with the case's arguments (@OUT@ read as a
// fresh folder) in the Helm mode and compares what it printed with the
// goldens testdata/<dir>/<case>/<mode>.{rc,stdout,stderr}.
func checkGolden(t *testing.T, root, dir string, c goldenCase, mode string, command []string) {
	golden := filepath.Join("testdata", dir, c.name, mode)
	out := filepath.Join(t.TempDir(), "out")
	args := slices.Clone(command)
	for _, a := range c.args {
		args = append(args, strings.ReplaceAll(a, "@OUT@", out))
	}
	if mode == "helm3" {
		args = append(args, "--helm", "3")
	}
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)

	placeholders := strings.NewReplacer(out, "@OUT@", root, "@ROOT@")
	gotOut := placeholders.Replace(stdout.String())
	gotErr, gotSum := abbreviate(placeholders.Replace(stderr.String()))

	if want := strings.TrimSpace(readFile(t, golden+".rc")); fmt.Sprint(code) != want {
		t.Errorf("exit status %d, helm %s\nstderr:\n%s", code, want, stderr.String())
	}
	for _, stream := range []struct{ name, got string }{{"stdout", gotOut}, {"stderr", gotErr}} {
		want := readFile(t, golden+"."+stream.name)
		if stream.name == "stderr" && slices.Contains(c.args, "--debug") {
			want = withoutDebugLog(want)
		}
		key := c.name + "/" + mode + "/" + stream.name
		if reason, known := knownDifferences[key]; known {
			if stream.got == want {
				t.Errorf("%s now matches helm: remove it from knownDifferences", key)
			} else {
				t.Logf("known difference (%s):\n got: %q\nwant: %q", reason, stream.got, want)
			}
			continue
		}
		diffText(t, stream.name, stream.got, want)
	}
	wantSum := ""
	if data, err := os.ReadFile(golden + ".stderr.sha256"); err == nil {
		wantSum = strings.TrimSpace(string(data))
	}
	if gotSum != wantSum {
		t.Errorf("stderr size and hash %q, helm %q", gotSum, wantSum)
	}
	if _, err := os.Stat(golden + ".tree"); err == nil {
		compareTrees(t, out, golden+".tree")
	}
}

// helmDebugLog matches the records Helm logs with --debug about its own
// steps (the chart's path, its version, its dependencies): Helm 4's slog
// records at level DEBUG, Helm 3's timestamped "[debug]" lines (whose
// messages may end in a blank line); helmDebugError Helm 3's last record,
// the error again with Go's stack trace of it. chartwright prints what
// --debug changes in the output (the rendered files of a failed render),
// not these.
var (
	helmDebugLog   = regexp.MustCompile(`(?m)^(level=DEBUG .*|\S+\.go:\d+: \d{4}-\d\d-\d\d .* \[debug\] .*\n?)\n`)
	helmDebugError = regexp.MustCompile(`(?ms)^helm\.go:\d+: \d{4}-\d\d-\d\d [^\n]* \[debug\] .*\z`)
)

// withoutDebugLog is Helm's stderr without its --debug records.
func withoutDebugLog(stderr string) string {
	return helmDebugLog.ReplaceAllString(helmDebugError.ReplaceAllString(stderr, ""), "")
}

// abbreviate shortens text over 8 KiB as scripts/helm-goldens.sh does: its
// first and last 1000 bytes, and "size sha256" of the whole.
func abbreviate(s string) (short, sum string) {
	if len(s) <= 8192 {
		return s, ""
	}
	return s[:1000] + "\n[...]\n" + s[len(s)-1000:], fmt.Sprintf("%d %x", len(s), sha256.Sum256([]byte(s)))
}

// diffText reports the first line where got and want differ, with context.
func diffText(t *testing.T, what, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	context := func(lines []string) string {
		return strings.Join(lines[max(0, i-3):min(len(lines), i+4)], "\n")
	}
	t.Errorf("%s differs from helm's at line %d (%d lines, helm %d)\n got: %q\nwant: %q\n--- got near there:\n%s\n--- helm:\n%s",
		what, i+1, len(g), len(w), at(g, i), at(w, i), context(g), context(w))
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "<end of output>"
}

// compareTrees checks that the directory we wrote holds the same files with
// the same contents as the one helm wrote.
func compareTrees(t *testing.T, got, want string) {
	t.Helper()
	gotFiles, wantFiles := readTree(t, got), readTree(t, want)
	for name, w := range wantFiles {
		g, ok := gotFiles[name]
		if !ok {
			t.Errorf("--output-dir: %s not written", name)
			continue
		}
		diffText(t, name, g, w)
	}
	for name := range gotFiles {
		if _, ok := wantFiles[name]; !ok {
			t.Errorf("--output-dir: %s written, helm did not write it", name)
		}
	}
	if len(wantFiles) == 0 {
		t.Error("helm's tree is empty")
	}
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
