package chart

import (
	"github.com/chartwright/chartwright/internal/corpus"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	timeLine   = regexp.MustCompile(`(?m)^(\s*(created|generated): )"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"$`)
	digestLine = regexp.MustCompile(`(?m)^(\s*digest: )[0-9a-f]{64}$`)
)

// byShape replaces times and digests by placeholders, so that two indexes
// made at different times compare equal when everything else is.
func byShape(s string) string {
	s = timeLine.ReplaceAllString(s, `${1}<time>`)
	return digestLine.ReplaceAllString(s, `${1}<digest>`)
}

func TestIndexMatchesHelmCorpus(t *testing.T) {
	corpus := corpus.Dir(t)
	for _, flavour := range []struct {
		helm     HelmVersion
		expected string
	}{{Helm4, "expected-v4"}, {Helm3, "expected"}} {
		t.Run(flavour.expected, func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range indexCharts(t, corpus) {
				if _, err := PackageDir(filepath.Join(corpus, "charts", name), dir, PackageOptions{Helm: flavour.helm}); err != nil {
					t.Fatal(err)
				}
			}
			idx, skipped, err := IndexDirectory(dir, IndexOptions{URL: "https://charts.example.com", Helm: flavour.helm})
			if err != nil || len(skipped) > 0 {
				t.Fatalf("IndexDirectory: %v, skipped %v", err, skipped)
			}
			got, err := idx.EncodeYAML()
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(corpus, flavour.expected, "_index", "index.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Count(byShape(string(want)), "<time>") != 4 || strings.Count(byShape(string(got)), "<digest>") != 3 {
				t.Fatalf("times or digests not of the expected shape:\n%s", got)
			}
			if d := diffLines(strings.Split(byShape(string(want)), "\n"), strings.Split(byShape(string(got)), "\n")); d != "" {
				t.Errorf("index.yaml differs from helm's (-want +got):\n%s", d)
			}
			for _, vs := range idx.Entries {
				data, err := os.ReadFile(filepath.Join(dir, ArchiveName(vs[0].Metadata)))
				if err != nil {
					t.Fatal(err)
				}
				if vs[0].Digest != Digest(data) {
					t.Errorf("%s: digest %s does not match the archive", vs[0].Name, vs[0].Digest)
				}
			}
		})
	}
}

func packageVersions(t *testing.T, dir, name string, versions ...string) {
	t.Helper()
	for _, v := range versions {
		src := writeChart(t, map[string]string{"Chart.yaml": "apiVersion: v2\nname: " + name + "\nversion: " + v + "\n"})
		if _, err := PackageDir(src, dir, PackageOptions{}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestIndexDirectoryDiscoveryAndSorting(t *testing.T) {
	dir := t.TempDir()
	packageVersions(t, dir, "a", "1.2.3", "1.10.0", "1.9.0-rc.1")
	packageVersions(t, filepath.Join(dir, "sub"), "b", "0.1.0")
	packageVersions(t, filepath.Join(dir, "sub", "deeper"), "c", "0.1.0") // two levels down: not indexed
	if err := os.WriteFile(filepath.Join(dir, "junk.tgz"), []byte("not a chart"), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)
	idx, skipped, err := IndexDirectory(dir, IndexOptions{URL: "https://example.com/charts/", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || !strings.HasPrefix(skipped[0], "junk.tgz: ") {
		t.Errorf("skipped = %q, want junk.tgz", skipped)
	}
	var versions []string
	for _, cv := range idx.Entries["a"] {
		versions = append(versions, cv.Version)
	}
	if got := strings.Join(versions, " "); got != "1.10.0 1.9.0-rc.1 1.2.3" {
		t.Errorf("versions of a = %s", got)
	}
	if got := idx.Entries["b"][0].URLs[0]; got != "https://example.com/charts/sub/b-0.1.0.tgz" {
		t.Errorf("url of b = %s", got)
	}
	if _, ok := idx.Entries["c"]; ok {
		t.Error("c, two levels down, was indexed")
	}
	rel, _, err := IndexDirectory(dir, IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rel.Entries["b"][0].URLs[0]; got != "sub/b-0.1.0.tgz" {
		t.Errorf("relative url of b = %s", got)
	}
}

func TestIndexEncodeEmpty(t *testing.T) {
	idx := NewIndex(time.Date(2026, 11, 21, 12, 20, 14, 314943001, time.UTC))
	got, err := idx.EncodeYAML()
	if err != nil {
		t.Fatal(err)
	}
	if want := "apiVersion: v1\nentries: {}\ngenerated: \"2026-11-21T12:20:14.314943001Z\"\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	js, err := idx.EncodeJSON()
	if err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"apiVersion\": \"v1\",\n  \"generated\": \"2026-11-21T12:20:14.314943001Z\",\n  \"entries\": {}\n}"; string(js) != want {
		t.Errorf("json got %q, want %q", js, want)
	}
}

func TestLoadIndex(t *testing.T) {
	for _, tc := range []struct {
		name, data, wantErr string
		wantSkipped         int
		wantEntries         int
	}{
		{"empty", "", "empty index.yaml file", 0, 0},
		{"no api version", "entries: {}\n", "no API version specified", 0, 0},
		{"unknown field", "apiVersion: v1\nfoo: 1\n", `unknown field "foo"`, 0, 0},
		{"json", `{"apiVersion":"v1","entries":{"a":[{"name":"a","version":"1.0.0","urls":["a-1.0.0.tgz"]}]}}`, "", 0, 1},
		{"bad entries dropped", "apiVersion: v1\nentries:\n  a:\n  - null\n  - name: a\n    version: 1.2.3.4\n  - name: a\n    version: 1.0.0\n", "", 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idx, skipped, err := LoadIndex([]byte(tc.data))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(skipped) != tc.wantSkipped || len(idx.Entries["a"]) != tc.wantEntries {
				t.Errorf("skipped %q, entries %d", skipped, len(idx.Entries["a"]))
			}
			if idx.Entries["a"][0].APIVersion != "v1" {
				t.Errorf("apiVersion not defaulted to v1")
			}
		})
	}
}

func TestMergeAndKeepCreated(t *testing.T) {
	old := NewIndex(time.Unix(1, 0))
	t0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	add := func(idx *IndexFile, name, version, digest string, created time.Time) {
		t.Helper()
		if err := idx.Add(&Metadata{APIVersion: "v2", Name: name, Version: version}, name+"-"+version+".tgz", "", digest, created); err != nil {
			t.Fatal(err)
		}
	}
	add(old, "a", "1.0.0", "d1", t0)
	add(old, "a", "0.9.0", "d0", t0)
	add(old, "b", "2.0.0", "d2", t0)
	fresh := NewIndex(time.Unix(2, 0))
	t1 := t0.Add(time.Hour)
	add(fresh, "a", "1.0.0", "d1", t1)      // unchanged archive: keeps t0
	add(fresh, "b", "2.0.0", "changed", t1) // rebuilt archive: new time
	fresh.KeepCreated(old)
	fresh.Merge(old)
	fresh.SortEntries()
	if got := fresh.Entries["a"]; len(got) != 2 || !got[0].Created.Equal(t0) || got[1].Version != "0.9.0" {
		t.Errorf("a = %+v", got)
	}
	if got := fresh.Entries["b"]; len(got) != 1 || got[0].Digest != "changed" || !got[0].Created.Equal(t1) {
		t.Errorf("b = %+v", got)
	}
}

func TestURLJoin(t *testing.T) {
	for _, tc := range [][3]string{
		{"https://example.com/charts/", "sub", "https://example.com/charts/sub"},
		{"https://example.com", "", "https://example.com"},
		{"", "", ""},
		{"", "sub", "sub"},
		{"https://example.com//a/", "b//", "https://example.com/a/b"},
	} {
		if got := URLJoin(tc[0], tc[1]); got != tc[2] {
			t.Errorf("URLJoin(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
}
