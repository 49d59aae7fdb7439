package chart

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/internal/testfs"
)

func indexCharts(t *testing.T, corpus string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpus, "INDEX_CHARTS"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(data))
}

type archiveMember struct {
	name string
	size int64
	mod  time.Time
	mode int64
	data []byte
}

func readMembers(t *testing.T, archive []byte) []archiveMember {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var out []archiveMember
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg {
			t.Errorf("%s: typeflag %c, want a regular file", h.Name, h.Typeflag)
		}
		out = append(out, archiveMember{h.Name, h.Size, h.ModTime, h.Mode, data})
	}
}

// memberBlocks splits "size\tpath" lines into the top chart's own files, in
// order, and one ordered block per subchart. Helm writes subcharts in map
// order, so the order of blocks is not compared.
func memberBlocks(lines []string, top string) (own []string, subs map[string][]string) {
	subs = map[string][]string{}
	for _, l := range lines {
		_, p, _ := strings.Cut(l, "\t")
		rest, ok := strings.CutPrefix(p, top+"/charts/")
		if !ok {
			own = append(own, l)
			continue
		}
		sub, _, _ := strings.Cut(rest, "/")
		subs[sub] = append(subs[sub], l)
	}
	return own, subs
}

func TestPackageMatchesHelmCorpus(t *testing.T) {
	corpus := corpus.Dir(t)
	for _, flavour := range []struct {
		helm     HelmVersion
		expected string
	}{{Helm4, "expected-v4"}, {Helm3, "expected"}} {
		for _, name := range indexCharts(t, corpus) {
			t.Run(fmt.Sprintf("helm%d/%s", flavour.helm, name), func(t *testing.T) {
				dest := t.TempDir()
				got, err := PackageDir(filepath.Join(corpus, "charts", name), dest, PackageOptions{Helm: flavour.helm})
				if err != nil {
					t.Fatal(err)
				}
				want := filepath.Join(corpus, flavour.expected, "_index", filepath.Base(got))
				archive, err := os.ReadFile(got)
				if err != nil {
					t.Fatal(err)
				}
				members := readMembers(t, archive)
				var lines []string
				for _, m := range members {
					lines = append(lines, fmt.Sprintf("%d\t%s", m.size, m.name))
				}
				wantLines := readLines(t, want+".contents.tsv")
				top, _, _ := strings.Cut(members[0].name, "/")
				gotOwn, gotSubs := memberBlocks(lines, top)
				wantOwn, wantSubs := memberBlocks(wantLines, top)
				if d := diffLines(wantOwn, gotOwn); d != "" {
					t.Errorf("top chart members differ from helm's (-want +got):\n%s", d)
				}
				for sub, w := range wantSubs {
					if d := diffLines(w, gotSubs[sub]); d != "" {
						t.Errorf("subchart %s members differ (-want +got):\n%s", sub, d)
					}
				}
				for sub := range gotSubs {
					if wantSubs[sub] == nil {
						t.Errorf("unexpected subchart %s", sub)
					}
				}
				wantChart, err := os.ReadFile(want + ".Chart.yaml")
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(members[0].data, wantChart) {
					t.Errorf("Chart.yaml differs:\n--- helm\n%s\n--- chartwright\n%s", wantChart, members[0].data)
				}
				for _, m := range members {
					if m.mode != 0o644 {
						t.Errorf("%s: mode %o, want 644", m.name, m.mode)
					}
				}
			})
		}
	}
}

func readLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// diffLines returns a line diff of want and got, or "" when they are equal.
func diffLines(want, got []string) string {
	if slices.Equal(want, got) {
		return ""
	}
	var b strings.Builder
	for i := 0; i < max(len(want), len(got)); i++ {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n-%s\n+%s\n", i+1, w, g)
		}
	}
	return b.String()
}

// writeChart writes files (name → content) under a new directory.
func writeChart(t *testing.T, files map[string]string) string {
	t.Helper()
	return testfs.Write(t, t.TempDir(), files)
}

var sampleChart = map[string]string{
	"Chart.yaml":                "apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: '9.9' # a comment\n",
	"values.yaml":               "replicas: 1\n",
	"templates/cm.yaml":         "kind: ConfigMap\n",
	"templates/_helpers.tpl":    "{{/* helpers */}}\n",
	"README.md":                 "# demo\n",
	".helmignore":               "*.bak\n",
	"notes.bak":                 "ignored\n",
	"charts/sub/Chart.yaml":     "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
	"charts/sub/values.yaml":    "x: 1\n",
	"charts/sub/templates/a.tp": "a\n",
}

func TestPackageLayoutAndHeader(t *testing.T) {
	dir := writeChart(t, sampleChart)
	for _, tc := range []struct {
		helm  HelmVersion
		extra string
	}{
		{Helm4, "rr\x28\x00aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo="},
		{Helm3, "+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo="},
	} {
		t.Run(fmt.Sprint("helm", int(tc.helm)), func(t *testing.T) {
			got, err := PackageDir(dir, t.TempDir(), PackageOptions{Helm: tc.helm})
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(got)
			if err != nil {
				t.Fatal(err)
			}
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if string(zr.Extra) != tc.extra || zr.Comment != "Helm" || zr.Name != "" || !zr.ModTime.IsZero() || zr.OS != 255 {
				t.Errorf("gzip header = extra %q comment %q name %q mtime %v os %d", zr.Extra, zr.Comment, zr.Name, zr.ModTime, zr.OS)
			}
			var names []string
			for _, m := range readMembers(t, data) {
				names = append(names, m.name)
			}
			want := []string{"demo/Chart.yaml", "demo/values.yaml", "demo/templates/_helpers.tpl", "demo/templates/cm.yaml",
				"demo/.helmignore", "demo/README.md", "demo/charts/sub/Chart.yaml", "demo/charts/sub/values.yaml", "demo/charts/sub/templates/a.tp"}
			if d := diffLines(want, names); d != "" {
				t.Errorf("members (-want +got):\n%s", d)
			}
		})
	}
}

func TestPackageReproducible(t *testing.T) {
	dir := writeChart(t, sampleChart)
	epoch := time.Unix(1700000000, 0)
	var archives [][]byte
	for i, now := range []time.Time{time.Unix(1800000000, 5), time.Unix(1900000000, 7)} {
		// Different source mtimes too: a fresh checkout on another machine.
		if err := os.Chtimes(filepath.Join(dir, "values.yaml"), now, now); err != nil {
			t.Fatal(err)
		}
		dest := filepath.Join(t.TempDir(), fmt.Sprint(i))
		got, err := PackageDir(dir, dest, PackageOptions{Epoch: &epoch, Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(got)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range readMembers(t, data) {
			if !m.mod.Equal(epoch) {
				t.Errorf("%s: mtime %v, want %v", m.name, m.mod, epoch)
			}
		}
		archives = append(archives, data)
	}
	if !bytes.Equal(archives[0], archives[1]) {
		t.Fatal("two reproducible packagings differ")
	}
}

func TestPackageHelm4KeepsSourceTimes(t *testing.T) {
	dir := writeChart(t, sampleChart)
	when := time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(dir, "README.md"), when, when); err != nil {
		t.Fatal(err)
	}
	got, err := PackageDir(dir, t.TempDir(), PackageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(got)
	for _, m := range readMembers(t, data) {
		if m.name == "demo/README.md" && !m.mod.Equal(when) {
			t.Errorf("README.md mtime %v, want %v", m.mod, when)
		}
	}
}

func TestPackageErrorsLeaveNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		opts  PackageOptions
		want  string
	}{
		{"bad version flag", sampleChart, PackageOptions{Version: "not.a.version"}, "invalid semantic version"},
		{"bad version in Chart.yaml", map[string]string{"Chart.yaml": "apiVersion: v2\nname: x\nversion: 1.2.3.4\n"}, PackageOptions{}, `chart.metadata.version "1.2.3.4" is invalid`},
		{"missing dependency", map[string]string{"Chart.yaml": "apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies:\n- name: a\n  repository: file://../a\n- name: b\n  repository: ''\n"}, PackageOptions{}, "found in Chart.yaml, but missing in charts/ directory: a, b"},
		{"bad schema", map[string]string{"Chart.yaml": "apiVersion: v2\nname: x\nversion: 1.0.0\n", "values.schema.json": "{"}, PackageOptions{}, "invalid JSON in values.schema.json"},
		// Helm 4 reads Chart.yaml before it loads the folder; Helm 3 finds it missing.
		{"no Chart.yaml", map[string]string{"values.yaml": "a: 1\n"}, PackageOptions{}, "unable to detect chart at "},
		{"no Chart.yaml, Helm 3", map[string]string{"values.yaml": "a: 1\n"}, PackageOptions{Helm: Helm3}, "Chart.yaml file is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dest := t.TempDir()
			_, err := PackageDir(writeChart(t, tc.files), dest, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			entries, _ := os.ReadDir(dest)
			if len(entries) != 0 {
				t.Errorf("destination not empty after failure: %v", entries)
			}
		})
	}
}
