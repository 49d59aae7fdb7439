package chart

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chartwright/chartwright/internal/testfs"

	"github.com/chartwright/chartwright/chart/source"
)

const goodChartYAML = "apiVersion: v2\nname: evil\nversion: 0.1.0\n"

// member is one entry of a generated archive: a name and either content or
// a size of zeros (streamed, never held in memory).
type member struct {
	name  string
	data  string
	zeros int64
}

// writeArchive writes a gzipped tar of the members to a file of dir.
func writeArchive(t *testing.T, dir string, members ...member) string {
	t.Helper()
	path := filepath.Join(dir, "chart.tgz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	for _, m := range members {
		size := int64(len(m.data)) + m.zeros
		if err := tw.WriteHeader(&tar.Header{Name: m.name, Mode: 0o644, Size: size, ModTime: time.Unix(0, 0), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, m.data); err != nil {
			t.Fatal(err)
		}
		if _, err := io.CopyN(tw, zeroReader{}, m.zeros); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// writeDir writes files (name → content) under a new directory.
func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	return testfs.Write(t, t.TempDir(), files)
}

// TestLoadBadInput checks that each malformed chart is an error (no panic)
// with Helm's text, in Helm 3 and Helm 4 loading, and that the error names
// the file and line, or the archive member, in its text or through
// LineError and MemberError.
func TestLoadBadInput(t *testing.T) {
	tests := []struct {
		name  string
		chart func(t *testing.T) string
		helm3 string // the error text loading as Helm 3
		helm4 string // as Helm 4 (DetectChartVersion); "" means as Helm 3
		// member is the archive member a MemberError must name.
		member string
		// file and line a LineError must hold.
		file string
		line int
	}{{
		name: "malformed Chart.yaml",
		chart: func(t *testing.T) string {
			return writeDir(t, map[string]string{"Chart.yaml": "apiVersion: v2\nname: x\nversion: [\n"})
		},
		helm3: "cannot load Chart.yaml: error converting YAML to JSON: yaml: line 3: did not find expected node content",
	}, {
		// Helm 4's detection reads only apiVersion: the rest fails in the load.
		name: "Chart.yaml whose version decodes but not the rest",
		chart: func(t *testing.T) string {
			return writeDir(t, map[string]string{"Chart.yaml": "apiVersion: v2\nname: x\nversion: 0.1.0\nmaintainers: 3\n"})
		},
		helm3: "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number into Go struct field Metadata.maintainers of type []*chart.Maintainer",
		helm4: "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number into Go struct field Metadata.maintainers of type []*v2.Maintainer",
	}, {
		name: "malformed values.yaml",
		chart: func(t *testing.T) string {
			return writeDir(t, map[string]string{"Chart.yaml": goodChartYAML, "values.yaml": "a: 1\n b: 2\n"})
		},
		helm3: "cannot load values.yaml: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context",
		helm4: "cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context",
	}, {
		name: "missing Chart.yaml",
		chart: func(t *testing.T) string {
			return writeDir(t, map[string]string{"values.yaml": "a: 1\n"})
		},
		helm3: "Chart.yaml file is missing",
		helm4: "unable to detect chart at @DIR@/Chart.yaml: open @DIR@/Chart.yaml: no such file or directory",
	}, {
		name: ".helmignore with **",
		chart: func(t *testing.T) string {
			return writeDir(t, map[string]string{"Chart.yaml": goodChartYAML, ".helmignore": "# comment\n*.swp\nsecrets/**\n"})
		},
		helm3: "double-star (**) syntax is not supported",
		file:  ".helmignore", line: 3,
	}, {
		name: "archive member in the parent directory",
		chart: func(t *testing.T) string {
			return writeArchive(t, t.TempDir(), member{name: "evil/Chart.yaml", data: goodChartYAML}, member{name: "evil/../../evil", data: "x"})
		},
		helm3:  "chart illegally references parent directory",
		helm4:  "unable to load chart archive",
		member: "evil/../../evil",
	}, {
		name: "archive member with an absolute path",
		chart: func(t *testing.T) string {
			return writeArchive(t, t.TempDir(), member{name: "evil/Chart.yaml", data: goodChartYAML}, member{name: "evil//etc/passwd", data: "x"})
		},
		helm3:  "chart illegally contains absolute paths",
		helm4:  "unable to load chart archive",
		member: "evil//etc/passwd",
	}, {
		name: "archive inflating past 100 MiB",
		chart: func(t *testing.T) string {
			return writeArchive(t, t.TempDir(), member{name: "evil/Chart.yaml", data: goodChartYAML}, member{name: "evil/big.bin", zeros: MaxChartSize + 1})
		},
		helm3: "decompressed chart is larger than the maximum size 104857600",
		helm4: "unable to load chart archive",
	}, {
		name: "archive without Chart.yaml",
		chart: func(t *testing.T) string {
			return writeArchive(t, t.TempDir(), member{name: "evil/values.yaml", data: "a: 1\n"})
		},
		helm3: "Chart.yaml file is missing",
		helm4: "unable to detect chart version, no Chart.yaml found",
	}, {
		name: "not a gzip file",
		chart: func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "chart.tgz")
			if err := os.WriteFile(p, []byte("plain text\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		},
		helm3: "file '@DIR@/chart.tgz' does not appear to be a gzipped archive; got 'application/octet-stream'",
	}, {
		name: "YAML file given as a chart",
		chart: func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "values.yaml")
			if err := os.WriteFile(p, []byte("a: 1\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		},
		helm3: "file '@DIR@/values.yaml' seems to be a YAML file, but expected a gzipped archive",
	}, {
		name: "unsupported chart API version",
		chart: func(t *testing.T) string {
			return writeDir(t, map[string]string{"Chart.yaml": "apiVersion: v9\nname: x\nversion: 0.1.0\n", "templates/a.yaml": "{{"})
		},
		helm4: "unsupported chart version",
	}}
	for _, tt := range tests {
		for _, helm4 := range []bool{false, true} {
			want := tt.helm3
			if helm4 && tt.helm4 != "" {
				want = tt.helm4
			}
			if want == "" {
				continue // loads in this mode
			}
			mode := map[bool]string{false: "helm3", true: "helm4"}[helm4]
			t.Run(tt.name+"/"+mode, func(t *testing.T) {
				path := tt.chart(t)
				dir := path
				if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
					dir = filepath.Dir(path)
				}
				want = strings.ReplaceAll(want, "@DIR@", dir)
				start := time.Now()
				_, err := Load(path, Options{FirstValuesDocument: !helm4, DetectChartVersion: helm4})
				if elapsed := time.Since(start); elapsed > 20*time.Second {
					t.Errorf("loading took %v", elapsed)
				}
				if err == nil {
					t.Fatalf("loaded; want error %q", want)
				}
				if err.Error() != want {
					t.Errorf("error\n got: %q\nwant: %q", err, want)
				}
				if tt.member != "" {
					var me *MemberError
					if !errors.As(err, &me) || me.Member != tt.member {
						t.Errorf("error %v names no member %q", err, tt.member)
					}
				}
				if tt.file != "" {
					var le *LineError
					if !errors.As(err, &le) || le.File != tt.file || le.Line != tt.line {
						t.Errorf("error %v locates no %s:%d (LineError %+v)", err, tt.file, tt.line, le)
					}
				}
			})
		}
	}
}

// TestLoadFileIdentity loads a chart whose subchart folder is not named
// after the subchart and which vendors a library chart as an archive: each
// file has one *source.File, shared by Raw and Templates or Files, whose
// Path goes through the real folders; each chart records its folder.
func TestLoadFileIdentity(t *testing.T) {
	c, err := Load("../testdata/charts/shop", Options{})
	if err != nil {
		t.Fatal(err)
	}
	dirs := map[string]string{}
	paths := map[string]bool{}
	var walk func(c *Chart)
	walk = func(c *Chart) {
		dirs[c.Name()] = c.Dir
		raw := map[*source.File]bool{}
		for _, f := range c.Raw {
			raw[f] = true
			if paths[f.Path] {
				t.Errorf("two files at %s", f.Path)
			}
			paths[f.Path] = true
			if want := path.Join(c.Dir, f.Name); f.Path != want {
				t.Errorf("%s: Path %q, want %q", f.Name, f.Path, want)
			}
		}
		for _, f := range append(append([]*source.File{}, c.Templates...), c.Files...) {
			if !raw[f] {
				t.Errorf("%s of %s is not the file of Raw", f.Name, c.Name())
			}
		}
		for _, s := range c.Subcharts {
			walk(s)
		}
	}
	walk(c)
	want := map[string]string{"shop": "", "database": "charts/db-folder", "common": "charts/common-1.0.0.tgz"}
	if fmt.Sprint(dirs) != fmt.Sprint(want) {
		t.Errorf("chart folders %v, want %v", dirs, want)
	}
	for _, p := range []string{"templates/deployment.yaml", "charts/db-folder/templates/statefulset.yaml",
		"charts/db-folder/values.yaml", "charts/common-1.0.0.tgz/templates/_labels.tpl"} {
		if !paths[p] {
			t.Errorf("no file at %s; have %v", p, paths)
		}
	}
	for _, s := range c.Subcharts {
		if got, want := s.InArchive(), s.Name() == "common"; got != want {
			t.Errorf("%s: InArchive %v, want %v", s.Name(), got, want)
		}
	}
}

// TestLoadDetectedMetadata loads charts, a folder and an archive, as Helm 4
// (which decodes Chart.yaml first to detect the chart version, a decoding
// the load takes) and as Helm 3: the metadata are the same, defaults and
// sanitizing applied.
func TestLoadDetectedMetadata(t *testing.T) {
	chartYAML := "apiVersion: v1\nname: detected\nversion: 1.0.0\ndescription: \"a\\tb\"\nannotations:\n  k: v\ndependencies:\n- name: sub\n  version: 1.x\n"
	dir := writeDir(t, map[string]string{"Chart.yaml": chartYAML, "values.yaml": "a: 1\n"})
	archive := writeArchive(t, t.TempDir(), member{name: "detected/Chart.yaml", data: chartYAML}, member{name: "detected/values.yaml", data: "a: 1\n"})
	for _, p := range []string{dir, archive} {
		helm4, err := Load(p, Options{DetectChartVersion: true})
		if err != nil {
			t.Fatal(err)
		}
		helm3, err := Load(p, Options{FirstValuesDocument: true})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(helm4.Metadata, helm3.Metadata) || helm4.Metadata.APIVersion != APIVersionV1 || helm4.Metadata.Description != "a b" {
			t.Errorf("%s: metadata %+v as Helm 4, %+v as Helm 3", p, helm4.Metadata, helm3.Metadata)
		}
	}
}

// TestEmptyLockIsNoLock loads a Chart.lock that is empty, a comment or
// null as no lock, as Helm's loader does (it decodes into a pointer that
// null leaves nil, and its archive then has no Chart.lock), and an empty
// mapping as a lock.
func TestEmptyLockIsNoLock(t *testing.T) {
	for lock, want := range map[string]bool{"": false, "\n": false, "# none\n": false, "null\n": false, "{}\n": true} {
		dir := testfs.Write(t, t.TempDir(), map[string]string{
			"Chart.yaml": "apiVersion: v2\nname: locked\nversion: 0.1.0\n",
			"Chart.lock": lock,
		})
		c, err := Load(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Lock != nil; got != want {
			t.Errorf("Chart.lock %q: lock %v, want %v", lock, got, want)
		}
	}
}

// TestLoadSymlinkCycle loads a chart holding a link to its own folder:
// as Helm does, the walk follows it until the system refuses the path
// (too many links), logging each link it followed, and fails naming the
// absolute path it could not open; the log comes with the error.
func TestLoadSymlinkCycle(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Chart.yaml"), []byte("apiVersion: v2\nname: cycle\nversion: 0.1.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".", filepath.Join(dir, "self")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	_, err := Load(dir, Options{})
	var logged *LoggedError
	if !errors.As(err, &logged) {
		t.Fatalf("error %v, want one with the links followed", err)
	}
	var pathErr *fs.PathError
	if !errors.As(err, &pathErr) || pathErr.Op != "open" || !strings.HasPrefix(pathErr.Path, filepath.Join(dir, "self", "self")) {
		t.Fatalf("error %v, want the absolute path it could not open", err)
	}
	if links := strings.Count(pathErr.Path, string(filepath.Separator)+"self"); len(logged.Log) != links {
		t.Errorf("%d links logged, want one per link of %s", len(logged.Log), pathErr.Path)
	}
	if want := "found symbolic link in path. Contents of linked file included and used"; !strings.Contains(logged.Log[0], want) {
		t.Errorf("log %q, want Helm's line", logged.Log[0])
	}
}

// TestFileSizeLimit loads a folder and an archive holding a file one byte
// over MaxFileSize: Helm 3 refuses it, naming it by its base name in a
// folder and by its member name in an archive; Helm 4.3.1 loads it.
func TestFileSizeLimit(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Chart.yaml"), []byte(goodChartYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "big.bin"), make([]byte, MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	archive := writeArchive(t, t.TempDir(), member{name: "evil/Chart.yaml", data: goodChartYAML}, member{name: "evil/big.bin", zeros: MaxFileSize + 1})
	for _, tt := range []struct {
		load func(Options) (*Chart, error)
		want string
	}{
		{func(o Options) (*Chart, error) { return Load(dir, o) }, `chart file "big.bin" is larger than the maximum file size 5242880`},
		{func(o Options) (*Chart, error) { return Load(archive, o) }, `decompressed chart file "evil/big.bin" is larger than the maximum file size 5242880`},
	} {
		if _, err := tt.load(Options{FileSizeLimit: true}); err == nil || err.Error() != tt.want {
			t.Errorf("with the limit: %v, want %q", err, tt.want)
		}
		if _, err := tt.load(Options{}); err != nil {
			t.Errorf("without the limit: %v", err)
		}
	}
}
